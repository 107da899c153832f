"""Celery tasks of the programme."""
from celery import shared_task


@shared_task(ignore_result=True)
def refresh_pilot_levels() -> int:
    """Beat task (CELERY_BEAT_SCHEDULE, 00:15): pilot designations that reach the end of their validity change the
    institution's pilot level (what the figures count)."""
    from .designations import pilot_levels_refresh

    return pilot_levels_refresh()
