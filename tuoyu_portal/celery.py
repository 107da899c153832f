"""Celery application: configured from Django settings (CELERY_* keys)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuoyu_portal.settings")

app = Celery("tuoyu_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
