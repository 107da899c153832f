"""The daily progress e-mail: admins opt in (and out) on the statistics pages; every morning the beat task
(stats.tasks.send_daily_progress, 07:30) mails each of them yesterday's progress of their own scope.

Idempotent: a subscription is claimed for a day by one conditional UPDATE of `last_sent_for` before its mail
is sent, so a second run for the same day sends nothing; a failed send gives the claim back.
"""
import datetime
import logging

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import Role
from accounts.policy import can

from .models import ProgressMailSubscription
from .progress import DailyProgress, daily_progress

logger = logging.getLogger(__name__)

SUBJECT = "托育服务每日进展 Daily progress：{region} {day}"


def progress_mail_allowed(user) -> bool:
    """Admins (and superusers) with a region scope may subscribe."""
    return can(user, "progress_mail.subscribe")


def progress_mail_subscribe(*, user) -> ProgressMailSubscription:
    """Subscribe (a second call changes nothing). A personal preference, not a business action: no audit row."""
    subscription, _created = ProgressMailSubscription.objects.get_or_create(user=user)
    return subscription


def progress_mail_unsubscribe(*, user) -> bool:
    deleted, _per_model = ProgressMailSubscription.objects.filter(user_id=user.pk).delete()
    return bool(deleted)


def recipients():
    """Subscriptions whose user may still receive the mail: active admins or superusers with an address."""
    return (ProgressMailSubscription.objects
            .filter(Q(user__role=Role.ADMIN) | Q(user__is_superuser=True), user__is_active=True)
            .exclude(user__email="").select_related("user").order_by("pk"))


def _dashboard_link(region_code: str) -> str:
    base = (getattr(settings, "PORTAL_BASE_URL", "") or "").rstrip("/")
    return f"{base}{reverse('stats:dashboard')}?{urlencode({'region': region_code})}"


def progress_message(progress: DailyProgress) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of one summary: Chinese first, English after, in both parts."""
    context = {"progress": progress, "link": _dashboard_link(progress.region_code)}
    subject = SUBJECT.format(region=progress.region_name, day=progress.day.isoformat())
    text = render_to_string("stats/email/daily_progress.txt", context)
    html = render_to_string("stats/email/daily_progress.html", context)
    return subject, text, html


def _claim(subscription: ProgressMailSubscription, day: datetime.date) -> bool:
    """Take the day for this subscription: exactly one run moves last_sent_for forward to the day."""
    return bool(ProgressMailSubscription.objects
                .filter(Q(last_sent_for__isnull=True) | Q(last_sent_for__lt=day), pk=subscription.pk)
                .update(last_sent_for=day))


def progress_mail_send_all(*, day: datetime.date) -> int:
    """Mail the day's progress to every subscribed admin, for their own scope; returns the mails sent."""
    summaries: dict[str, DailyProgress] = {}  # one computation per scope: admins of one region share it
    connection = get_connection()
    sent = 0
    for subscription in recipients():
        user = subscription.user
        scope = user.scope_code
        if scope is None or not _claim(subscription, day):
            continue
        try:
            if scope not in summaries:
                summaries[scope] = daily_progress(user, scope, day)
            subject, text, html = progress_message(summaries[scope])
            send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email], html_message=html,
                      connection=connection)
        except Exception:  # the SMTP server, the address, a region gone: log, give the claim back, go on
            logger.exception("daily progress e-mail to user %s failed", user.pk)
            ProgressMailSubscription.objects.filter(pk=subscription.pk, last_sent_for=day).update(
                last_sent_for=subscription.last_sent_for)
            continue
        sent += 1
    return sent
