"""The user's own notifications: the list, opening one (marks it read) and marking all read."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .models import Notification
from .services import notification_mark_all_read, notification_mark_read

NOTIFICATIONS_PER_PAGE = 20


@login_required
@require_GET
def notification_list(request):
    notifications = Notification.objects.visible_to(request.user).unread_first()
    page_obj = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page_obj, "nav": "notifications"})


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark the notice read (POST: reading changes state) and go to the page it points to."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    notification_mark_read(notification=notification)
    target = notification.url
    # Notices hold portal paths; anything else (another host, a scheme) goes back to the list.
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = notification_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("已将 %(count)d 条通知标为已读。") % {"count": count})
    return redirect("notifications:list")
