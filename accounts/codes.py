"""One-time codes sent by text message (sign-up, password reset): 6 digits, valid CODE_MINUTES (10), at most
CODE_ATTEMPTS (5) tries each; only an HMAC of the code is stored. Sending is limited per number (one a minute,
CODE_PER_HOUR an hour) and per address (the log-in's per-IP limit, core.ratelimit), in the shared cache."""
import datetime
import hmac
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy

from core import ratelimit

from .models import PhoneCode
from .sms import SmsError, send_sms

PHONE = re.compile(r"^1[3-9]\d{9}$")
CODE_MINUTES = 10
CODE_ATTEMPTS = 5
CODE_PER_HOUR = 5
SIGNUP, RESET = "signup", "reset"

MSG_PHONE = gettext_lazy("请输入 11 位手机号码")
MSG_TOO_SOON = gettext_lazy("验证码已发送，请 {seconds} 秒后再试")
MSG_TOO_MANY = gettext_lazy("此号码或网络地址今天获取验证码次数过多，请稍后再试")
MSG_WRONG = gettext_lazy("验证码不正确或已过期，请重新获取")
MSG_NOT_SENT = gettext_lazy("短信暂时发送失败，请稍后再试")
TEXTS = {
    SIGNUP: gettext_lazy("【托育备案平台】注册验证码 {code}，{minutes} 分钟内有效。如非本人操作请忽略。"),
    RESET: gettext_lazy("【托育备案平台】重置密码验证码 {code}，{minutes} 分钟内有效。请勿告诉他人。"),
}


class CodeError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def normal_phone(value: str) -> str:
    phone = re.sub(r"[\s-]", "", value or "").removeprefix("+86")
    if not PHONE.match(phone):
        raise CodeError(MSG_PHONE)
    return phone


def _digest(phone: str, purpose: str, code: str) -> str:
    return salted_hmac(f"accounts.codes.{purpose}", f"{phone}:{code}").hexdigest()


def code_send(*, phone: str, purpose: str, request, deliver=True) -> None:
    """Send a new code (earlier ones of the number and purpose stop working). `deliver` may be a callable of the
    number, asked only after the limits have counted the request (so that asking which numbers have accounts costs
    as much as asking for codes): False counts the request but sends nothing, so that a reset asked for a number
    without an account looks the same to the asker; it may also raise CodeError (sign-up: already registered).
    A reset's failed delivery is logged, not told (it would tell that the number has an account)."""
    phone = normal_phone(phone)
    ip = ratelimit.client_ip(request)
    if ratelimit.used("sms-ip", ip, window_seconds=3600) >= settings.LOGIN_IP_FAILURE_LIMIT \
            or ratelimit.used("sms-phone", phone, window_seconds=3600) >= CODE_PER_HOUR:
        raise CodeError(MSG_TOO_MANY)
    last = PhoneCode.objects.filter(phone=phone, purpose=purpose).order_by("-created_at").first()
    if last is not None and (wait := 60 - (timezone.now() - last.created_at).total_seconds()) > 0:
        raise CodeError(MSG_TOO_SOON.format(seconds=int(wait) + 1))
    ratelimit.hit("sms-ip", ip, limit=settings.LOGIN_IP_FAILURE_LIMIT, window_seconds=3600)
    ratelimit.hit("sms-phone", phone, limit=CODE_PER_HOUR, window_seconds=3600)
    if callable(deliver):
        deliver = deliver(phone)
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        PhoneCode.objects.filter(phone=phone, purpose=purpose, used_at__isnull=True).update(used_at=timezone.now())
        PhoneCode.objects.create(phone=phone, purpose=purpose, digest=_digest(phone, purpose, code),
                                 expires_at=timezone.now() + datetime.timedelta(minutes=CODE_MINUTES))
    if deliver:
        try:
            send_sms(phone, str(TEXTS[purpose].format(code=code, minutes=CODE_MINUTES)))
        except SmsError:
            if purpose == RESET:
                return
            raise CodeError(MSG_NOT_SENT) from None


def code_check(*, phone: str, purpose: str, code: str) -> None:
    """Use the number's latest code; CodeError when wrong, expired, used or tried too often."""
    phone = normal_phone(phone)
    code = "".join((code or "").split())
    with transaction.atomic():
        row = (PhoneCode.objects.select_for_update().filter(phone=phone, purpose=purpose, used_at__isnull=True,
                                                            expires_at__gt=timezone.now())
               .order_by("-created_at").first())
        if row is None or row.attempts >= CODE_ATTEMPTS:
            raise CodeError(MSG_WRONG)
        matches = hmac.compare_digest(row.digest, _digest(phone, purpose, code))
        if matches:
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
        else:  # counted whether or not the caller's transaction goes on
            row.attempts = F("attempts") + 1
            row.save(update_fields=["attempts"])
    if not matches:
        raise CodeError(MSG_WRONG)
