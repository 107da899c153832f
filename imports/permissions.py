"""Who may import spreadsheets: admins of any level (and superusers) with a region scope; viewers, reviewers,
inspectors and operators may not."""
from accounts.models import Role


def can_import(user, _obj=None) -> bool:
    return user.is_superuser or (user.role == Role.ADMIN and user.scope_code is not None)


# The actions of this app in the shared vocabulary (accounts/policy.py), registered in ImportsConfig.ready.
RULES = {
    "import.run": can_import,
}
