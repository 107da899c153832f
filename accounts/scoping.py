"""Who sees what: one definition of the audience of a user, and the opening every `visible_to` shares.

Every scoped list starts with `Model.objects.visible_to(user)` (STYLE.md). Its opening is the same everywhere and
lives here: nobody (anonymous or deactivated) sees nothing; an operator (a superuser is never one) sees what the
queryset's `for_operator` gives; a government user with a region scope sees what `for_staff` gives for that scope
("" nationwide); a user without one sees nothing. A queryset says only what its own rows mean for each audience, so
a new role touches `audience()` here and the `for_*` methods of the apps it concerns.
"""
from django.db import models

from .models import Role

NOBODY = "nobody"
OPERATOR = "operator"
STAFF = "staff"


def is_active_user(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def audience(user) -> str:
    """NOBODY, OPERATOR or STAFF (a government user with a region scope, or a superuser)."""
    if not is_active_user(user):
        return NOBODY
    if user.is_operator:
        return OPERATOR
    return STAFF if user.scope_code is not None else NOBODY


class ScopedQuerySet(models.QuerySet):
    """visible_to(user) by audience; subclasses define for_staff (and for_operator when operators see rows)."""

    # Roles that see the rows when STAFF (None: every government role); superusers always do.
    staff_roles: tuple[str, ...] | None = None

    def visible_to(self, user):
        who = audience(user)
        if who == OPERATOR:
            return self.for_operator(user)
        if who == STAFF and (user.is_superuser or self.staff_roles is None or user.role in self.staff_roles):
            return self.for_staff(user, user.scope_code)
        return self.none()

    def for_operator(self, user):
        return self.none()

    def for_staff(self, user, scope: str):
        raise NotImplementedError


class PersonalQuerySet(models.QuerySet):
    """Rows that belong to one user (notifications, import and export jobs): each user sees their own, superusers
    included."""

    owner_field = "owner"

    def visible_to(self, user):
        if not is_active_user(user):
            return self.none()
        return self.filter(**{self.owner_field: user})


__all__ = ["NOBODY", "OPERATOR", "STAFF", "PersonalQuerySet", "Role", "ScopedQuerySet", "audience",
           "is_active_user"]
