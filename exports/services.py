"""Export jobs: asking for one (the confirmation page's POST), running it (the Celery task body), and
expiring old files (the beat task). docs/exports.md has the rules."""
import datetime
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.models import User
from accounts.services import audit_record
from core import outbox
from core.stored_text import Message
from notifications.services import notification_send

from . import messages as msg
from .kinds import get_kind
from .models import ACTIVE_STATUSES, ExportFormat, ExportJob, ExportStatus

logger = logging.getLogger(__name__)

# Exports a user may have queued or running at once (a repeated click on the same export reuses its job).
MAX_ACTIVE_JOBS_PER_USER = 3
NOTICE_DONE = "export.done"
NOTICE_FAILED = "export.failed"


def export_params(query: QueryDict) -> dict[str, list[str]]:
    """A list page's query string as a job stores it: every parameter but the page number."""
    return {name: values for name, values in sorted(query.lists()) if name != "page"}


def _stale_before(now: datetime.datetime) -> datetime.datetime:
    """A job claimed before this was left by a worker that died (it would have hit the time limit)."""
    return now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def export_job_request(*, user: User, kind: str, fmt: str, params: dict[str, list[str]]) -> tuple[ExportJob, bool]:
    """Create a queued export job of the user's current filters and scope and queue its task after commit.

    Returns (job, created): asking again for an export identical to one still queued or running (a double
    click, a reload) returns that job instead of a second one.
    """
    from .tasks import run_export_job  # tasks import this module

    export_kind = get_kind(kind)
    if export_kind is None or fmt not in export_kind.formats:
        raise ValidationError(msg.MSG_UNKNOWN_KIND, code="kind")
    scope_code = user.scope_code
    with transaction.atomic():
        # One request at a time per user, so that two quick clicks cannot both pass the checks below.
        User.objects.select_for_update().filter(pk=user.pk).first()
        active = list(ExportJob.objects.filter(owner=user, status__in=ACTIVE_STATUSES,
                                               created_at__gte=_stale_before(timezone.now())))
        for job in active:
            if (job.kind, job.format, job.params, job.scope_code) == (kind, fmt, params, scope_code):
                return job, False
        if len(active) >= MAX_ACTIVE_JOBS_PER_USER:
            raise ValidationError(msg.MSG_TOO_MANY_ACTIVE.format(n=len(active)), code="too_many")
        job = ExportJob.objects.create(owner=user, kind=kind, format=fmt, params=params, scope_code=scope_code)
        query = job.query().urlencode()
        summary = (AuditText(gettext_lazy("导出{kind}（{format}）：{query}"), kind=export_kind.label,
                             format=fmt.upper(), query=query) if query
                   else AuditText(gettext_lazy("导出{kind}（{format}）"), kind=export_kind.label, format=fmt.upper()))
        audit_record(actor=user, action="export.request", obj=job, region_code=scope_code or "", summary=summary,
                     after={"kind": kind, "format": fmt, "params": params})
        outbox.enqueue(run_export_job, job.pk)
    return job, True


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Write the file of a queued job once: claim it (queued → running), re-apply its filters within the
    owner's scope, write the rows in chunks (recording progress), store the file privately, tell the owner.

    Running it again does nothing (the claim fails), except for a job left `running` past the task time limit
    by a worker that died: that one is claimed again and written from the start. Each run is identified by
    its claim time, so a run that lost its job to a later claim stores nothing.
    """
    claim = timezone.now()
    claimed = ExportJob.objects.filter(
        Q(status=ExportStatus.QUEUED) | Q(status=ExportStatus.RUNNING, started_at__lt=_stale_before(claim)),
        pk=job_id,
    ).update(status=ExportStatus.RUNNING, started_at=claim, rows_done=0)
    if claimed != 1:
        return None
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    this_run = ExportJob.objects.filter(pk=job_id, status=ExportStatus.RUNNING, started_at=claim)
    if not job.owner.is_active:
        _fail(job, this_run, msg.MSG_OWNER_INACTIVE)
        return job
    try:
        stored = _write(job, this_run)
    except Exception:
        logger.exception("Export job %s failed", job_id)
        _fail(job, this_run, msg.MSG_FAILED)
        return job
    if stored:
        job.refresh_from_db()
        _notify(job, NOTICE_DONE)
    return job


def _write(job: ExportJob, this_run) -> bool:
    """Write and store the file; False when the job was taken over or stopped meanwhile (nothing kept)."""
    export_kind = get_kind(job.kind)
    if export_kind is None:
        raise LookupError(f"unknown export kind {job.kind!r}")
    file_field = job.file
    # Celery does not activate a language: the file's labels (nature, filing state...) are in Chinese.
    with translation.override(settings.LANGUAGE_CODE), tempfile.TemporaryFile() as handle:
        rows = export_kind.rows(owner=job.owner, query=job.query(), scope_code=job.scope_code)
        this_run.update(rows_total=rows.count())
        # Progress is written outside any transaction, so the job page sees it move.
        written = export_kind.write(rows, job.format, handle, every=settings.EXPORT_PROGRESS_EVERY,
                                    progress=lambda done: this_run.update(rows_done=done))
        size = handle.tell()
        handle.seek(0)
        file_field.save(f"export.{job.format}", File(handle), save=False)
    finished = timezone.now()
    stored = this_run.update(
        status=ExportStatus.DONE, file=file_field.name, size=size, rows_total=written, rows_done=written,
        finished_at=finished, expires_at=finished + datetime.timedelta(days=settings.EXPORT_RETENTION_DAYS),
        error="")
    if not stored:
        file_field.storage.delete(file_field.name)
    return bool(stored)


def _fail(job: ExportJob, this_run, message: str) -> None:
    if this_run.update(status=ExportStatus.FAILED, error=message[:255], finished_at=timezone.now()):
        job.refresh_from_db()
        _notify(job, NOTICE_FAILED)


def _notify(job: ExportJob, kind: str) -> None:
    """One in-portal notice (and e-mail copy) to the owner; the dedupe key makes a re-run send nothing twice."""
    export_kind = get_kind(job.kind)
    names = {"kind": export_kind.label if export_kind else job.kind, "format": ExportFormat(job.format).label}
    if kind == NOTICE_DONE:
        title = Message(gettext_lazy("导出文件已生成：%(kind)s（%(format)s）"), **names)
        body = Message(gettext_lazy("共 %(rows)d 行。文件仅您本人可下载，保留至 %(expires)s。"), rows=job.rows_done,
                       expires=timezone.localtime(job.expires_at).strftime("%Y-%m-%d %H:%M"))
    else:
        title = Message(gettext_lazy("导出失败：%(kind)s（%(format)s）"), **names)
        body = job.error
    notification_send(recipient=job.owner, kind=kind, title=title, body=body,
                      url=reverse("exports:job", args=[job.pk]), dedupe_key=f"export:{job.pk}:{kind}")


def export_jobs_expire(*, now: datetime.datetime | None = None) -> int:
    """Mark finished jobs past their expiry `expired` and delete their files; stop jobs stuck far past the
    time limit (a lost task message, a dead worker not retried). Returns the jobs expired. Safe to re-run:
    a file whose deletion failed is tried again next time."""
    now = now or timezone.now()
    expired = ExportJob.objects.filter(status=ExportStatus.DONE, expires_at__lte=now).update(
        status=ExportStatus.EXPIRED)
    stuck_before = now - datetime.timedelta(seconds=2 * settings.CELERY_TASK_TIME_LIMIT)
    ExportJob.objects.filter(
        Q(status=ExportStatus.QUEUED, created_at__lt=stuck_before)
        | Q(status=ExportStatus.RUNNING, started_at__lt=stuck_before),
    ).update(status=ExportStatus.FAILED, error=str(msg.MSG_ABANDONED)[:255], finished_at=now)
    storage = ExportJob._meta.get_field("file").storage
    for pk, name in ExportJob.objects.filter(status=ExportStatus.EXPIRED).exclude(file="").values_list("pk", "file"):
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not delete the file of expired export job %s", pk)
            continue
        ExportJob.objects.filter(pk=pk, file=name).update(file="", size=None)
    return expired
