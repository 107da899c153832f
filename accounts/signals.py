"""Audit rows of events announced through signals: authentication (Django, django-axes) and private files served
(core.files); the receivers here are the one place they are recorded (connected in AccountsConfig.ready)."""
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.files import file_served

from . import security, two_factor
from .audit_text import AuditText
from .models import UserSession
from .services import MSG_LOGIN_REFUSED_THROTTLED, auth_event_record, file_download_record
from .sessions import session_opened


def _username(credentials) -> str:
    return str((credentials or {}).get("username") or "")[:150]


@receiver(user_logged_in, dispatch_uid="accounts.audit.login")
def _logged_in(sender, request, user, **kwargs):
    auth_event_record(action="auth.login", user=user, username=user.get_username(), request=request)
    if request is not None and hasattr(request, "session"):
        session_opened(request, user)
        two_factor.remember_devices(request, user)


@receiver(user_logged_out, dispatch_uid="accounts.audit.logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        auth_event_record(action="auth.logout", user=user, username=user.get_username(), request=request)
    if request is not None and getattr(request, "session", None) is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


@receiver(user_login_failed, dispatch_uid="accounts.audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = _username(credentials)
    user = get_user_model().objects.filter(username=username).first() if username else None
    throttled = request is not None and getattr(request, "login_throttled_until", None) is not None
    if not throttled:
        security.record_ip_failure(request)
    auth_event_record(action="auth.login_failed", user=user, username=username, request=request,
                      summary=AuditText(MSG_LOGIN_REFUSED_THROTTLED, username=username) if throttled else "")


def _locked_out(sender, request, username, ip_address, **kwargs):
    user = get_user_model().objects.filter(username=username).first() if username else None
    auth_event_record(action="auth.lockout", user=user, username=str(username or "")[:150], request=request)


def connect_axes_signals():
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="accounts.audit.lockout")



@receiver(file_served, dispatch_uid="accounts.audit.file_served")
def _file_served(sender, *, user, obj, name, region_code, **kwargs):
    """Every private file served (core.files.private_file_response) is one audit row."""
    file_download_record(user=user, obj=obj, region_code=region_code, name=name)
