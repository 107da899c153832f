"""Who may subscribe to the daily progress e-mail: admins (and superusers) with a region scope."""
from accounts.models import Role


def can_subscribe_progress(user, _obj=None) -> bool:
    return (user.is_superuser or user.role == Role.ADMIN) and user.scope_code is not None


# The actions of this app in the shared vocabulary (accounts/policy.py), registered in StatsConfig.ready.
RULES = {
    "progress_mail.subscribe": can_subscribe_progress,
}
