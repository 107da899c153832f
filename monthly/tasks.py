"""Celery tasks of the monthly reports."""
from celery import shared_task
from django.utils import timezone


@shared_task(ignore_result=True)
def remind_monthly_reports() -> int:
    """Beat task (CELERY_BEAT_SCHEDULE, 08:30): reminders of last month's reports (monthly.notify)."""
    from .notify import send_monthly_reminders

    return send_monthly_reminders(timezone.localdate())
