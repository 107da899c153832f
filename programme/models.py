"""The childcare programme run in the portal (issue 16). So far: supervision of lagging regions (督办/约谈), an admin
calls a lower region in over a problem (a target behind schedule in a bulletin), records the interview and the
lower region's follow-up reports, and closes the item (docs/programme.md)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from regions.scope import code_prefix_q


class SupervisionStatus(models.TextChoices):
    OPEN = "open", _("督办中")
    CLOSED = "closed", _("已办结")


class SupervisionEventKind(models.TextChoices):
    INTERVIEW = "interview", _("约谈")
    REPORT = "report", _("整改报告")
    NOTE = "note", _("督办意见")
    CLOSE = "close", _("办结")


class SupervisionItemQuerySet(ScopedQuerySet):
    def for_staff(self, user, scope: str):
        """Staff see the items on regions in their scope and the items opened by their region or below it."""
        if not scope:
            return self
        return self.filter(code_prefix_q("region_id", scope) | code_prefix_q("opened_in", scope))

    def open(self):
        return self.filter(status=SupervisionStatus.OPEN)

    def about(self, region_code: str):
        """The open items of a region's dashboard: on the region, or opened by it."""
        return self.filter(Q(region_id=region_code) | Q(opened_in=region_code)) if region_code \
            else self.filter(opened_in="")


class SupervisionItem(models.Model):
    region = models.ForeignKey("regions.Region", verbose_name=_("督办对象"), on_delete=models.PROTECT,
                               related_name="supervision_items")
    opened_in = models.CharField(_("督办单位区划"), max_length=12, blank=True)  # "" for the national level
    issue = models.TextField(_("督办事项"), max_length=2000)
    basis = models.CharField(_("依据"), max_length=200, blank=True,
                             help_text=_("例如：2026年第三季度通报，新增托位目标完成率低于时序进度"))
    responsible = models.CharField(_("责任人"), max_length=100, help_text=_("被督办地区的责任领导或责任部门"))
    deadline = models.DateField(_("办结期限"))
    status = models.CharField(_("状态"), max_length=8, choices=SupervisionStatus.choices,
                              default=SupervisionStatus.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = SupervisionItemQuerySet.as_manager()

    class Meta:
        ordering = ["status", "deadline", "id"]
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        indexes = [models.Index(fields=["status", "region"], name="supervision_open_region"),
                   models.Index(fields=["status", "opened_in"], name="supervision_open_opener")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.deadline}"


class SupervisionEvent(models.Model):
    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("类型"), max_length=10, choices=SupervisionEventKind.choices)
    on = models.DateField(_("日期"))
    text = models.TextField(_("内容"), max_length=4000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.on}"


# --- fees and guide prices (普惠收费, 发改价格〔2024〕1477号) -------------------------------------------------

class FeeClass(models.TextChoices):
    """The class types a basic childcare fee (基本保育费) is declared for (values as institutions.rules.ClassType)."""
    INFANT = "infant", _("乳儿班")
    TODDLER_SMALL = "toddler_small", _("托小班")
    TODDLER_LARGE = "toddler_large", _("托大班")


class FeeCapQuerySet(ScopedQuerySet):
    def for_staff(self, user, scope: str):
        """The guide prices of the user's region, of the regions below it and of the city above a county (the cap
        a county's inclusive institutions are held to may be the city's)."""
        if not scope:
            return self
        above = [scope[:4]] if len(scope) > 4 else []
        return self.filter(code_prefix_q("region_id", scope) | Q(region_id__in=above))


