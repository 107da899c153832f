from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonthlyConfig(AppConfig):
    name = "monthly"
    verbose_name = _("机构月报")

    def ready(self):
        from accounts import policy
        from accounts.audit_registry import register_audit_actions
        from stats.extensions import register_bulletin_extra, register_dashboard_extra

        from .permissions import AUDIT_ACTIONS, RULES
        from .selectors import bulletin_reporting, dashboard_reporting

        register_audit_actions(AUDIT_ACTIONS)
        policy.register(RULES)
        register_dashboard_extra("reporting", dashboard_reporting)
        register_bulletin_extra("reporting", bulletin_reporting)
