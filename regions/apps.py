from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("行政区划")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .cache import regions_changed
        from .models import Region

        post_save.connect(regions_changed, sender=Region, dispatch_uid="regions-cache-save")
        post_delete.connect(regions_changed, sender=Region, dispatch_uid="regions-cache-delete")
