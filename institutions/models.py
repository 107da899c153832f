"""Nurseries (托育机构), their dated capacity history and their classes."""
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from core.badges import register_tones
from core.models import ChoiceLabelsMixin
from core.text import enumeration
from regions.scope import code_prefix_q
from standards.selectors import standards_for

from .rules import ClassType, class_errors
from .validators import validate_credit_code

MSG_UNKNOWN_SERVICE_TYPE = _("未知服务类型：{types}")
MSG_REGION_NOT_COUNTY = _("机构所在区划须为县级或乡镇街道")
MSG_DEREGISTERED_BEFORE_FILED = _("注销日期不能早于备案日期")


class Nature(models.TextChoices):
    FOR_PROFIT = "for_profit", _("营利性")
    NON_PROFIT = "non_profit", _("非营利性")


class OperatingModel(models.TextChoices):
    BRAND_CHAIN = "brand_chain", _("品牌连锁")
    COMMUNITY = "community", _("社区公办民营/民办公助")
    KINDERGARTEN = "kindergarten", _("幼儿园托班")
    EMPLOYER = "employer", _("单位福利性")
    MEDICAL = "medical", _("医育结合")
    INDEPENDENT = "independent", _("社会力量独立举办")
    FAMILY = "family", _("家庭托育点")


class OwnershipType(models.TextChoices):
    """Who owns and runs the institution (举办性质, issue 17): the 公办比例 counts `public` (docs/statistics.md)."""
    PUBLIC = "public", _("公办")
    PUBLIC_BUILT = "public_built", _("公建民营")
    PRIVATE_AIDED = "private_aided", _("民办公助")
    PRIVATE = "private", _("民办")
    EMPLOYER = "employer", _("单位自办")


class PilotLevel(models.TextChoices):
    NONE = "none", _("无")
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")


class ServiceType(models.TextChoices):
    FULL_DAY = "full_day", _("全日托")
    HALF_DAY = "half_day", _("半日托")
    HOURLY = "hourly", _("计时托")
    TEMPORARY = "temporary", _("临时托")


class FilingState(models.TextChoices):
    """The institution's standing in the register. Where a filing stands in review is the filing's status
    (filings.FilingStatus), the one source of truth of the review: an institution is filed from the approval of
    its new filing (or an import of filed ones), deregistered from the date its deregistration takes effect, and
    "not filed" only when the register holds it without a filing (a nursery found operating unfiled, records
    kept from before the portal)."""
    NOT_FILED = "not_filed", _("未备案")
    FILED = "filed", _("已备案")
    DEREGISTERED = "deregistered", _("已注销")


class InstitutionQuerySet(ScopedQuerySet):
    """visible_to(user) (accounts/scoping.py) is the only way a page, API or export starts a query on
    institutions."""

    def for_operator(self, user):
        return self.filter(operators=user)

    def for_staff(self, user, scope: str):
        return self.in_region(scope)

    def in_region(self, code: str):
        return self.filter(code_prefix_q("region_id", code)) if code else self

    def public(self):
        """Institutions disclosed to the public (信息公示): filed and not deregistered, a deregistration counting
        from its date (an approved one dated later leaves on that day, services.institution_deregister)."""
        return self.filter(filing_state=FilingState.FILED).filter(
            Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=timezone.localdate()))

    def with_related(self):
        return self.select_related("region", "region__parent", "region__parent__parent")

    def with_capacity_at(self, date: datetime.date):
        """Annotate `slots` and `enrolled` effective at `date` (None when there is no record)."""
        records = CapacityRecord.objects.effective_at(date).filter(institution=OuterRef("pk"))
        return self.annotate(
            slots=Subquery(records.values("slots")[:1]),
            enrolled=Subquery(records.values("enrolled")[:1]),
        )


