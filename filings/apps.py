from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "filings"
    verbose_name = _("备案")

    def ready(self):
        from accounts.audit_display import pairs, register_value_formatter
        from accounts.audit_registry import register_audit_actions

        from .audit_actions import AUDIT_ACTIONS
        from .forms import comment_label

        register_audit_actions(AUDIT_ACTIONS)

        from accounts import policy

        from .permissions import RULES

        policy.register(RULES)

        from standards.registry import register_national_documents

        from .prechecks import national_documents

        register_national_documents(national_documents)
        # A return's per-item comments are keyed by form field ("premises.address"): show the field's label.
        register_value_formatter("filings.filing", "comments",
                                 lambda comments: pairs((comment_label(key), text) for key, text in comments.items())
                                 if isinstance(comments, dict) else str(comments))
