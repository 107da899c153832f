"""Who may act on an institution of the register (objects come through Institution.objects.visible_to)."""
from accounts.models import Role


def can_rate(user, _institution=None) -> bool:
    """Admins (city, province, national or county) and superusers rate the institutions of their scope (星级)."""
    return user.is_superuser or user.role == Role.ADMIN


# The actions of this app in the shared vocabulary (accounts/policy.py), registered in InstitutionsConfig.ready.
RULES = {
    "institution.rate": can_rate,
}