class Institution(ChoiceLabelsMixin, models.Model):
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True,
                                   validators=[validate_credit_code])
    name = models.CharField(_("机构名称"), max_length=128, db_index=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="institutions")
    address = models.CharField(_("地址"), max_length=255, blank=True)
    phone = models.CharField(_("机构电话"), max_length=32, blank=True)
    nature = models.CharField(_("性质"), max_length=16, choices=Nature.choices)
    operating_model = models.CharField(_("办托模式"), max_length=16, choices=OperatingModel.choices,
                                       db_index=True)
    ownership_type = models.CharField(_("举办性质"), max_length=16, choices=OwnershipType.choices, blank=True,
                                      help_text=_("空为未填报（早于此项的导入数据）"))
    inclusive = models.BooleanField(_("普惠"), default=False)
    pilot_level = models.CharField(_("试点级别"), max_length=10, choices=PilotLevel.choices,
                                   default=PilotLevel.NONE)
    service_types = models.JSONField(_("服务类型"), default=list, blank=True)
    star_rating = models.PositiveSmallIntegerField(
        _("星级"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)])
    filing_state = models.CharField(_("备案状态"), max_length=16, choices=FilingState.choices,
                                    default=FilingState.NOT_FILED, db_index=True)
    filing_number = models.CharField(_("备案编号"), max_length=24, null=True, blank=True, unique=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    deregistered_on = models.DateField(_("注销日期"), null=True, blank=True)
    operators = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("举办者账号"), blank=True,
                                       related_name="operated_institutions", through="InstitutionOperator")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "name", "id"]
        verbose_name = _("托育机构")
        verbose_name_plural = _("托育机构")
        # The lists' default order within a scope (a range of region codes, regions/scope.py): one page is
        # read from this index in order. Name search has trigram indexes on PostgreSQL (migration 0005).
        indexes = [models.Index(fields=["region", "name", "id"], name="institution_list_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(star_rating__isnull=True) | Q(star_rating__gte=1, star_rating__lte=5),
                name="institution_star_rating_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        unknown = [s for s in self.service_types or [] if s not in ServiceType.values]
        if unknown:
            errors["service_types"] = MSG_UNKNOWN_SERVICE_TYPE.format(types=enumeration(unknown))
        if self.region_id and len(self.region_id) < 6:
            errors["region"] = MSG_REGION_NOT_COUNTY
        if self.filed_on and self.deregistered_on and self.deregistered_on < self.filed_on:
            errors["deregistered_on"] = MSG_DEREGISTERED_BEFORE_FILED
        if errors:
            raise ValidationError(errors)

    @property
    def county_code(self) -> str:
        return self.region_id[:6]

    def service_type_labels(self) -> list[str]:
        labels = dict(ServiceType.choices)
        return [str(labels.get(s, s)) for s in self.service_types or []]

    @property
    def deregistration_scheduled(self) -> bool:
        """Filed, with an approved deregistration dated later (it leaves the register on deregistered_on)."""
        return (self.filing_state == FilingState.FILED and self.deregistered_on is not None
                and self.deregistered_on > timezone.localdate())

    def capacity_at(self, date: datetime.date) -> "CapacityRecord | None":
        return self.capacity_records.effective_at(date).first()


class CapacityRecordQuerySet(models.QuerySet):
    def effective_at(self, date: datetime.date):
        """Records in force on `date`: effective_from <= date < effective_to (open-ended when null)."""
        return self.filter(effective_from__lte=date).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gt=date)
        )


class CapacityRecord(ChoiceLabelsMixin, models.Model):
    """Slots (托位) and enrolled children (在托) from a date until replaced; never overwritten.

    A new record closes the previous one by setting its `effective_to` (exclusive) to the new
    record's `effective_from`; the figures of a record are never changed.
    """

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="capacity_records")
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("截止日期（不含）"), null=True, blank=True)
    slots = models.PositiveIntegerField(_("托位数"))
    enrolled = models.PositiveIntegerField(_("在托人数"))
    source = models.CharField(_("来源"), max_length=32, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CapacityRecordQuerySet.as_manager()

    class Meta:
        ordering = ["institution_id", "effective_from"]
        verbose_name = _("托位记录")
        verbose_name_plural = _("托位记录")
        constraints = [
            models.UniqueConstraint(fields=["institution", "effective_from"], name="uniq_capacity_from"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gt=models.F("effective_from")),
                name="capacity_to_after_from",
            ),
        ]
        indexes = [models.Index(fields=["effective_from", "effective_to"])]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.effective_from}–{self.effective_to or ''}: {self.slots}/{self.enrolled}"


