"""Export jobs: one row per export too large to stream, written by a Celery task into private storage and
offered for download, to the user who asked only, until it expires (docs/exports.md)."""
import uuid

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import PersonalQuerySet
from core.badges import register_tones
from core.models import ChoiceLabelsMixin


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    EXPIRED = "expired", _("已过期")


# Statuses of a job that still has work to do.
ACTIVE_STATUSES = (ExportStatus.QUEUED, ExportStatus.RUNNING)

CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_upload_to(instance: "ExportJob", filename: str) -> str:
    """A random name under the private media root (MEDIA_URL is None: never served but by the download view)."""
    return f"exports/{uuid.uuid4().hex}.{instance.format}"


class ExportJobQuerySet(PersonalQuerySet):
    """A user sees only the exports they asked for (superusers included: exports are personal)."""

    owner_field = "owner"


class ExportJob(ChoiceLabelsMixin, models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.CASCADE,
                              related_name="export_jobs")
    # A key of exports.kinds.KINDS ("institutions"); no choices, so that a new kind needs no migration.
    kind = models.CharField(_("导出类型"), max_length=32)
    format = models.CharField(_("格式"), max_length=8, choices=ExportFormat.choices)
    # The list's query string when the export was asked for, as {name: [values]} (the page number left out).
    params = models.JSONField(_("筛选条件"), default=dict, blank=True)
    # The owner's region scope then ('' = national, None = no region scope: an operator's own institutions;
    # the two differ, hence null). The rows are the owner's scope when the job runs, never outside this one.
    scope_code = models.CharField(_("管辖范围"), max_length=12, null=True, blank=True)  # noqa: DJ001
    status = models.CharField(_("状态"), max_length=16, choices=ExportStatus.choices,
                              default=ExportStatus.QUEUED, db_index=True)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    rows_done = models.PositiveIntegerField(_("已写入行数"), default=0)
    file = models.FileField(_("文件"), upload_to=export_upload_to, blank=True, max_length=255)
    size = models.PositiveBigIntegerField(_("文件大小（字节）"), null=True, blank=True)
    error = models.CharField(_("错误信息"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True, db_index=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        indexes = [models.Index(fields=["owner", "-created_at"], name="exportjob_owner_recent")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind}.{self.format}"

    @property
    def kind_label(self) -> str:
        from .kinds import get_kind

        export_kind = get_kind(self.kind)
        return str(export_kind.label) if export_kind else self.kind

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_expired(self) -> bool:
        return self.status == ExportStatus.EXPIRED or (
            self.expires_at is not None and self.expires_at <= timezone.now())

    @property
    def is_downloadable(self) -> bool:
        return self.status == ExportStatus.DONE and bool(self.file) and not self.is_expired

    @property
    def progress_pct(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def download_name(self) -> str:
        from .kinds import get_kind

        export_kind = get_kind(self.kind)
        prefix = export_kind.filename if export_kind else f"tuoyu-{self.kind}"
        made = timezone.localtime(self.finished_at or self.created_at)
        return f"{prefix}-{made:%Y%m%d}-{self.pk}.{self.format}"

    def query(self) -> QueryDict:
        """The captured filters as the QueryDict the list page read them from."""
        query = QueryDict(mutable=True)
        for name, values in self.params.items():
            query.setlist(name, list(values))
        return query

    def scope_still_held_by(self, user) -> bool:
        """Whether the user still has the region scope the file was written for: someone moved to a narrower
        or another region since may no longer download rows of the old one."""
        if self.scope_code is None:
            return True
        scope = user.scope_code
        return scope is not None and self.scope_code.startswith(scope)


# The colour of each state's badge ({% status_badge %}, core/badges.py).
register_tones(ExportJob, "status", {
    ExportStatus.QUEUED: "neutral",
    ExportStatus.RUNNING: "info",
    ExportStatus.DONE: "success",
    ExportStatus.FAILED: "danger",
    ExportStatus.EXPIRED: "light",
})
