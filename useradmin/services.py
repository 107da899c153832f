"""Writes of user administration: open a staff account, change it, tell its holder how to set the password, and
open many from a spreadsheet. Each is audited with before and after; an admin acts only within its region (a
target outside it is 404 to the caller) and never on its own role, region or standing."""
import dataclasses

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.codes import CodeError, normal_phone
from accounts.models import Role, User
from accounts.services import audit_record
from accounts.sms import SmsError, send_sms
from core.errors import ActionError
from regions.models import Region

from .permissions import STAFF_ROLES, manages

FIELDS = ("username", "display_name", "phone", "email", "role", "region_id", "is_active")
MSG_OUT_OF_SCOPE = gettext_lazy("区划 {code} 不在您的管辖范围内：只能设为您所在区划或其下级区划")
MSG_NO_REGION = gettext_lazy("区划代码 {code} 不存在")
MSG_REGION_REQUIRED = gettext_lazy("审核员和监督员须有工作区划；只有全国的管理员和查看员可不填")
MSG_ROLE = gettext_lazy("角色只能是审核员、监督员、查看员或管理员")
MSG_OWN = gettext_lazy("不能修改自己的角色、区划或账号状态，请由其他管理员办理")
MSG_USERNAME_TAKEN = gettext_lazy("用户名 {username} 已被使用")
MSG_PHONE_USED = gettext_lazy("手机号 {phone} 已被其他有效账号使用")
MSG_USERNAME = gettext_lazy("用户名须为 3–150 位字母、数字或 @ . + - _")
INVITE = gettext_lazy("【托育备案平台】{name}，您的{role}账号 {username} 已开通。请在 {url} 用本手机号获取验证码并设置密码。")


class UserAdminError(ActionError):
    pass


@dataclasses.dataclass
class Values:
    username: str
    display_name: str
    phone: str
    email: str = ""
    role: str = Role.VIEWER
    region_code: str = ""
    is_active: bool = True


def _region(admin: User, code: str, role: str) -> Region | None:
    code = (code or "").strip()
    scope = admin.admin_scope
    if not code:
        if role in (Role.REVIEWER, Role.INSPECTOR) or scope != "":
            raise UserAdminError(MSG_REGION_REQUIRED if role in (Role.REVIEWER, Role.INSPECTOR)
                                 else MSG_OUT_OF_SCOPE.format(code="全国"))
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise UserAdminError(MSG_NO_REGION.format(code=code))
    if not region.code.startswith(scope or ""):
        raise UserAdminError(MSG_OUT_OF_SCOPE.format(code=code))
    return region


def _check(admin: User, values: Values, *, user: User | None = None) -> tuple[Region | None, str]:
    if values.role not in STAFF_ROLES:
        raise UserAdminError(MSG_ROLE)
    region = _region(admin, values.region_code, values.role)
    try:
        phone = normal_phone(values.phone)
    except CodeError as error:
        raise UserAdminError(error.message) from None
    others = User.objects.filter(phone=phone, is_active=True)
    if user is not None:
        others = others.exclude(pk=user.pk)
    if others.exists():
        raise UserAdminError(MSG_PHONE_USED.format(phone=phone))
    return region, phone


def _clean(user: User) -> None:
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise UserAdminError("；".join(error.messages)) from None


def _snapshot(user: User) -> dict:
    return {field: getattr(user, field) for field in FIELDS}


def user_create(*, by: User, values: Values, invite: bool = True) -> User:
    """Open a staff account in the admin's region. It has no password until its holder sets one with a code sent
    to the phone (the reset page): no password ever travels; `invite` texts the holder how."""
    username = (values.username or "").strip()
    if not (3 <= len(username) <= 150) or not all(c.isalnum() or c in "@.+-_" for c in username):
        raise UserAdminError(MSG_USERNAME)
    with transaction.atomic():
        region, phone = _check(by, values)
        if User.objects.filter(username__iexact=username).exists():
            raise UserAdminError(MSG_USERNAME_TAKEN.format(username=username))
        user = User(username=username, display_name=values.display_name.strip(), phone=phone,
                    email=(values.email or "").strip(), role=values.role, region=region, is_active=values.is_active)
        user.set_unusable_password()
        _clean(user)
        user.save()
        audit_record(actor=by, action="user.create", obj=user, region_code=user.region_id or "",
                     summary=AuditText(gettext_lazy("开设账号 {username}（{role}）"), username=username,
                                       role=user.get_role_display()),
                     before=None, after=_snapshot(user))
    if invite:
        user_invite(by=by, user=user)
    return user


