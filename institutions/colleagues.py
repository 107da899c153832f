"""An institution's operator accounts (经办人): its admin operator adds colleagues who have signed up, removes
them, and may make another one admin; an institution always keeps an admin. Audited."""
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.codes import CodeError, normal_phone
from accounts.models import Role, User
from accounts.services import audit_record
from core.errors import ActionError

from .models import Institution, InstitutionOperator

MSG_NOT_ADMIN = gettext_lazy("只有本机构的管理员经办人可以增减经办人")
MSG_NO_ACCOUNT = gettext_lazy("手机号 {phone} 尚未注册举办者账号：请对方先在平台注册，再由您添加")
MSG_ALREADY = gettext_lazy("{name} 已是本机构的经办人")
MSG_LAST_ADMIN = gettext_lazy("机构至少要有一名管理员经办人：请先指定其他管理员")
MSG_NOT_COLLEAGUE = gettext_lazy("该账号不是本机构的经办人")


class ColleagueError(ActionError):
    pass


def is_admin_operator(user, institution) -> bool:
    return user.is_operator and InstitutionOperator.objects.filter(
        institution=institution, user=user, is_admin=True).exists()


def colleagues(institution):
    return InstitutionOperator.objects.filter(institution=institution).select_related("user").order_by(
        "-is_admin", "id")


def _audit(by, institution, action, summary, **after):
    audit_record(actor=by, action=action, obj=institution, region_code=institution.region_id,
                 summary=summary, after=after)


def colleague_add(*, by: User, institution: Institution, phone: str) -> InstitutionOperator:
    if not is_admin_operator(by, institution):
        raise ColleagueError(MSG_NOT_ADMIN)
    try:
        phone = normal_phone(phone)
    except CodeError as error:
        raise ColleagueError(error.message) from None
    user = User.objects.filter(Q(username=phone) | Q(phone=phone), role=Role.OPERATOR, is_active=True,
                               is_superuser=False).order_by("id").first()
    if user is None:
        raise ColleagueError(MSG_NO_ACCOUNT.format(phone=phone))
    try:
        with transaction.atomic():
            link, created = InstitutionOperator.objects.get_or_create(institution=institution, user=user)
            if created:
                _audit(by, institution, "institution.operator_add",
                       AuditText(gettext_lazy("添加经办人 {name}"), name=user.display_name or user.username),
                       user=user.username)
    except IntegrityError:  # the same colleague added twice at once
        created = False
    if not created:
        raise ColleagueError(MSG_ALREADY.format(name=user.display_name or user.username))
    return link


def _link(institution, user) -> InstitutionOperator:
    link = InstitutionOperator.objects.select_for_update().filter(institution=institution, user=user).first()
    if link is None:
        raise ColleagueError(MSG_NOT_COLLEAGUE)
    return link


def colleague_remove(*, by: User, institution: Institution, user: User) -> None:
    if not is_admin_operator(by, institution):
        raise ColleagueError(MSG_NOT_ADMIN)
    with transaction.atomic():
        link = _link(institution, user)
        admins = InstitutionOperator.objects.select_for_update().filter(institution=institution, is_admin=True)
        if link.is_admin and admins.count() <= 1:
            raise ColleagueError(MSG_LAST_ADMIN)
        link.delete()
        _audit(by, institution, "institution.operator_remove",
               AuditText(gettext_lazy("移除经办人 {name}"), name=user.display_name or user.username),
               user=user.username)


def colleague_make_admin(*, by: User, institution: Institution, user: User) -> None:
    if not is_admin_operator(by, institution):
        raise ColleagueError(MSG_NOT_ADMIN)
    with transaction.atomic():
        link = _link(institution, user)
        if not link.is_admin:
            link.is_admin = True
            link.save(update_fields=["is_admin"])
            _audit(by, institution, "institution.operator_admin",
                   AuditText(gettext_lazy("指定 {name} 为机构管理员经办人"), name=user.display_name or user.username),
                   user=user.username)
