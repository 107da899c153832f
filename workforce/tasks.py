"""Celery tasks of the workforce."""
from celery import shared_task
from django.utils import timezone


@shared_task(ignore_result=True)
def remind_staff_records() -> int:
    """Beat task (CELERY_BEAT_SCHEDULE, 08:35): certificates and yearly checks falling due (workforce.notify)."""
    from .notify import send_register_reminders

    return send_register_reminders(timezone.localdate())