def user_update(*, by: User, user: User, values: Values) -> User:
    """Change a staff account of the admin's region: name, phone, e-mail, role, region (within the admin's), and
    whether it is active. Not one's own role, region or standing."""
    if not manages(by, user):
        raise UserAdminError(MSG_OUT_OF_SCOPE.format(code=user.region_id or "全国"))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = _snapshot(user)
        region, phone = _check(by, values, user=user)
        if user.pk == by.pk and (values.role != user.role or (region.code if region else None) != user.region_id
                                 or values.is_active != user.is_active):
            raise UserAdminError(MSG_OWN)
        user.display_name, user.phone, user.email = values.display_name.strip(), phone, (values.email or "").strip()
        user.role, user.region, user.is_active = values.role, region, values.is_active
        _clean(user)
        user.save()
        after = _snapshot(user)
        if after != before:
            changed = [key for key in FIELDS if before[key] != after[key]]
            audit_record(actor=by, action="user.update", obj=user, region_code=user.region_id or "",
                         summary=AuditText(gettext_lazy("修改账号 {username}：{fields}"), username=user.username,
                                           fields=[str(User._meta.get_field(key.removesuffix("_id")).verbose_name)
                                                   for key in changed]),
                         before={key: before[key] for key in changed}, after={key: after[key] for key in changed})
        if not user.is_active:
            for row in user.sessions.all():
                from accounts.sessions import session_end

                session_end(row)
    return user


def user_invite(*, by: User, user: User) -> bool:
    """Text the holder how to (re)set the password with a code to the same phone (also "send a reset")."""
    if not manages(by, user) or not user.phone:
        return False
    url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("accounts:password_reset")
    try:
        send_sms(user.phone, str(INVITE.format(name=user.display_name or user.username, role=user.get_role_display(),
                                               username=user.username, url=url)))
    except SmsError:
        return False
    audit_record(actor=by, action="user.invite", obj=user, region_code=user.region_id or "",
                 summary=AuditText(gettext_lazy("通知 {username} 设置密码"), username=user.username))
    return True


# --- many accounts from a spreadsheet -----------------------------------------------------------------

COLUMNS = [("username", gettext_lazy("用户名")), ("display_name", gettext_lazy("姓名")),
           ("phone", gettext_lazy("手机号码")), ("email", gettext_lazy("电子邮箱")),
           ("role", gettext_lazy("角色")), ("region_code", gettext_lazy("区划代码"))]
MSG_MISSING_COLUMNS = gettext_lazy("缺少列：{columns}。请使用下载的模板。")
MSG_ROLE_CELL = gettext_lazy("角色“{value}”无效：填写 审核员、监督员、查看员 或 管理员")
MSG_DUPLICATE = gettext_lazy("与第 {row} 行重复（{what}）")
MAX_IMPORT_ROWS = 1000
MSG_TOO_MANY = gettext_lazy("一次最多导入 {limit} 个账号")


@dataclasses.dataclass
class ImportResult:
    created: list = dataclasses.field(default_factory=list)
    errors: list = dataclasses.field(default_factory=list)  # (row number, message)


def _role_of(value) -> str | None:
    text = str(value or "").strip()
    labels = {str(label): role for role, label in Role.choices if role in STAFF_ROLES}
    if text in STAFF_ROLES:
        return text
    return labels.get(text)


def users_import(*, by: User, table) -> ImportResult:
    """Every row checked first; any error and nothing is created (the errors name their rows); otherwise every
    account is opened in one transaction and each holder is texted how to set the password."""
    result = ImportResult()
    headers = [str(header).strip() for header in table.headers]
    index = {}
    for key, label in COLUMNS:
        for position, header in enumerate(headers):
            if header in (str(label), key):
                index[key] = position
    missing = [str(label) for key, label in COLUMNS if key not in index and key != "email"]
    if missing:
        result.errors.append((table.header_row, str(MSG_MISSING_COLUMNS.format(columns="、".join(missing)))))
        return result
    if len(table.rows) > MAX_IMPORT_ROWS:
        result.errors.append((table.header_row, str(MSG_TOO_MANY.format(limit=MAX_IMPORT_ROWS))))
        return result
    rows, seen = [], {}
    for number, cells in table.rows:
        cell = {key: ("" if position >= len(cells) or cells[position] is None else str(cells[position]).strip())
                for key, position in index.items()}
        role = _role_of(cell.get("role"))
        if role is None:
            result.errors.append((number, str(MSG_ROLE_CELL.format(value=cell.get("role", "")))))
            continue
        values = Values(username=cell["username"], display_name=cell["display_name"], phone=cell["phone"],
                        email=cell.get("email", ""), role=role, region_code=cell["region_code"].split(".")[0])
        for what, key in (("用户名", values.username.lower()), ("手机号码", values.phone)):
            if (what, key) in seen:
                result.errors.append((number, str(MSG_DUPLICATE.format(row=seen[(what, key)], what=what))))
            seen[(what, key)] = number
        rows.append((number, values))
    created = []
    try:
        with transaction.atomic():
            for number, values in rows:
                try:
                    with transaction.atomic():
                        created.append(user_create(by=by, values=values, invite=False))
                except UserAdminError as error:
                    result.errors.append((number, str(error.message)))
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.errors.sort()
        return result
    result.created = created
    for user in created:
        user_invite(by=by, user=user)
    return result


class _Rollback(Exception):
    pass
