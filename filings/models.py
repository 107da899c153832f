"""Filings (备案): a new institution's filing, a change filing and a deregistration request, with their
documents, review decisions, filing numbers and the working-day calendar of the review deadlines."""
import hashlib
import pathlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from core.badges import register_tones
from core.models import ChoiceLabelsMixin
from regions.scope import code_prefix_q


class FilingKind(models.TextChoices):
    NEW = "new", _("新设备案")
    CHANGE = "change", _("变更备案")
    DEREGISTER = "deregister", _("注销备案")


class FilingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("退回补正")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("不予备案")
    WITHDRAWN = "withdrawn", _("已撤回")


# Statuses in which the operator may edit the filing's answers and documents.
EDITABLE_STATUSES = (FilingStatus.DRAFT, FilingStatus.RETURNED)
# Statuses that a reviewer sees in the queue (awaiting a decision).
PENDING_STATUSES = (FilingStatus.SUBMITTED,)
DECIDED_STATUSES = (FilingStatus.APPROVED, FilingStatus.REJECTED)


class DocumentType(models.TextChoices):
    """Filing materials of 托育机构登记和备案办法(试行) (2019)."""
    FILING_FORM = "filing_form", _("备案书")
    COMMITMENT = "commitment", _("承诺书")
    BUSINESS_LICENCE = "business_licence", _("营业执照或法人登记证书")
    PREMISES = "premises", _("场地证明")
    STAFF_CERTIFICATES = "staff_certificates", _("工作人员资格证书及健康证明")
    HEALTH_EVALUATION = "health_evaluation", _("托幼机构卫生评价报告")
    FIRE_SAFETY = "fire_safety", _("消防安全检查合格证明")
    FOOD_LICENCE = "food_licence", _("食品经营许可证")
    OTHER = "other", _("其他材料")


class FilingQuerySet(ScopedQuerySet):
    """Operators see the filings they started or that concern their institutions; staff see the filings of their
    scope once submitted (drafts are the operator's own business)."""

    def for_operator(self, user):
        return self.filter(Q(created_by=user) | Q(institution__operators=user)).distinct()

    def for_staff(self, user, scope: str):
        submitted = ~Q(status=FilingStatus.DRAFT) & Q(county__isnull=False)  # one filter(): a queryset clone each
        return self.filter(submitted & code_prefix_q("county_id", scope) if scope else submitted)

    def with_related(self):
        return self.select_related("county", "county__parent", "county__parent__parent", "institution",
                                   "created_by")

    def pending(self):
        return self.filter(status__in=PENDING_STATUSES)


