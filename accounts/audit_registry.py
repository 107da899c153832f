"""The audit actions of every app and their labels: each app registers its own from its AppConfig.ready()
(`register_audit_actions(AUDIT_ACTIONS)`, the dict in the app's audit_actions.py), so accounts, below them,
names none of them. An action no app registered is shown by its code."""
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

_labels: dict[str, Promise | str] = {}


def register_audit_actions(actions: dict[str, Promise | str]) -> None:
    """Add an app's actions; an action another app registered with a different label is a programming error."""
    for action, label in actions.items():
        if action in _labels and _labels[action] is not label:
            raise ImproperlyConfigured(f"audit action {action!r} is registered twice")
        _labels[action] = label


def audit_action_label(action: str) -> str:
    return str(_labels.get(action, action))


def audit_action_choices() -> list[tuple[str, Promise | str]]:
    """(action, label) of every registered action, in the order the apps registered them."""
    return list(_labels.items())
