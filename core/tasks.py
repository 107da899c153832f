"""Periodic work of the ground floor."""
from celery import shared_task

from . import outbox


@shared_task(name="core.tasks.relay_outbox", ignore_result=True)
def relay_outbox() -> int:
    """Run by celery beat every minute: send what the broker refused while it was down."""
    sent, _waiting = outbox.relay()
    return sent
