from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data builder (`seed_demo`): the top of the stack; it uses every app and nothing imports it."""

    name = "demo"
    verbose_name = _("演示数据")
