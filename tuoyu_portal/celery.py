"""Celery application: configured from Django settings (CELERY_* keys)."""
import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuoyu_portal.settings")

app = Celery("tuoyu_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _require_secret_key(**kwargs):
    """A worker (production settings) refuses to start without SECRET_KEY, as the web process does."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    if settings.configured and not settings._wrapped.SECRET_KEY:
        raise ImproperlyConfigured(settings.MSG_SECRET_KEY_REQUIRED)
