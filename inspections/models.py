"""Inspections (监督检查): versioned checklists, visits with their answers and photos, findings, rectification
orders with the operator's evidence. Grade cut-offs, planning intervals and deadlines are standards (inspections/rules.py)."""
import pathlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import STAFF, ScopedQuerySet, audience
from core.badges import register_tones
from core.models import ChoiceLabelsMixin


class InspectionType(models.TextChoices):
    ROUTINE = "routine", _("日常检查（不打招呼）")
    HEALTH = "health", _("卫生保健")
    FIRE = "fire", _("消防安全")
    QUALITY = "quality", _("质量评估")
    COMPLAINT = "complaint", _("投诉核查")
    FOLLOW_UP = "follow_up", _("复查")


class ChecklistKind(models.TextChoices):
    ROUTINE = "routine", _("日常监督检查表")
    HEALTH = "health", _("卫生保健检查表")
    FIRE = "fire", _("消防安全检查表")
    QUALITY = "quality", _("质量评估表（WS/T 821—2023）")


# The checklist a visit of each type uses unless the inspector picks another one (a follow-up visit uses the
# checklist of the visit it follows up).
DEFAULT_CHECKLIST = {
    InspectionType.ROUTINE: ChecklistKind.ROUTINE,
    InspectionType.HEALTH: ChecklistKind.HEALTH,
    InspectionType.FIRE: ChecklistKind.FIRE,
    InspectionType.QUALITY: ChecklistKind.QUALITY,
    InspectionType.COMPLAINT: ChecklistKind.ROUTINE,
    InspectionType.FOLLOW_UP: ChecklistKind.ROUTINE,
}


class Severity(models.TextChoices):
    HIGH = "high", _("高")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")


# Weights of the score of checklists without points (share of met applicable items, weighted).
SEVERITY_WEIGHTS = {Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1}


class Result(models.TextChoices):
    MET = "met", _("符合")
    NOT_MET = "not_met", _("不符合")
    NA = "na", _("不适用")


