from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("托育服务工作推进")

    def ready(self):
        from accounts import policy
        from accounts.audit_registry import register_audit_actions

        from .permissions import AUDIT_ACTIONS, RULES

        register_audit_actions(AUDIT_ACTIONS)
        policy.register(RULES)
