"""Celery tasks of complaints: notices on arrival and on each action, and the daily reminder of the
acknowledgement deadline. They take ids (and an ISO date), re-read the rows and are idempotent through
the notices' dedupe keys. Notices are written in the portal's default language."""
import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from . import notify


@shared_task(ignore_result=True)
def complaint_received_notify(complaint_id: int) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return notify.notify_received(complaint_id)


@shared_task(ignore_result=True)
def complaint_status_notify(complaint_id: int, action: str, actor_id: int | None) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return notify.notify_status(complaint_id, action, actor_id)


@shared_task(name="complaints.tasks.remind_unacknowledged", ignore_result=True)
def remind_unacknowledged(day: str | None = None) -> int:
    """Run by celery beat every morning (settings.CELERY_BEAT_SCHEDULE); `day` (ISO date) for re-runs and tests."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        return notify.send_reminders(today)
