"""python manage.py check_worker: queue the health-check task and wait for a worker to answer."""
from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.tasks import healthcheck


class Command(BaseCommand):
    help = "Queue tuoyu_portal.healthcheck and print the worker's answer (exit 1 when none comes in time)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds to wait for a worker (default 10)")

    def handle(self, *args, timeout: float = 10.0, **options):
        if healthcheck.app.conf.task_always_eager:
            self.stdout.write("No CELERY_BROKER_URL: tasks run eagerly in this process (embedded default).")
        try:
            answer = healthcheck.delay().get(timeout=timeout)
        except CeleryTimeoutError as exc:
            raise CommandError(
                f"No worker answered within {timeout:g} s (broker {settings.CELERY_BROKER_URL}). "
                "Start one with: celery -A tuoyu_portal worker -l info"
            ) from exc
        except Exception as exc:  # the worker answered with an error (database down, not migrated...)
            raise CommandError(f"The worker's health check failed: {exc!r}") from exc
        for key, value in answer.items():
            self.stdout.write(f"{key}: {value}")
        self.stdout.write(self.style.SUCCESS("Worker OK"))
