from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("安全事件")

    def ready(self):
        from accounts import policy
        from accounts.audit_registry import register_audit_actions

        from .permissions import AUDIT_ACTIONS, RULES

        register_audit_actions(AUDIT_ACTIONS)
        policy.register(RULES)
