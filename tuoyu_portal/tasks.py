"""Operational tasks of the project itself: a health check that proves a worker is wired up."""
import socket

from celery import shared_task
from django.db import connection


@shared_task(name="tuoyu_portal.healthcheck")
def healthcheck() -> dict:
    """Answer from the worker: which database it uses and whether it can read it. Writes nothing."""
    from regions.models import Region

    return {
        "worker": socket.gethostname(),
        "database_vendor": connection.vendor,
        "database_name": str(connection.settings_dict["NAME"]),
        "regions": Region.objects.count(),
    }
