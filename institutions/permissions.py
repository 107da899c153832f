"""Who may act on an institution of the register (objects come through Institution.objects.visible_to)."""
from accounts.models import Role


def can_rate(user, _institution=None) -> bool:
    """Admins (city, province, national or county) and superusers rate the institutions of their scope (星级)."""
    return user.is_superuser or user.role == Role.ADMIN


def can_decide_claim(user, claim=None) -> bool:
    """Reviewers and admins whose scope covers the institution (never a superuser: separation of duties)."""
    allowed = not user.is_superuser and user.role in (Role.REVIEWER, Role.ADMIN)
    return allowed and (claim is None or user.in_scope(claim.institution.region_id))


def can_claim(user, _obj=None) -> bool:
    return user.is_operator


# The actions of this app in the shared vocabulary (accounts/policy.py), registered in InstitutionsConfig.ready.
RULES = {
    "institution.rate": can_rate,
    "claim.decide": can_decide_claim,
    "claim.submit": can_claim,
}
