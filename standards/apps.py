from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "standards"
    verbose_name = _("标准")

    def ready(self):
        from accounts.audit_registry import register_audit_actions

        from .audit_actions import AUDIT_ACTIONS

        register_audit_actions(AUDIT_ACTIONS)

        from accounts import policy

        from .permissions import RULES

        policy.register(RULES)

        from .models import Standard
        from .selectors import STANDARDS

        STANDARDS.watch(Standard)