class FeeCap(models.Model):
    """A government guide price (指导价) set by a city or a county: the most an inclusive institution there may charge
    a month as the basic fee of a class type, from a date. Never edited: a later row replaces it; a county's row
    comes before its city's."""

    region = models.ForeignKey("regions.Region", verbose_name=_("制定地区"), on_delete=models.PROTECT,
                               related_name="fee_caps")
    class_type = models.CharField(_("班型"), max_length=16, choices=FeeClass.choices)
    cap = models.PositiveIntegerField(_("指导价上限（元/月）"))
    valid_from = models.DateField(_("执行日期"))
    basis = models.CharField(_("文件依据"), max_length=200, help_text=_("例如：济发改价格〔2024〕12号"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = FeeCapQuerySet.as_manager()

    class Meta:
        ordering = ["region", "class_type", "-valid_from", "-id"]
        verbose_name = _("普惠托育指导价")
        verbose_name_plural = _("普惠托育指导价")
        indexes = [models.Index(fields=["region", "class_type", "valid_from"], name="fee_cap_lookup")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.class_type} {self.cap}"


class FeeQuerySet(ScopedQuerySet):
    def for_operator(self, user):
        return self.filter(institution__operators=user)

    def for_staff(self, user, scope: str):
        return self.filter(code_prefix_q("institution__region_id", scope)) if scope else self


class Fee(models.Model):
    """The basic monthly fee of a class type an institution's operator declares (收费公示), from a date. Never edited:
    a later declaration replaces it."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=_("机构"), on_delete=models.CASCADE,
                                    related_name="fees")
    class_type = models.CharField(_("班型"), max_length=16, choices=FeeClass.choices)
    monthly_fee = models.PositiveIntegerField(_("基本保育费（元/月）"))
    valid_from = models.DateField(_("执行日期"))
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(_("申报时间"), auto_now_add=True)

    objects = FeeQuerySet.as_manager()

    class Meta:
        ordering = ["institution", "class_type", "-valid_from", "-id"]
        verbose_name = _("收费标准")
        verbose_name_plural = _("收费标准")
        indexes = [models.Index(fields=["institution", "class_type", "valid_from"], name="fee_lookup")]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.class_type} {self.monthly_fee}"


# --- pilots and demonstration institutions (试点 / 示范性托育机构) ---------------------------------------------

class DesignationKind(models.TextChoices):
    PILOT = "pilot", _("试点机构")
    DEMONSTRATION = "demonstration", _("示范性托育机构")


class DesignationLevel(models.TextChoices):
    """The level that decides (and whose designation it is); values as institutions.PilotLevel."""
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")


class DesignationStatus(models.TextChoices):
    APPLIED = "applied", _("待县级初审")
    COUNTY_PASSED = "county_passed", _("待市级审核推荐")
    CITY_RECOMMENDED = "city_recommended", _("待省级评审")
    NOTICE = "notice", _("公示中")
    DESIGNATED = "designated", _("已命名（质量提升中）")
    EXTENDED = "extended", _("延期验收")
    ACCEPTED = "accepted", _("验收通过")
    FAILED = "failed", _("验收未通过")
    REJECTED = "rejected", _("未通过")
    REVOKED = "revoked", _("已撤销")


# Designations in force (the institution is a pilot / demonstration institution while in one of these and within
# its validity).
IN_FORCE = (DesignationStatus.DESIGNATED, DesignationStatus.EXTENDED, DesignationStatus.ACCEPTED)


class DesignationQuerySet(ScopedQuerySet):
    def for_operator(self, user):
        return self.filter(institution__operators=user)

    def for_staff(self, user, scope: str):
        return self.filter(code_prefix_q("institution__region_id", scope)) if scope else self

    def in_force(self, day):
        return self.filter(status__in=IN_FORCE, designated_on__lte=day, valid_to__gte=day)


class Designation(models.Model):
    """One application (or county nomination) for a pilot or demonstration designation, through its reviews, public
    notice, designation for a validity period, quality-improvement tracking and acceptance (验收), to renewal or
    revocation (docs/programme.md, "Pilots and demonstration institutions"). Every step is a DesignationEvent."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=_("机构"), on_delete=models.CASCADE,
                                    related_name="designations")
    kind = models.CharField(_("类别"), max_length=16, choices=DesignationKind.choices)
    level = models.CharField(_("级别"), max_length=10, choices=DesignationLevel.choices)
    status = models.CharField(_("状态"), max_length=20, choices=DesignationStatus.choices,
                              default=DesignationStatus.APPLIED)
    nominated = models.BooleanField(_("县级推荐"), default=False)
    statement = models.TextField(_("申报材料说明"), max_length=4000)
    grade = models.CharField(_("等次"), max_length=20, blank=True, help_text=_("示范性托育机构的等次（如省采用）"))
    notice_from = models.DateField(_("公示开始"), null=True, blank=True)
    notice_to = models.DateField(_("公示结束"), null=True, blank=True)
    designated_on = models.DateField(_("命名日期"), null=True, blank=True)
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)
    acceptance_due = models.DateField(_("验收期限"), null=True, blank=True)
    accepted_on = models.DateField(_("验收通过日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)  # revoked, or failed 验收
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("申报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DesignationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("试点与示范认定")
        verbose_name_plural = _("试点与示范认定")
        indexes = [models.Index(fields=["status", "level"], name="designation_status_level"),
                   models.Index(fields=["institution", "kind"], name="designation_institution")]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.kind} {self.level} {self.status}"


# The steps of the workflow (programme/designations.py), as the events and the audit name them.
DESIGNATION_ACTIONS = {
    "apply": _("申报"), "nominate": _("县级推荐申报"), "county_pass": _("县级初审通过"),
    "city_recommend": _("市级审核推荐"), "province_approve": _("省级评审通过"),
    "reject": _("不予通过"), "designate": _("公示期满，正式命名"),
    "accept_pass": _("验收通过"), "accept_extend": _("延期验收"),
    "accept_fail": _("验收未通过"), "revoke": _("撤销命名"), "renew": _("续期"),
}


class DesignationEvent(models.Model):
    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=24)
    from_status = models.CharField(_("原状态"), max_length=20, choices=DesignationStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=DesignationStatus.choices)
    reason = models.TextField(_("意见或理由"), max_length=2000, blank=True)
    visit_ref = models.CharField(_("评估检查编号"), max_length=32, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.designation_id} {self.action}"

    @property
    def action_label(self):
        return DESIGNATION_ACTIONS.get(self.action, self.action)


class ImprovementItem(models.Model):
    """A quality-improvement item (质量提升事项) of a designated institution: set by the deciding level, progress and
    evidence reported by the operator, checked at the acceptance review."""

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="improvements")
    text = models.CharField(_("提升事项"), max_length=500)
    deadline = models.DateField(_("完成期限"))
    progress = models.TextField(_("进展与佐证"), max_length=4000, blank=True)
    done = models.BooleanField(_("已完成"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                   blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.text


# --- subsidies (建设补贴 / 运营补贴 / 奖补) ---------------------------------------------------------------------

class SubsidyKind(models.TextChoices):
    CONSTRUCTION = "construction", _("建设补贴（按新增普惠托位）")
    OPERATING = "operating", _("运营补贴（按在托婴幼儿人月）")
    AWARD = "award", _("一次性奖补")


class SubsidyProgrammeQuerySet(ScopedQuerySet):
    def for_operator(self, user):
        return self  # operators see every programme they might apply to (the apply form narrows to their regions)

    def for_staff(self, user, scope: str):
        """The programmes of the user's region, of the regions above it and below it."""
        if not scope:
            return self
        above = [scope[:n] for n in (2, 4, 6) if n < len(scope)]
        return self.filter(code_prefix_q("region_code", scope) | Q(region_code__in=[*above, ""]))


class SubsidyProgramme(models.Model):
    """A subsidy programme set by an admin of a level (national "" or a region): who pays what share, the amount per
    unit, who is eligible (data), the period whose new slots count, the budget and the claw-back period."""

    name = models.CharField(_("项目名称"), max_length=100)
    region_code = models.CharField(_("设立地区"), max_length=12, blank=True, help_text=_("空为全国"))
    kind = models.CharField(_("补贴类型"), max_length=16, choices=SubsidyKind.choices)
    amount = models.PositiveIntegerField(_("补贴标准（元）"), help_text=_("每个新增普惠托位、每人每月或每个机构"))
    share_central = models.PositiveSmallIntegerField(_("中央分担（%）"), default=0)
    share_province = models.PositiveSmallIntegerField(_("省级分担（%）"), default=0)
    share_city = models.PositiveSmallIntegerField(_("市级分担（%）"), default=0)
    share_county = models.PositiveSmallIntegerField(_("县级分担（%）"), default=0)
    max_months = models.PositiveSmallIntegerField(_("每年最多补贴月数"), null=True, blank=True)
    require_inclusive = models.BooleanField(_("须为普惠性托育机构"), default=True)
    min_star = models.PositiveSmallIntegerField(_("星级不低于"), null=True, blank=True)
    no_open_high_risk = models.BooleanField(_("无未完成的高风险整改"), default=True)
    period_from = models.DateField(_("计算期间起"))
    period_to = models.DateField(_("计算期间止"))
    clawback_years = models.PositiveSmallIntegerField(_("追回期限（年）"), default=3,
                                                      help_text=_("拨付后该年限内机构注销或失去普惠资格的，追回补贴"))
    budget = models.PositiveBigIntegerField(_("预算（元）"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("设立时间"), auto_now_add=True)

    objects = SubsidyProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-period_from", "-id"]
        verbose_name = _("补贴项目")
        verbose_name_plural = _("补贴项目")
        constraints = [models.CheckConstraint(
            condition=Q(share_central__lte=100, share_province__lte=100, share_city__lte=100, share_county__lte=100),
            name="subsidy_shares_percent")]

    def __str__(self) -> str:
        return self.name

    @property
    def shares(self) -> dict[str, int]:
        return {"central": self.share_central, "province": self.share_province, "city": self.share_city,
                "county": self.share_county}


class SubsidyStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待县级审核")
    COUNTY_PASSED = "county_passed", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未通过")
    PARTLY_PAID = "partly_paid", _("部分拨付")
    PAID = "paid", _("已拨付")
    CLAWED_BACK = "clawed_back", _("已追回")


class SubsidyApplicationQuerySet(ScopedQuerySet):
    def for_operator(self, user):
        return self.filter(institution__operators=user)

    def for_staff(self, user, scope: str):
        return self.filter(code_prefix_q("institution__region_id", scope)) if scope else self


class SubsidyApplication(models.Model):
    """An institution's application to a programme: the units it claims (new inclusive slots from its approved
    filings, child-months, or one award) and the amount they give; reviewed by the county, approved at the
    programme's level, paid and, where due, clawed back."""

    programme = models.ForeignKey(SubsidyProgramme, verbose_name=_("补贴项目"), on_delete=models.PROTECT,
                                  related_name="applications")
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("机构"), on_delete=models.PROTECT,
                                    related_name="subsidy_applications")
    units = models.PositiveIntegerField(_("补贴数量"))
    amount = models.PositiveBigIntegerField(_("申请金额（元）"))
    basis = models.TextField(_("计算依据"), max_length=2000)
    status = models.CharField(_("状态"), max_length=16, choices=SubsidyStatus.choices,
                              default=SubsidyStatus.SUBMITTED)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT,
                                   related_name="+")
    applied_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    paid_amount = models.PositiveBigIntegerField(_("已拨付金额（元）"), default=0)
    paid_on = models.DateField(_("最近拨付日期"), null=True, blank=True)
    voucher = models.CharField(_("最近拨付凭证号"), max_length=64, blank=True)
    clawed_back_amount = models.PositiveBigIntegerField(_("已追回金额（元）"), default=0)
    clawed_back_on = models.DateField(_("追回日期"), null=True, blank=True)
    clawback_reason = models.CharField(_("追回原因"), max_length=500, blank=True)
    note = models.TextField(_("审核意见"), max_length=2000, blank=True)

    objects = SubsidyApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_at", "-id"]
        verbose_name = _("补贴申请")
        verbose_name_plural = _("补贴申请")
        indexes = [models.Index(fields=["programme", "status"], name="subsidy_programme_status")]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.institution_id} {self.amount}"


