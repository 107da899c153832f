"""Session and password rules applied to every request (等保 2.0 level 3, docs/security.md):

- SessionPolicyMiddleware ends a staff session idle for SESSION_IDLE_TIMEOUT_SECONDS (30 minutes) and any session
  older than SESSION_ABSOLUTE_SECONDS (12 hours), and keeps the last activity of the user's session list
  (UserSession, written at most once a minute);
- PasswordPolicyMiddleware sends a user whose password must be changed (set by an admin, or expired) to the
  password page before anything else, and warns a staff member whose password expires soon.

An API call with a token is not a session: tokens have their own rules (accounts/authentication.py).
"""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware

from . import authcache, passwords
from .models import UserSession

STARTED, SEEN, WARNED = "_session_started", "_session_seen", "_password_warned"
MSG_IDLE = gettext_lazy("您已超过 {minutes} 分钟未操作，为保护数据已自动退出登录，请重新登录。")
MSG_LIFETIME = gettext_lazy("登录已超过 {hours} 小时，请重新登录。")
MSG_MUST_CHANGE = gettext_lazy("请先修改密码：管理员设置的初始密码或重置的密码须由本人修改后才能继续使用。")
MSG_EXPIRED = gettext_lazy("您的密码已超过 {days} 天未修改，请修改密码后继续使用。")
MSG_EXPIRES_SOON = gettext_lazy("您的密码将在 {days} 天后到期，请及时修改。")


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _refuse(request, message, *, status: int):
    """An API caller is told in JSON; a page goes to the log-in or password page with the message."""
    if _is_api(request):
        return JsonResponse({"detail": str(message)}, status=status)
    messages.warning(request, message)
    return None


def session_started(request) -> None:
    """At log-in (accounts.signals): the session's start, for its absolute lifetime."""
    now = time.time()
    request.session[STARTED] = now
    request.session[SEEN] = now


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            ended = self._check(request, user)
            if ended is not None:
                return ended
        return self.get_response(request)

    def _check(self, request, user):
        session, now = request.session, time.time()
        started, seen = session.get(STARTED), session.get(SEEN)
        if started is None:  # a session from before these rules: it starts now
            session[STARTED] = session[SEEN] = started = seen = now
        idle = settings.SESSION_IDLE_TIMEOUT_SECONDS
        if idle and not user.is_operator and seen is not None and now - seen > idle:
            return self._end(request, MSG_IDLE.format(minutes=idle // 60))
        if settings.SESSION_ABSOLUTE_SECONDS and now - started > settings.SESSION_ABSOLUTE_SECONDS:
            return self._end(request, MSG_LIFETIME.format(hours=settings.SESSION_ABSOLUTE_SECONDS // 3600))
        if seen is None or now - seen >= settings.SESSION_ACTIVITY_WRITE_SECONDS:
            session[SEEN] = now
            if session.session_key:
                UserSession.objects.filter(session_key=session.session_key).update(last_seen_at=timezone.now())
        return None

    def _end(self, request, message):
        path = request.get_full_path()
        logout(request)
        refused = _refuse(request, message, status=401)
        if refused is not None:
            return refused
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': path})}")


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware (request.user.otp_device, request.user.is_verified()), with the session's
    authenticator read through the shared cache (accounts.authcache) instead of the database on every request."""

    def _device_from_persistent_id(self, persistent_id: str):
        return authcache.device(self._normalize_persistent_id(persistent_id))


# Paths a user who must change the password may still open.
ALLOWED = ("accounts:password_change", "accounts:password_change_done", "accounts:logout", "set_language")
# Paths a user who still owes a second factor may open.
TWO_FACTOR_ALLOWED = ("accounts:two_factor_setup", "accounts:two_factor_verify", "accounts:logout", "set_language")
MSG_SECOND_FACTOR = gettext_lazy("请先完成二次验证。")
MSG_SET_UP_SECOND_FACTOR = gettext_lazy("您的账号须启用二次验证（手机验证器应用）后才能继续使用。")


class _GateMiddleware:
    """Sends a signed-in user who owes something (a second factor, a new password) to the page where it is given,
    before any other page but those of `allowed_names`; `owes(request, user)` says what: (URL name, message)."""

    allowed_names: tuple[str, ...] = ()

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed: tuple[str, ...] | None = None

    def allowed(self) -> tuple[str, ...]:
        if self._allowed is None:
            self._allowed = (*(reverse(name) for name in self.allowed_names), settings.STATIC_URL)
        return self._allowed

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(self.allowed()):
            owes = self.owes(request, user)
            if owes is not None:
                name, message = owes
                refused = _refuse(request, message, status=403)
                if refused is not None:
                    return refused
                return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
            self.passed(request, user)
        return self.get_response(request)

    def owes(self, request, user):
        raise NotImplementedError

    def passed(self, request, user) -> None:
        """A user who owes nothing here (a reminder may be shown)."""


class TwoFactorMiddleware(_GateMiddleware):
    """After django-otp's OTPMiddleware: a user with an authenticator gives its code before any page; a user whose
    role requires one (OTP_REQUIRED_ROLES) sets it up first (accounts/two_factor.py)."""

    allowed_names = TWO_FACTOR_ALLOWED

    def owes(self, request, user):
        from . import two_factor

        if user.is_verified():
            return None
        has_device = request.session.get(two_factor.HAS_DEVICE)
        if has_device is None:  # a session from before the rule
            two_factor.remember_devices(request, user)
            has_device = request.session[two_factor.HAS_DEVICE]
        if has_device:
            return "accounts:two_factor_verify", MSG_SECOND_FACTOR
        if two_factor.required_for(user):
            return "accounts:two_factor_setup", MSG_SET_UP_SECOND_FACTOR
        return None


class PasswordPolicyMiddleware(_GateMiddleware):
    allowed_names = ALLOWED

    def owes(self, request, user):
        if not passwords.must_change(user):
            return None
        message = (MSG_MUST_CHANGE if user.must_change_password
                   else MSG_EXPIRED.format(days=settings.PASSWORD_MAX_AGE_DAYS))
        return "accounts:password_change", message

    def passed(self, request, user) -> None:
        left = passwords.days_left(user)
        if left is not None and request.session.get(WARNED) != timezone.localdate().isoformat() \
                and not _is_api(request) and request.method == "GET":
            messages.info(request, MSG_EXPIRES_SOON.format(days=left))
            request.session[WARNED] = timezone.localdate().isoformat()
