from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("统计")

    def ready(self):
        # institutions/changes.py announces changed regions without importing stats (the arrows point
        # one way); stats listens and schedules a debounced recompute (docs/statistics.md).
        from institutions.changes import figures_changed

        from .services import rollups_schedule_after_change

        figures_changed.connect(rollups_schedule_after_change, dispatch_uid="stats.rollups_schedule")

        from accounts import policy

        from .permissions import RULES

        policy.register(RULES)
