"""Who supervises whom: an admin opens an item on a region strictly below its own and records interviews, opinions
and the closing; the admins of the supervised region send its follow-up reports;
staff of either region read."""
from django.utils.translation import gettext_lazy as _


def can_open(user, region_code=None) -> bool:
    scope = user.admin_scope
    if scope is None:
        return False
    return region_code is None or (region_code.startswith(scope) and region_code != scope)


def is_supervisor(user, item) -> bool:
    scope = user.admin_scope
    return scope is not None and item.opened_in.startswith(scope) and item.region_id != scope


def is_supervised(user, item) -> bool:
    return user.admin_scope is not None and user.admin_scope == item.region_id


def operates(user, institution) -> bool:
    """An operator account acting for the institution (its 经办人)."""
    from institutions.models import InstitutionOperator

    return (institution is not None and user.is_authenticated and user.is_operator
            and InstitutionOperator.objects.filter(institution=institution, user=user).exists())


def _designations():
    from . import designations

    return designations


RULES = {
    "fee.declare": operates,
    "subsidy.apply": operates,
    # Pilots and demonstration institutions (programme/designations.py says who takes which step).
    "designation.apply": lambda user, institution=None: institution is not None and (
        operates(user, institution) or _designations().is_level_admin(user, institution, "county")),
    "designation.step": lambda user, designation=None: designation is not None and bool(
        _designations().actions_for(user, designation)),
    "designation.improve": lambda user, designation=None: designation is not None and designation.status in (
        "designated", "extended") and (_designations().is_level_admin(user, designation.institution, designation.level)
                                       or _designations().is_level_admin(user, designation.institution, "county")),
    "designation.report": lambda user, designation=None: designation is not None and designation.status in (
        "designated", "extended") and operates(user, designation.institution),
    "fee_cap.set": lambda user, _obj=None: user.admin_scope is not None,
    # The county (or an authority above it) recognises inclusive institutions of its scope.
    "inclusive.recognise": lambda user, institution=None: user.admin_scope is not None and (
        institution is None or institution.region_id.startswith(user.admin_scope)),
    "supervision.open": can_open,
    "supervision.manage": lambda user, item: item is not None and is_supervisor(user, item),
    "supervision.report": lambda user, item: item is not None and is_supervised(user, item),
}

AUDIT_ACTIONS = {
    "supervision.open": _("发起督办"),
    "supervision.interview": _("记录约谈"),
    "supervision.report": _("报送整改情况"),
    "supervision.note": _("督办意见"),
    "supervision.close": _("督办办结"),
    "fee.declare": _("申报收费标准"),
    "fee_cap.set": _("制定普惠指导价"),
    "inclusive.recognise": _("普惠认定"),
    "inclusive.end": _("终止普惠认定"),
    "designation.apply": _("申报试点/示范"),
    "designation.nominate": _("县级推荐试点/示范"),
    "designation.county_pass": _("试点/示范县级初审通过"),
    "designation.city_recommend": _("试点/示范市级审核推荐"),
    "designation.province_approve": _("试点/示范省级评审通过"),
    "designation.reject": _("试点/示范不予通过"),
    "designation.designate": _("试点/示范正式命名"),
    "designation.accept_pass": _("试点/示范验收通过"),
    "designation.accept_extend": _("试点/示范延期验收"),
    "designation.accept_fail": _("试点/示范验收未通过"),
    "designation.revoke": _("撤销试点/示范命名"),
    "designation.renew": _("试点/示范续期"),
    "designation.improvement": _("试点/示范质量提升事项"),
    "designation.progress": _("试点/示范提升进展"),
    "subsidy.programme": _("设立补贴项目"),
    "demonstration_city.set": _("示范城市创建状态"),
    "subsidy.apply": _("申请补贴"),
    "subsidy.county_pass": _("补贴县级审核通过"),
    "subsidy.refuse": _("补贴不予支持"),
    "subsidy.approve": _("批准补贴"),
    "subsidy.pay": _("拨付补贴"),
    "subsidy.clawback": _("追回补贴"),
}
