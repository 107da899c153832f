"""Deployment checks of the portal's own settings, run by `manage.py check --deploy` (docs/security.md)."""
from django.conf import settings
from django.core import checks

W_CACHE_NOT_SHARED = "tuoyu_portal.W001"


@checks.register(checks.Tags.security, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [checks.Warning(
            "The cache is each process's own memory: log-in, API token and complaint limits are not shared by "
            "the web processes.",
            hint="Set CACHE_URL to a Redis URL (a database of its own, e.g. redis://redis:6379/1).",
            id=W_CACHE_NOT_SHARED)]
    return []
