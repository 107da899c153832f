"""Tasks of the ground floor: the outbox relay, and the health check that proves a worker is wired up."""
import socket

from celery import shared_task
from django.db import connection

from . import outbox
from .models import Holiday


@shared_task(name="core.tasks.relay_outbox", ignore_result=True)
def relay_outbox() -> int:
    """Run by celery beat every minute: send what the broker refused while it was down."""
    sent, _waiting = outbox.relay()
    return sent


@shared_task(name="tuoyu_portal.healthcheck")
def healthcheck() -> dict:
    """Answer from the worker: which database it uses and whether it can read it (the rows of the working-day
    calendar, a table every deployment has). Writes nothing. (Its name predates core: kept for the scripts
    that call it.)"""
    return {
        "worker": socket.gethostname(),
        "database_vendor": connection.vendor,
        "database_name": str(connection.settings_dict["NAME"]),
        "holidays": Holiday.objects.count(),
    }
