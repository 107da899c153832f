"""WSGI entry point (gunicorn tuoyu_portal.wsgi)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuoyu_portal.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402 (configured by the line above)

# Serving without a key is refused at start (management commands that sign nothing may run without one).
if not settings._wrapped.SECRET_KEY:  # the raw value: LazySettings refuses to return an empty key
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(settings.MSG_SECRET_KEY_REQUIRED)