class PaymentKind(models.TextChoices):
    PAYMENT = "payment", _("拨付")
    CLAWBACK = "clawback", _("追回")


class SubsidyPayment(models.Model):
    """One transfer of an application's money: a disbursement (拨付, one of possibly several instalments, with its
    voucher) or a claw-back (追回). The figures of a period sum these by their date; never edited or deleted."""

    application = models.ForeignKey(SubsidyApplication, verbose_name=_("补贴申请"), on_delete=models.PROTECT,
                                    related_name="payments")
    kind = models.CharField(_("类型"), max_length=8, choices=PaymentKind.choices)
    amount = models.PositiveBigIntegerField(_("金额（元）"))
    on = models.DateField(_("日期"))
    voucher = models.CharField(_("凭证号"), max_length=64, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("补贴拨付与追回")
        verbose_name_plural = _("补贴拨付与追回")
        indexes = [models.Index(fields=["kind", "on"], name="subsidy_payment_kind_on")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="subsidy_payment_positive")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.amount}"


# --- demonstration cities (全国婴幼儿照护服务示范城市) -----------------------------------------------------------

class CityStatus(models.TextChoices):
    DECLARED = "declared", _("已申报")
    RECOMMENDED = "recommended", _("省级推荐")
    DESIGNATED = "designated", _("已命名")
    NOT_DESIGNATED = "not_designated", _("未获命名")


class DemonstrationCityQuerySet(ScopedQuerySet):
    def for_staff(self, user, scope: str):
        """A city's own status, its province's cities, or the whole country's."""
        return self.filter(code_prefix_q("region_id", scope[:4])) if scope else self


class DemonstrationCity(models.Model):
    """A city's standing in a batch of the national demonstration cities: the city declares, its province
    recommends, the national level names it (a two-year cycle). The audit log keeps every change."""

    region = models.ForeignKey("regions.Region", verbose_name=_("城市"), on_delete=models.PROTECT,
                               related_name="demonstration_batches")
    year = models.PositiveSmallIntegerField(_("批次年份"))
    status = models.CharField(_("状态"), max_length=16, choices=CityStatus.choices)
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DemonstrationCityQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "region_id"]
        verbose_name = _("示范城市创建")
        verbose_name_plural = _("示范城市创建")
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="uniq_demonstration_city_year")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.status}"
