from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("站内通知")

    def ready(self):
        from core import requestcache

        from .context_processors import session_keys

        requestcache.register("notifications", session_keys)
