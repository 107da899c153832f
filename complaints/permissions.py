"""Who may do what with a complaint: the one place pages and the API ask. Objects come through
Complaint.objects.visible_to (404 outside scope); these answer what a user in scope may do (else 403)."""
from accounts.models import Role

ACTOR_ROLES = (Role.INSPECTOR, Role.ADMIN)


def can_act(user) -> bool:
    """Inspectors and admins (and superusers) acknowledge, investigate, close and add notes; reviewers and
    viewers in scope only read."""
    return user.is_superuser or user.role in ACTOR_ROLES


def can_see_contact(user) -> bool:
    """The complainant's name and phone are for those who handle the complaint, not for every reader."""
    return can_act(user)


def can_list(user) -> bool:
    return not user.is_operator and user.scope_code is not None


# The actions of this app in the shared vocabulary (accounts/policy.py), registered in ComplaintsConfig.ready.
RULES = {
    "complaint.list": lambda user, _obj=None: can_list(user),
    "complaint.act": lambda user, _obj=None: can_act(user),
    "complaint.contact.see": lambda user, _obj=None: can_see_contact(user),
}
