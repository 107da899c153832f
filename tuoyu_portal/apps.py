from django.apps import AppConfig


class TuoyuPortalConfig(AppConfig):
    name = "tuoyu_portal"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deployment checks)
