"""May this user do X to this object: one question for pages, the API and templates.

Each app declares its permission functions in its `permissions.py` (`RULES = {"filing.withdraw": can_withdraw,
...}`) and registers them from its `AppConfig.ready`; the names form the portal's shared vocabulary of actions
(`<thing>.<verb>`). A view asks `can(user, "filing.withdraw", filing)` before acting, the API's permission
classes ask the same function, and a template asks `{% can "filing.withdraw" filing as may_withdraw %}` before
offering the button, so a page never offers what the user may not do. Adding a role touches `scoping.audience`
and the permission functions of the apps it concerns, nothing else.

Objects reach these functions through `visible_to` (404 outside scope); the functions answer what a user in
scope may do (403 otherwise).
"""
from collections.abc import Callable
from typing import Any

from .scoping import is_active_user

Rule = Callable[[Any, Any], bool]

_rules: dict[str, Rule] = {}


def register(rules: dict[str, Rule]) -> None:
    """Register an app's rules (from its AppConfig.ready). A name is registered once: two apps cannot both
    define "filing.approve"."""
    for action, rule in rules.items():
        if _rules.get(action, rule) is not rule:
            raise ValueError(f"The action {action!r} is already registered by another rule")
        _rules[action] = rule


def can(user, action: str, obj: Any = None) -> bool:
    """Whether `user` may do `action` (to `obj`). Anonymous and deactivated users may do nothing; an unknown
    action is a programming error (KeyError), never a silent refusal."""
    rule = _rules[action]
    if not is_active_user(user):
        return False
    return bool(rule(user, obj))


def actions() -> list[str]:
    return sorted(_rules)