class Grade(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


# --- checklists ------------------------------------------------------------------------------------

class ChecklistTemplateQuerySet(models.QuerySet):
    def usable_in(self, province_code: str):
        """The national versions and those of the province (two-digit code)."""
        return self.filter(province_code__in={"", (province_code or "")[:2]})

    def visible_to(self, user):
        """National users see every version; a user scoped to a province or below sees the national versions and
        its province's; others none."""
        if audience(user) != STAFF:
            return self.none()
        return self if user.scope_code == "" else self.usable_in(user.scope_code)


class ChecklistTemplate(models.Model):
    """One version of a checklist. A published version is frozen (visits point at its items); admins change a
    checklist by copying it into a new draft version, editing the draft and publishing it. A version is national
    (no province) or a province's own (e.g. a provincial quality standard): a province's active version is the
    one its inspectors use, the national one elsewhere."""

    kind = models.CharField(_("检查表类别"), max_length=16, choices=ChecklistKind.choices)
    province_code = models.CharField(_("适用省份"), max_length=2, blank=True, default="",
                                     help_text=_("空为全国通用版本；否则为该省的版本，仅该省的检查使用"))
    version = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("名称"), max_length=128)
    description = models.TextField(_("说明"), blank=True)
    # The version new visits of this kind use; at most one per kind.
    is_active = models.BooleanField(_("启用"), default=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    based_on = models.ForeignKey("self", verbose_name=_("复制自"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="copies")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ChecklistTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("检查表")
        verbose_name_plural = _("检查表")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="checklist_kind_version_unique"),
            models.UniqueConstraint(fields=["kind", "province_code"], condition=Q(is_active=True),
                                    name="checklist_one_active_per_kind_and_province"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    @property
    def uses_points(self) -> bool:
        """Quality assessments score points per dimension out of 1,000; other checklists weight by severity."""
        return self.kind == ChecklistKind.QUALITY


class ChecklistSection(models.Model):
    """A section of a checklist; for the quality assessment, one of the seven dimensions with its points."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    title = models.CharField(_("名称"), max_length=128)
    max_points = models.PositiveSmallIntegerField(_("分值"), null=True, blank=True)

    class Meta:
        ordering = ["template_id", "order", "id"]
        verbose_name = _("检查表部分")
        verbose_name_plural = _("检查表部分")

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    section = models.ForeignKey(ChecklistSection, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    text = models.CharField(_("检查内容"), max_length=500)
    severity = models.CharField(_("风险等级"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM)
    points = models.PositiveSmallIntegerField(_("分值"), null=True, blank=True)
    # 一票否决: a failed baseline item grades the assessment D whatever its score.
    is_baseline = models.BooleanField(_("否决项"), default=False)

    class Meta:
        ordering = ["section_id", "order", "id"]
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")

    def __str__(self) -> str:
        return self.text[:40]


# --- visits ----------------------------------------------------------------------------------------

def _scope_filter(scope: str, prefix: str):
    """Q of the objects a government user of region scope `scope` ("" nationwide) sees."""
    return Q(**{f"{prefix}region__code__startswith": scope}) if scope else Q()


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("已计划")
    IN_PROGRESS = "in_progress", _("检查中")
    FINISHED = "finished", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class VisitQuerySet(ScopedQuerySet):
    """Government users by the region scope of the institution. Operators: the finished visits of their
    institutions only (a planned visit is unannounced; answers in progress are the inspector's)."""

    def for_operator(self, user):
        return self.filter(institution__operators=user, status=VisitStatus.FINISHED)

    def for_staff(self, user, scope: str):
        return self.filter(_scope_filter(scope, "institution__"))

    def with_related(self):
        return self.select_related("institution", "institution__region", "template", "created_by")

    def finished(self):
        return self.filter(status=VisitStatus.FINISHED)


class Visit(ChoiceLabelsMixin, models.Model):
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("托育机构"), on_delete=models.PROTECT,
                                    related_name="inspection_visits")
    type = models.CharField(_("检查类型"), max_length=16, choices=InspectionType.choices)
    # The exact checklist version used: published versions never change, so the visit reads as it was logged.
    template = models.ForeignKey(ChecklistTemplate, verbose_name=_("检查表"), on_delete=models.PROTECT,
                                 related_name="visits")
    status = models.CharField(_("状态"), max_length=12, choices=VisitStatus.choices, default=VisitStatus.PLANNED,
                              db_index=True)
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("检查人员"), blank=True,
                                        related_name="inspection_visits")
    planned_on = models.DateField(_("计划日期"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # The local date of finishing: what planning and the public history count from.
    finished_on = models.DateField(_("检查日期"), null=True, blank=True, db_index=True)
    finished_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(_("满分"), null=True, blank=True)
    # [{"section": id, "title", "max_points", "score", "applicable_points", "met_points"}] for quality assessments.
    dimension_scores = models.JSONField(_("分项得分"), default=list, blank=True)
    grade = models.CharField(_("等级"), max_length=1, choices=Grade.choices, blank=True)
    baseline_failed = models.BooleanField(_("否决项未通过"), default=False)
    summary = models.TextField(_("检查意见"), blank=True)
    # The tracking number of the public complaint this visit checks (complaints live in their own app).
    complaint_ref = models.CharField(_("投诉编号"), max_length=32, blank=True, db_index=True)
    follow_up_of = models.ForeignKey("RectificationOrder", verbose_name=_("复查的整改通知"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="follow_up_visits")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("检查")
        verbose_name_plural = _("检查")
        indexes = [models.Index(fields=["institution", "status", "finished_on"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == VisitStatus.IN_PROGRESS


class Answer(ChoiceLabelsMixin, models.Model):
    """The answer to one item, saved as it is given (a later answer to the same item replaces it)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("结果"), max_length=8, choices=Result.choices)
    note = models.TextField(_("说明"), blank=True)
    answered_at = models.DateTimeField(_("记录时间"))
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["visit_id", "item_id"]
        verbose_name = _("检查记录")
        verbose_name_plural = _("检查记录")
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="answer_one_per_visit_item")]

    def __str__(self) -> str:
        return f"{self.visit_id}/{self.item_id}: {self.result}"


def _private_name(folder: str, filename: str) -> str:
    """Random stored names under the private media root; the user's file name is kept in original_name."""
    suffix = pathlib.Path(filename).suffix.lower()[:8]
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def photo_upload_to(instance: "AnswerPhoto", filename: str) -> str:
    return _private_name(f"inspections/visits/{instance.answer.visit_id}", filename)


class AnswerPhoto(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), upload_to=photo_upload_to, max_length=255)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=32)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["answer_id", "uploaded_at", "id"]
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")

    def __str__(self) -> str:
        return self.original_name


class Finding(ChoiceLabelsMixin, models.Model):
    """A not-met item of a finished visit. It stays open until a rectification order covering it is accepted."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    severity = models.CharField(_("风险等级"), max_length=8, choices=Severity.choices)
    is_baseline = models.BooleanField(_("否决项"), default=False)
    note = models.TextField(_("问题描述"), blank=True)
    order = models.ForeignKey("RectificationOrder", verbose_name=_("整改通知"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="findings")
    resolved_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["visit_id", "item__section__order", "item__order", "id"]
        verbose_name = _("发现问题")
        verbose_name_plural = _("发现问题")
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="finding_one_per_visit_item")]
        indexes = [models.Index(fields=["severity", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.get_severity_display()} {self.item_id}"


# --- rectification ---------------------------------------------------------------------------------

class OrderStatus(models.TextChoices):
    ISSUED = "issued", _("待整改")
    ANSWERED = "answered", _("待核验")
    REJECTED = "rejected", _("退回重改")
    ACCEPTED = "accepted", _("整改通过")
    OVERDUE = "overdue", _("逾期未整改")


# The operator's turn: evidence can be submitted in these statuses (late evidence is accepted too).
AWAITING_OPERATOR = (OrderStatus.ISSUED, OrderStatus.REJECTED, OrderStatus.OVERDUE)
# Past the deadline in one of these, an order is marked overdue (evidence awaiting verification is not).
CAN_GO_OVERDUE = (OrderStatus.ISSUED, OrderStatus.REJECTED)
OPEN_ORDER_STATUSES = (OrderStatus.ISSUED, OrderStatus.ANSWERED, OrderStatus.REJECTED, OrderStatus.OVERDUE)


class RectificationOrderQuerySet(ScopedQuerySet):
    """Operators: the orders of their institutions. Government users: by the institution's region scope."""

    def for_operator(self, user):
        return self.filter(institution__operators=user)

    def for_staff(self, user, scope: str):
        return self.filter(_scope_filter(scope, "institution__"))

    def with_related(self):
        return self.select_related("institution", "institution__region", "visit", "issued_by")

    def open(self):
        return self.filter(status__in=OPEN_ORDER_STATUSES)


class RectificationOrder(ChoiceLabelsMixin, models.Model):
    """整改通知: the findings of one visit the institution must correct by a deadline."""

    visit = models.ForeignKey(Visit, verbose_name=_("检查"), on_delete=models.PROTECT,
                              related_name="rectification_orders")
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("托育机构"), on_delete=models.PROTECT,
                                    related_name="rectification_orders")
    status = models.CharField(_("状态"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.ISSUED,
                              db_index=True)
    requirements = models.TextField(_("整改要求"), blank=True)
    deadline = models.DateField(_("整改期限"), db_index=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    answered_at = models.DateTimeField(_("最近提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("最近核验时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("核验人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    overdue_at = models.DateTimeField(_("逾期时间"), null=True, blank=True)

    objects = RectificationOrderQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("整改通知")
        verbose_name_plural = _("整改通知")

    def __str__(self) -> str:
        return f"{_('整改通知')} #{self.pk}"

    @property
    def awaits_operator(self) -> bool:
        return self.status in AWAITING_OPERATOR


class RectificationEvidence(models.Model):
    """One answer of the operator: what was done, with files (PDF, JPEG or PNG)."""

    order = models.ForeignKey(RectificationOrder, on_delete=models.CASCADE, related_name="evidence")
    text = models.TextField(_("整改情况"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        ordering = ["order_id", "submitted_at", "id"]
        verbose_name = _("整改材料")
        verbose_name_plural = _("整改材料")

    def __str__(self) -> str:
        return f"{self.order_id} {self.submitted_at:%Y-%m-%d}"


def evidence_upload_to(instance: "EvidenceFile", filename: str) -> str:
    return _private_name(f"inspections/orders/{instance.evidence.order_id}", filename)


class EvidenceFile(models.Model):
    evidence = models.ForeignKey(RectificationEvidence, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=32)
    size = models.PositiveIntegerField(_("大小（字节）"))

    class Meta:
        ordering = ["evidence_id", "id"]
        verbose_name = _("整改材料文件")
        verbose_name_plural = _("整改材料文件")

    def __str__(self) -> str:
        return self.original_name


class OrderAction(models.TextChoices):
    ISSUE = "issue", _("签发")
    ANSWER = "answer", _("提交整改材料")
    REJECT = "reject", _("退回重改")
    ACCEPT = "accept", _("整改通过")
    OVERDUE = "overdue", _("逾期")
    FOLLOW_UP = "follow_up", _("安排复查")


class RectificationEvent(ChoiceLabelsMixin, models.Model):
    """The order's history: issue, evidence, verification (with the reason) and overdue marks."""

    order = models.ForeignKey(RectificationOrder, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=10, choices=OrderAction.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    from_status = models.CharField(_("原状态"), max_length=10, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, choices=OrderStatus.choices)
    reason = models.TextField(_("意见"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("整改记录")
        verbose_name_plural = _("整改记录")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


# The colour of each state's badge ({% status_badge %}, core/badges.py).
register_tones(Visit, "status", {
    VisitStatus.PLANNED: "neutral",
    VisitStatus.IN_PROGRESS: "primary",
    VisitStatus.FINISHED: "success",
    VisitStatus.CANCELLED: "muted",
})
register_tones(RectificationOrder, "status", {
    OrderStatus.ISSUED: "warning",
    OrderStatus.ANSWERED: "primary",
    OrderStatus.REJECTED: "danger",
    OrderStatus.ACCEPTED: "success",
    OrderStatus.OVERDUE: "overdue",
})
