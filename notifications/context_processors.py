"""The unread count of the navbar badge, counted at most once per request and only if a template shows it."""
from django.utils.functional import SimpleLazyObject

from .models import Notification


def _unread_count(request) -> int:
    if not hasattr(request, "_unread_notifications_count"):
        request._unread_notifications_count = Notification.objects.visible_to(request.user).unread().count()
    return request._unread_notifications_count


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications_count": 0}
    return {"unread_notifications_count": SimpleLazyObject(lambda: _unread_count(request))}
