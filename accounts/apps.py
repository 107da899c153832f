from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("用户与权限")

    def ready(self):
        from . import schema, signals  # noqa: F401 (schema registers the token scheme's OpenAPI extension)

        signals.connect_axes_signals()

        from . import authcache

        authcache.connect()

        from .audit_actions import AUDIT_ACTIONS
        from .audit_registry import register_audit_actions

        register_audit_actions(AUDIT_ACTIONS)

        from . import policy
        from .permissions import RULES

        policy.register(RULES)