class NurseryClass(ChoiceLabelsMixin, models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(_("班级名称"), max_length=64)
    class_type = models.CharField(_("班型"), max_length=16, choices=ClassType.choices)
    capacity = models.PositiveSmallIntegerField(_("核定人数"))
    enrolled = models.PositiveSmallIntegerField(_("在托人数"), default=0)
    caregivers = models.PositiveSmallIntegerField(_("保育人员数"))

    class Meta:
        ordering = ["institution_id", "id"]
        verbose_name = _("班级")
        verbose_name_plural = _("班级")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.class_type and self.capacity is not None and self.caregivers is not None:
            province = self.institution.region_id[:2] if self.institution_id else ""
            errors = class_errors(class_type=self.class_type, capacity=self.capacity,
                                  enrolled=self.enrolled or 0, caregivers=self.caregivers,
                                  standards=standards_for(province))
            if errors:
                raise ValidationError(errors)


class StaffRole(models.TextChoices):
    DIRECTOR = "director", _("机构负责人")
    CAREGIVER = "caregiver", _("保育人员")
    TEACHER = "teacher", _("育婴员/幼儿教师")
    HEALTH = "health", _("保健人员")
    COOK = "cook", _("炊事人员")
    SECURITY = "security", _("安保人员")
    OTHER = "other", _("其他")


class StaffMember(ChoiceLabelsMixin, models.Model):
    """A member of an institution's staff, as filed (written by the filing approval)."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="staff")
    name = models.CharField(_("姓名"), max_length=32)
    role = models.CharField(_("岗位"), max_length=16, choices=StaffRole.choices)
    qualification_cert_no = models.CharField(_("资格证书编号"), max_length=64, blank=True)
    # A certificate counts in 持证上岗率 on day D only while valid (expiry on or after D; none given: no expiry).
    qualification_expires_on = models.DateField(_("资格证书有效期至"), null=True, blank=True)
    # The identity number is never stored: its keyed hash (core/identity.py) and its mask.
    id_hash = models.CharField(_("身份证号哈希"), max_length=64, blank=True, db_index=True)
    id_masked = models.CharField(_("身份证号"), max_length=24, blank=True)
    # The health check is valid for one year from this date (staff are checked once a year).
    health_check_on = models.DateField(_("健康检查日期"), null=True, blank=True)

    class Meta:
        ordering = ["institution_id", "id"]
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self) -> str:
        return self.name


class StarRatingDirection(models.TextChoices):
    SET = "set", _("评定星级")
    UP = "up", _("升星")
    DOWN = "down", _("降星")
    REVOKED = "revoked", _("撤销星级")


class StarRatingChange(ChoiceLabelsMixin, models.Model):
    """One change of an institution's star rating (星级), written by institutions.services.star_rating_set;
    the rows are never changed, so they are the rating's full history."""

    institution = models.ForeignKey(Institution, verbose_name=_("托育机构"), on_delete=models.CASCADE,
                                    related_name="star_rating_changes")
    old_rating = models.PositiveSmallIntegerField(_("原星级"), null=True, blank=True)
    # Null: the rating was revoked.
    new_rating = models.PositiveSmallIntegerField(_("新星级"), null=True, blank=True)
    direction = models.CharField(_("变动"), max_length=8, choices=StarRatingDirection.choices)
    reason = models.TextField(_("理由"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    # The id of the assessment visit the change rests on, as text: institutions does not import inspections.
    visit_ref = models.CharField(_("评估检查编号"), max_length=32, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("星级变动")
        verbose_name_plural = _("星级变动")
        constraints = [
            models.CheckConstraint(
                condition=Q(new_rating__isnull=True) | Q(new_rating__gte=1, new_rating__lte=5),
                name="star_rating_change_new_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution_id}: {self.old_rating or '-'} → {self.new_rating or '-'}"

    @property
    def visit_pk(self) -> int | None:
        """The basis visit's id when visit_ref names one (the form picks a visit; older rows may hold free text)."""
        return int(self.visit_ref) if self.visit_ref.isdigit() else None

    def describe(self) -> str:
        """The change in plain words, as the public page shows it ("由 3 星升为 4 星")."""
        from django.utils.translation import gettext

        values = {"old": self.old_rating, "new": self.new_rating}
        if self.direction == StarRatingDirection.REVOKED:
            return gettext("撤销星级（原 %(old)s 星）") % values
        if self.direction == StarRatingDirection.SET or self.old_rating is None:
            return gettext("评定为 %(new)s 星") % values
        if self.direction == StarRatingDirection.UP:
            return gettext("由 %(old)s 星升为 %(new)s 星") % values
        return gettext("由 %(old)s 星降为 %(new)s 星") % values


# The colour of each state's badge ({% status_badge %}, core/badges.py).
register_tones(Institution, "filing_state", {
    FilingState.NOT_FILED: "warning",
    FilingState.FILED: "primary",
    FilingState.DEREGISTERED: "neutral",
})


class InclusiveRecognitionQuerySet(ScopedQuerySet):
    def for_staff(self, user, scope: str):
        return self.filter(code_prefix_q("institution__region_id", scope)) if scope else self

    def valid_on(self, day):
        """Recognitions in force on `day` (first and last days included)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day),
                           Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class InclusiveRecognition(models.Model):
    """普惠认定: the county (or an authority above it) recognises an institution as inclusive for a date range and
    publishes it in its inclusive list (docs/programme.md, "Inclusive recognition"). An institution is inclusive on a
    day when a recognition is in force that day; one with no recognition at all keeps the undated flag it was filed
    or imported with (`Institution.inclusive`). The flag always says today's status."""

    institution = models.ForeignKey(Institution, verbose_name=_("托育机构"), on_delete=models.CASCADE,
                                    related_name="inclusive_recognitions")
    valid_from = models.DateField(_("认定起始日"))
    valid_to = models.DateField(_("有效期至"), null=True, blank=True, help_text=_("空为长期有效（直至撤销）"))
    basis = models.CharField(_("认定文件"), max_length=200,
                             help_text=_("例如：长安区2026年普惠性托育机构名单（第一批）"))
    recognised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("认定人"), on_delete=models.PROTECT,
                                      related_name="+")
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("终止人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    end_reason = models.CharField(_("终止原因"), max_length=500, blank=True)

    objects = InclusiveRecognitionQuerySet.as_manager()

    class Meta:
        ordering = ["institution", "-valid_from", "-id"]
        verbose_name = _("普惠认定")
        verbose_name_plural = _("普惠认定")
        indexes = [models.Index(fields=["institution", "valid_from"], name="inclusive_recognition_lookup")]
        constraints = [models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                                              name="inclusive_recognition_dates")]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.valid_from}–{self.valid_to or ''}"


class InstitutionOperator(models.Model):
    """An operator account acting for an institution (经办人). The institution's admin operator (the one who filed
    it, or whose claim was approved first) adds and removes colleagues (institutions/colleagues.py)."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    is_admin = models.BooleanField(_("机构管理员"), default=False)

    class Meta:
        db_table = "institutions_institution_operators"  # the table Institution.operators always had
        unique_together = [("institution", "user")]
        verbose_name = _("机构经办人")
        verbose_name_plural = _("机构经办人")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.institution_id}{' admin' if self.is_admin else ''}"


# --- claims: an operator asks to be linked to an institution filed before it had an account ----------

class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REFUSED = "refused", _("未通过")


class ClaimProof(models.TextChoices):
    AUTHORISATION = "authorisation", _("授权委托书")
    LICENCE = "licence", _("营业执照或法人登记证书")


def claim_upload_to(instance: "InstitutionClaim", filename: str) -> str:
    import pathlib
    import uuid

    return f"claims/{instance.institution_id}/{uuid.uuid4().hex}{pathlib.Path(filename).suffix.lower()[:8]}"


class InstitutionClaimQuerySet(ScopedQuerySet):
    """Operators see their own claims; staff those of institutions in their scope."""

    def for_operator(self, user):
        return self.filter(operator=user)

    def for_staff(self, user, scope: str):
        return self.filter(code_prefix_q("institution__region_id", scope)) if scope else self


class InstitutionClaim(models.Model):
    """认领: an operator names a filed institution by its credit code and proves the right to act for it; the
    reviewers of its county approve (the operator is linked) or refuse with a reason."""

    institution = models.ForeignKey(Institution, verbose_name=_("机构"), on_delete=models.CASCADE,
                                    related_name="claims")
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.CASCADE,
                                 related_name="institution_claims")
    proof = models.CharField(_("证明材料"), max_length=16, choices=ClaimProof.choices)
    document = models.FileField(_("文件"), upload_to=claim_upload_to, max_length=255)
    document_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=64)
    status = models.CharField(_("状态"), max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.PENDING)
    reason = models.CharField(_("不通过理由"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    objects = InstitutionClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("机构认领")
        verbose_name_plural = _("机构认领")
        constraints = [models.UniqueConstraint(fields=["institution", "operator"],
                                               condition=Q(status="pending"), name="one_pending_claim")]

    def __str__(self) -> str:
        return f"{self.operator_id} → {self.institution_id} {self.status}"