class Filing(ChoiceLabelsMixin, models.Model):
    """One filing. Its answers live in `data` (a JSON document per wizard step) until approval, when
    the service writes them to the institution, its classes, staff and capacity history."""

    kind = models.CharField(_("备案类型"), max_length=12, choices=FilingKind.choices, default=FilingKind.NEW)
    status = models.CharField(_("状态"), max_length=12, choices=FilingStatus.choices, default=FilingStatus.DRAFT,
                              db_index=True)
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("托育机构"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="filings")
    # The county-level region that reviews the filing (set from the premises step); the scope key.
    county = models.ForeignKey("regions.Region", verbose_name=_("受理县区"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("机构名称"), max_length=128, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    data = models.JSONField(_("填报内容"), default=dict, blank=True)
    # The institution's facts when a change filing started (the left side of the reviewer's diff).
    baseline = models.JSONField(_("变更前内容"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True,
                                   on_delete=models.SET_NULL, related_name="filings")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, db_index=True)
    first_submitted_at = models.DateTimeField(_("首次提交时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    filing_number = models.CharField(_("备案编号"), max_length=24, blank=True, db_index=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)

    objects = FilingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("备案申请")
        verbose_name_plural = _("备案申请")
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            # The review queue of a county, a city or a province: its status, its scope (a code range on the county)
            # and its order in one index, for the page's rows and its count (issue 12 point 14).
            models.Index(fields=["status", "county", "submitted_at", "id"], name="filing_queue"),
        ]
        constraints = [
            # At most one open filing (draft, submitted or returned) per institution at a time.
            models.UniqueConstraint(
                fields=["institution"], condition=Q(status__in=["draft", "submitted", "returned"]),
                name="filing_one_open_per_institution",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} {self.name}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def step_data(self, step: str) -> dict:
        return dict(self.data.get(step) or {})


class FilingDecisionAction(models.TextChoices):
    SUBMIT = "submit", _("提交")
    ACCEPT = "accept", _("受理")
    RETURN = "return", _("退回补正")
    APPROVE = "approve", _("通过")
    REJECT = "reject", _("不予备案")
    WITHDRAW = "withdraw", _("撤回")


class FilingEvent(ChoiceLabelsMixin, models.Model):
    """The filing's history as the operator and reviewer see it: submissions and decisions, with the
    reviewer's reason and per-item comments on a return."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=12, choices=FilingDecisionAction.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    from_status = models.CharField(_("原状态"), max_length=12, choices=FilingStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=12, choices=FilingStatus.choices)
    reason = models.TextField(_("意见"), blank=True)
    # {"<step>.<field>": "comment"} — shown to the operator next to the field.
    comments = models.JSONField(_("逐项意见"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("备案记录")
        verbose_name_plural = _("备案记录")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def labelled_comments(self) -> list[dict]:
        """The per-item comments with the field's label instead of its key, in the active language."""
        from .forms import comment_label

        return [{"key": key, "label": comment_label(key), "text": text} for key, text in (self.comments or {}).items()]


def document_upload_to(instance: "FilingDocument", filename: str) -> str:
    """Random stored names under the private media root; the user's name is kept in original_name."""
    suffix = pathlib.Path(filename).suffix.lower()[:8]
    return f"filings/{instance.filing_id}/{uuid.uuid4().hex}{suffix}"


class FilingDocumentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(superseded_at__isnull=True)

    def visible_to(self, user):
        return self.filter(filing__in=Filing.objects.visible_to(user))


class FilingDocument(ChoiceLabelsMixin, models.Model):
    """An uploaded filing material. Replacing one keeps the old row (superseded) in the history."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(_("材料类型"), max_length=24, choices=DocumentType.choices)
    file = models.FileField(_("文件"), upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    superseded_at = models.DateTimeField(_("被替换时间"), null=True, blank=True)

    objects = FilingDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["doc_type", "-uploaded_at", "-id"]
        verbose_name = _("备案材料")
        verbose_name_plural = _("备案材料")
        constraints = [
            models.UniqueConstraint(fields=["filing", "doc_type"], condition=Q(superseded_at__isnull=True),
                                    name="filing_document_one_current_per_type"),
        ]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.original_name}"

    def get_doc_type_display(self) -> str:
        """The national type's name, or the name of the material a province added (standards.DocumentRequirement)."""
        if self.doc_type in DocumentType.values:
            return self._get_FIELD_display(self._meta.get_field("doc_type"))
        from standards.selectors import document_label

        return document_label(self.doc_type) or self.doc_type

    @staticmethod
    def digest(chunks) -> str:
        sha = hashlib.sha256()
        for chunk in chunks:
            sha.update(chunk)
        return sha.hexdigest()


class FilingNumberSequence(models.Model):
    """The last filing number issued per county and year; a row lock makes numbers gap-free."""

    county = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="filing_number_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.county_id}-{self.year}: {self.last}"


# The colour of each state's badge ({% status_badge %}, core/badges.py).
register_tones(Filing, "status", {
    FilingStatus.DRAFT: "neutral",
    FilingStatus.SUBMITTED: "primary",
    FilingStatus.RETURNED: "warning",
    FilingStatus.APPROVED: "success",
    FilingStatus.REJECTED: "danger",
    FilingStatus.WITHDRAWN: "muted",
})
