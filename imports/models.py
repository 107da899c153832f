"""Import jobs: one row per import run (uploaded on the admin page or run from the command line)."""
import pathlib
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import PersonalQuerySet
from core.badges import register_tones
from core.models import ChoiceLabelsMixin
from core.stored_text import shown


class ImportKind(models.TextChoices):
    INSTITUTIONS = "institutions", _("托育机构")
    POPULATION = "population", _("常住人口")
    TARGETS = "targets", _("年度新增托位目标")
    UNDER3 = "under3", _("3岁以下常住人口")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("成功")
    FAILED = "failed", _("失败")
    REFUSED = "refused", _("已拒绝")


# Statuses after which a job never changes again.
FINISHED_STATUSES = {ImportStatus.SUCCEEDED, ImportStatus.FAILED, ImportStatus.REFUSED}


def import_upload_to(instance: "ImportJob", filename: str) -> str:
    """A random stored name: the user's file name is kept in `original_name`, never used as a path."""
    suffix = pathlib.Path(filename).suffix.lower()
    return f"imports/{uuid.uuid4().hex}{suffix}"


class ImportJobQuerySet(PersonalQuerySet):
    """A user sees only the jobs they started (superusers included: jobs are personal)."""

    owner_field = "created_by"


class ImportJob(ChoiceLabelsMixin, models.Model):
    kind = models.CharField(_("导入类型"), max_length=16, choices=ImportKind.choices)
    original_name = models.CharField(_("文件名"), max_length=255)
    # Stored under MEDIA_ROOT, which is private (never served directly). Blank for command-line runs.
    file = models.FileField(_("文件"), upload_to=import_upload_to, blank=True, max_length=255)
    status = models.CharField(_("状态"), max_length=16, choices=ImportStatus.choices,
                              default=ImportStatus.QUEUED, db_index=True)
    dry_run = models.BooleanField(_("试运行"), default=False)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    summary = models.JSONField(_("结果摘要"), default=dict, blank=True)
    errors = models.JSONField(_("错误明细"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="import_jobs")
    # The uploader's region scope when the job was created ('' = national); rows outside it are refused.
    scope_code = models.CharField(_("管辖范围"), max_length=12, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.original_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def progress_pct(self) -> int:
        if self.is_finished:
            return 100
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)

    @property
    def file_problems(self) -> list[str]:
        """The file's problems in the reader's language (stored in Chinese with their values: core.stored_text)."""
        texts = (self.summary or {}).get("file_errors") or []
        params = (self.summary or {}).get("file_error_params") or [None] * len(texts)
        return [shown(text, values) for text, values in zip(texts, params, strict=False)]

    @property
    def failure_text(self) -> str:
        summary = self.summary or {}
        return shown(summary.get("failure") or "", summary.get("failure_params"))

    @property
    def error_count(self) -> int:
        return int(self.summary.get("error_count", len(self.errors))) if self.summary else len(self.errors)


# The colour of each state's badge ({% status_badge %}, core/badges.py).
register_tones(ImportJob, "status", {
    ImportStatus.QUEUED: "neutral",
    ImportStatus.RUNNING: "info",
    ImportStatus.SUCCEEDED: "success",
    ImportStatus.FAILED: "danger",
    ImportStatus.REFUSED: "warning",
})
