"""Celery tasks of filings: notices on submission and decision, and the morning reminders. They take ids
(and an ISO date), re-read the rows and are idempotent through the notices' dedupe keys. The notices are
written in the portal's default language whatever the language of the request that queued them."""
import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from . import notify


@shared_task(ignore_result=True)
def filing_submitted_notify(filing_id: int) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return notify.notify_submitted(filing_id)


@shared_task(ignore_result=True)
def filing_decided_notify(filing_id: int, event_id: int) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return notify.notify_decided(filing_id, event_id)


@shared_task(name="filings.tasks.send_daily_reminders", ignore_result=True)
def send_daily_reminders(day: str | None = None) -> dict[str, int]:
    """Run by celery beat at 08:00 (settings.CELERY_BEAT_SCHEDULE); `day` (ISO date) for re-runs and tests."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        return notify.send_reminders(today)
