from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: what several apps need (the task outbox...). It imports no other app of the portal."""

    name = "core"
    verbose_name = _("公共基础")

    def ready(self):
        from .models import Holiday
        from .workdays import HOLIDAYS

        HOLIDAYS.watch(Holiday)


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's site (core/admin_site.py) as ``admin.site``."""

    default = False  # "core" in INSTALLED_APPS means CoreConfig
    default_site = "core.admin_site.PortalAdminSite"
