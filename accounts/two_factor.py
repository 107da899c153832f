"""Two-factor log-in (等保 2.0 level 3, docs/security.md "Two-factor log-in"): a TOTP authenticator app with
recovery codes, through django-otp (TOTPDevice, StaticDevice). Required for the roles of OTP_REQUIRED_ROLES
(admins and reviewers by default; a superuser counts as an admin), optional for the others; an admin of the user's
region can reset it (audited)."""
import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role, User

RECOVERY_CODES = 10
HAS_DEVICE = "_otp_has_device"  # session key: whether the user had a confirmed device at log-in


def required_for(user) -> bool:
    roles = set(settings.OTP_REQUIRED_ROLES)
    return user.role in roles or (user.is_superuser and Role.ADMIN in roles)


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def remember_devices(request, user) -> None:
    """At log-in: whether the user must give a second factor (read once per session, not on every request)."""
    request.session[HAS_DEVICE] = has_device(user)


def pending_device(user) -> TOTPDevice:
    """The authenticator being set up: one unconfirmed TOTP device per user (a new key each time it is made)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (segno: no network, no image file)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#212529")


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app instead of scanning."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def recovery_codes_new(user: User) -> list[str]:
    """Replace the user's recovery codes (each works once); shown to the user once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def setup_confirm(request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with a code it shows: the device is kept, the session verified, and new recovery
    codes returned; None when the code is wrong."""
    from .services import auth_event_record

    token = "".join((token or "").split())
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(token):
            return None
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    codes = recovery_codes_new(device.user)
    otp_login(request, device)
    request.session[HAS_DEVICE] = True
    auth_event_record(action="auth.2fa_enable", user=device.user, username=device.user.get_username(),
                      request=request)
    return codes


def verify(request, token: str) -> bool:
    """Check a code of the user's authenticator or one of the recovery codes (which is used up); audited."""
    from .services import auth_event_record

    user = request.user
    device = match_token(user, "".join((token or "").split()))
    if device is None:
        auth_event_record(action="auth.2fa_failed", user=user, username=user.get_username(), request=request)
        return False
    otp_login(request, device)
    if isinstance(device, StaticDevice):
        auth_event_record(action="auth.2fa_recovery_used", user=user, username=user.get_username(), request=request)
    return True


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def reset(*, user: User, by: User, request=None) -> int:
    """An admin removes a user's second factor (a lost phone): the user sets a new one at the next log-in."""
    from .services import audit_record

    removed = 0
    with transaction.atomic():
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
            removed += 1
        audit_record(actor=by, action="auth.2fa_reset", obj=user, region_code=user.region_id or "",
                     summary=user.get_username(), before={"devices": removed}, after={"devices": 0})
    return removed
