"""The unread count of the navbar badge: read only if a template shows it, at most once per request, and kept
in the shared cache between requests (one query less on every page of a signed-in user; list pages at national
scale, issue 12 point 14). notifications.services forgets a user's count when it changes."""
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from core import requestcache

from .models import Notification

# Longest a count can be stale: a change made outside notifications.services (a row deleted in the admin), or a
# count read while another request's change was committing.
UNREAD_CACHE_SECONDS = 30


def unread_cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def _unread_count(request) -> int:
    if not hasattr(request, "_unread_notifications_count"):
        key = unread_cache_key(request.user.pk)
        count = requestcache.get(key)  # prefetched with the session's user (core/requestcache.py)
        if count is None:
            count = Notification.objects.visible_to(request.user).unread().count()
            cache.set(key, count, UNREAD_CACHE_SECONDS)
        request._unread_notifications_count = count
    return request._unread_notifications_count


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications_count": 0}
    return {"unread_notifications_count": SimpleLazyObject(lambda: _unread_count(request))}


def session_keys(session) -> list[str]:
    """The badge's key for a request of this session (core.requestcache prefetches it)."""
    from accounts.authcache import session_user_id

    user_id = session_user_id(session)
    return [] if user_id is None else [unread_cache_key(user_id)]
