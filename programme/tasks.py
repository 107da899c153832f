"""Celery tasks of the programme."""
from celery import shared_task


@shared_task(ignore_result=True)
def refresh_pilot_levels() -> int:
    """Beat task (CELERY_BEAT_SCHEDULE, 00:15): pilot designations that reach the end of their validity change the
    institution's pilot level (what the figures count)."""
    from .designations import pilot_levels_refresh

    return pilot_levels_refresh()


@shared_task(ignore_result=True)
def notify_clawbacks_due() -> int:
    """Beat task (CELERY_BEAT_SCHEDULE, 08:25): tell the programme admins of each subsidy claw-back that became due
    (once per application and latest payment)."""
    from .notify import notify_clawbacks_due as send

    return send()
