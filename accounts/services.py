"""Writes of the accounts app: the audit row every business action records."""
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from knox.models import AuthToken

from core.errors import ActionError
from core.ratelimit import client_ip

from .audit_text import AuditText, freeze
from .models import AuditEvent, Role, User

MSG_TOKENS_PASSWORD_CHANGED = gettext_lazy("修改密码后全部吊销")
MSG_TOKENS_REVOKED_BY_OWNER = gettext_lazy("本人吊销")
MSG_LOGIN_REFUSED_THROTTLED = gettext_lazy("{username}：该网络地址登录失败次数超限，已拒绝")


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: Any,
    region_code: str = "",
    summary: AuditText | str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Record one business action. Call it inside the action's transaction. A summary given as an AuditText is
    shown in the reader's language (accounts/audit_text.py); plain text is shown as written."""
    summary, summary_params = freeze(summary)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        region_code=region_code or "",
        summary=summary,
        summary_params=summary_params,
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
        audit_record(actor=user, action="user.email", obj=user,
                     summary=AuditText(gettext_lazy("修改了邮箱地址")),
                     before={"email": before}, after={"email": email})
    return user


def auth_event_record(*, action: str, user: User | None, username: str, request,
                      summary: AuditText | str = "") -> AuditEvent:
    """Record a log-in, log-out, failed log-in, lockout, unlock or password change. The attempted username is
    kept even when no such account exists; the client address goes into `after`."""
    after = {"username": username[:150]}
    summary, summary_params = freeze(summary or username)
    if request is not None:
        after["ip"] = client_ip(request)
    return AuditEvent.objects.create(
        actor=user if user is not None and user.pk else None,
        action=action,
        object_type="accounts.user",
        object_id=str(user.pk) if user is not None and user.pk else "",
        region_code=(user.region_id or "") if user is not None else "",
        summary=summary,
        summary_params=summary_params,
        after=after,
    )


def api_token_rotate(*, user: User) -> tuple[str, datetime | None]:
    """Replace the user's API tokens with a new one; return its key (shown once: only a hash is stored) and
    when it expires (API_TOKEN_TTL_DAYS)."""
    with transaction.atomic():
        AuthToken.objects.filter(user=user).delete()
        token, key = AuthToken.objects.create(user=user)
        audit_record(actor=user, action="token.rotate", obj=user, region_code=user.region_id or "",
                     summary=AuditText(gettext_lazy("有效期至 {expiry}"),
                                       expiry=token.expiry.date() if token.expiry else None),
                     after={"expiry": token.expiry.isoformat()})
    return key, token.expiry


def api_tokens_revoke(*, user: User, reason: Promise | str, by: User | None = None) -> int:
    """Delete every API token of the user (after a password change, or on the user's request)."""
    with transaction.atomic():
        count, _by_model = AuthToken.objects.filter(user=user).delete()
        if count:
            audit_record(actor=by or user, action="token.revoke", obj=user, region_code=user.region_id or "",
                         summary=AuditText(gettext_lazy("吊销 {count} 个接口令牌：{reason}"), count=count,
                                           reason=reason), after={"count": count})
    return count


def account_unlock(*, username: str, by: User) -> None:
    """Lift a log-in lockout (django-axes' failure records of the username) and audit who did it."""
    from axes.utils import reset

    with transaction.atomic():
        reset(username=username)
        target = User.objects.filter(username=username).first()
        summary, summary_params = freeze(AuditText(gettext_lazy("解除 {username} 的登录锁定"), username=username))
        AuditEvent.objects.create(
            actor=by, action="auth.unlock", object_type="accounts.user",
            object_id=str(target.pk) if target else "",
            region_code=(target.region_id or "") if target else "",
            summary=summary, summary_params=summary_params, after={"username": username})



def file_download_record(*, user: User, obj: Any, region_code: str, name: str) -> AuditEvent:
    """Audit one download of a private file (filing documents, visit photos, evidence, export files)."""
    return audit_record(actor=user, action="file.download", obj=obj, region_code=region_code or "",
                        summary=AuditText(gettext_lazy("下载 {name}"), name=name), after={"file": name[:255]})


ROLE_SCOPE_FIELDS = ("role", "region_id", "is_active", "is_staff", "is_superuser")


def user_role_scope_record(*, user: User, by: User, before: dict | None) -> AuditEvent | None:
    """Audit a change of a user's role, scope or standing (or a new user's), with before and after."""
    after = {field: getattr(user, field) for field in ROLE_SCOPE_FIELDS}
    if before is not None and before == after:
        return None
    changed = [User._meta.get_field(field.removesuffix("_id")).verbose_name for field in ROLE_SCOPE_FIELDS
               if before is None or before.get(field) != after[field]]
    return audit_record(actor=by, action="user.role_scope", obj=user, region_code=user.region_id or "",
                        summary=AuditText(gettext_lazy("{username}：{fields}"), username=user.username,
                                          fields=changed),
                        before=before, after=after)


MSG_PHONE_TAKEN = gettext_lazy("该手机号已注册，请直接登录；忘记密码可通过手机验证码重置")


class AccountError(ActionError):
    pass


def phone_registered(phone: str) -> bool:
    return User.objects.filter(Q(username=phone) | Q(phone=phone, role=Role.OPERATOR)).exists()


def sign_up_allowed(phone: str) -> bool:
    """`deliver` of a sign-up code (accounts.codes.code_send): a number with an account is told so."""
    from .codes import CodeError

    if phone_registered(phone):
        raise CodeError(MSG_PHONE_TAKEN)
    return True


def operator_sign_up(*, phone: str, display_name: str, password: str) -> User:
    """A nursery's operator opens an account with a verified phone number (the caller checked the code): the
    number is the user name; the operator can start a new filing at once."""
    with transaction.atomic():
        if phone_registered(phone):
            raise AccountError(MSG_PHONE_TAKEN)
        user = User(username=phone, phone=phone, display_name=display_name.strip(), role=Role.OPERATOR)
        user.set_password(password)
        user.save()
        audit_record(actor=user, action="user.signup", obj=user,
                     summary=AuditText(gettext_lazy("举办者注册：{name}"), name=user.display_name),
                     after={"username": user.username, "role": user.role})
    return user


def reset_account(phone: str) -> User | None:
    """The account a phone number resets: the one named by it, else the only active account with that number."""
    named = User.objects.filter(username=phone, is_active=True).first()
    if named is not None:
        return named
    matches = list(User.objects.filter(phone=phone, is_active=True)[:2])
    return matches[0] if len(matches) == 1 else None


def password_reset_by_code(*, user: User, password: str, request) -> None:
    """The user chose a new password after proving the phone: every session of the account ends (whoever else
    held it is signed out) and the change is audited; the user signs in again."""
    from .sessions import session_end

    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = False
        user.save()
        for row in user.sessions.all():
            session_end(row)
        auth_event_record(action="auth.password_reset", user=user, username=user.get_username(), request=request)
