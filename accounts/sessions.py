"""The signed-in sessions of a user (UserSession rows beside Django's session store): opened at log-in, listed on
/accounts/sessions/, ended by their user (or by the idle and lifetime rules of accounts.middleware)."""
import datetime

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django.utils.module_loading import import_string

from .middleware import session_started
from .models import UserSession


def _store(session_key: str) -> SessionBase:
    engine = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    return engine(session_key=session_key)


def session_opened(request, user) -> UserSession:
    session_started(request)
    if not request.session.session_key:
        request.session.save()
    row, _created = UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"user": user, "last_seen_at": timezone.now(), "ip": request.META.get("REMOTE_ADDR") or None,
                  "user_agent": request.META.get("HTTP_USER_AGENT", "")[:255]})
    return row


def active_sessions(user):
    """The user's sessions that may still be alive (the older rows are removed: their sessions have expired)."""
    lifetime = settings.SESSION_ABSOLUTE_SECONDS or settings.SESSION_COOKIE_AGE
    oldest = timezone.now() - datetime.timedelta(seconds=lifetime)
    UserSession.objects.filter(user=user, created_at__lt=oldest).delete()
    return UserSession.objects.filter(user=user).order_by("-last_seen_at", "-id")


def session_end(row: UserSession) -> None:
    """End a session everywhere: its data leave the session store, so its browser is signed out at once."""
    _store(row.session_key).delete()
    row.delete()
