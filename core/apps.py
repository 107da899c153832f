from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: what several apps need (the task outbox...). It imports no other app of the portal."""

    name = "core"
    verbose_name = _("公共基础")
