"""Writes of the accounts app: the audit row every business action records."""
from typing import Any

from django.db import transaction
from rest_framework.authtoken.models import Token

from .models import AuditEvent, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: Any,
    region_code: str = "",
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Record one business action. Call it inside the action's transaction."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        region_code=region_code or "",
        summary=summary[:255],
        before=before,
        after=after,
    )


def user_email_set(*, user: User, email: str) -> User:
    """Change the user's own e-mail address (notifications and the daily progress mail go to it)."""
    email = (email or "").strip()
    with transaction.atomic():
        before = user.email
        user.email = email
        user.save(update_fields=["email"])
        audit_record(actor=user, action="user.email", obj=user, summary="e-mail address changed",
                     before={"email": before}, after={"email": email})
    return user


def api_token_rotate(*, user: User) -> str:
    """Replace the user's API token with a new one and return its key (shown to the user once)."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        audit_record(actor=user, action="token.rotate", obj=user, summary="API token (re)generated")
    return token.key
