from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("行政区划")

    def ready(self):
        from core import fragments

        from .cache import REGIONS
        from .models import Region

        REGIONS.watch(Region)
        fragments.register_version("regions", REGIONS.version)  # region pickers in cached filter forms
