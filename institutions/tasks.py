"""Celery tasks of institutions."""
from celery import shared_task

from .services import institutions_apply_due_deregistrations


@shared_task(ignore_result=True)
def apply_due_deregistrations() -> int:
    """Beat task (CELERY_BEAT_SCHEDULE, 00:05): approved deregistrations whose date has come take effect."""
    return institutions_apply_due_deregistrations()


@shared_task(ignore_result=True)
def refresh_inclusive_flags() -> int:
    """Beat task (CELERY_BEAT_SCHEDULE, 00:10): recognitions that start or end today change the inclusive flag."""
    from .inclusive import inclusive_flags_refresh

    return inclusive_flags_refresh()
