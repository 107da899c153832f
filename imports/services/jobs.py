"""Import runs: creating a job from an upload, running it (Celery task body or command) and auditing it."""
import datetime
import logging
import pathlib
from typing import BinaryIO

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.models import User
from accounts.services import audit_record
from core import outbox
from core.stored_text import stored

from .. import messages as msg
from ..models import ImportJob, ImportKind, ImportStatus
from .base import Column, Importer, Prepared
from .figures import PopulationImporter, TargetImporter, Under3PopulationImporter
from .institutions import COLUMNS as INSTITUTION_COLUMNS
from .institutions import ImportConflict, InstitutionImporter

logger = logging.getLogger(__name__)

IMPORTERS: dict[str, type[Importer]] = {
    ImportKind.INSTITUTIONS: InstitutionImporter,
    ImportKind.POPULATION: PopulationImporter,
    ImportKind.TARGETS: TargetImporter,
    ImportKind.UNDER3: Under3PopulationImporter,
}
MSG_AUDIT_RUN = gettext_lazy("{kind}导入 {file}：{status}；{rows} 行，新增 {created}，更新 {updated}，未变 {unchanged}，"
                             "错误 {errors}")
MSG_AUDIT_DRY_RUN = gettext_lazy("{kind}导入 {file}（试运行）：{status}；{rows} 行，新增 {created}，更新 {updated}，"
                                 "未变 {unchanged}，错误 {errors}")
# A job keeps at most this many row errors (the summary always has the full count); commands print all.
MAX_STORED_ERRORS = 10_000


def import_columns(kind: str) -> tuple[Column, ...]:
    """The columns of a kind, for the upload page and the CSV templates."""
    if kind == ImportKind.INSTITUTIONS:
        return INSTITUTION_COLUMNS
    return IMPORTERS[kind].build_columns(timezone.localdate().year)


def import_job_create(*, user: User, kind: str, dry_run: bool, upload) -> ImportJob:
    """Store the upload privately, create the queued job and queue its task once the job is committed."""
    from ..tasks import run_import_job  # tasks import this module

    with transaction.atomic():
        job = ImportJob(kind=kind, original_name=pathlib.PurePath(upload.name).name[:255], dry_run=dry_run,
                        created_by=user, scope_code=user.scope_code or "", status=ImportStatus.QUEUED)
        job.file.save(upload.name, upload, save=False)
        job.save()
        job_id = job.pk
        outbox.enqueue(run_import_job, job_id)
    return job


def _stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a queued job once: claim it (queued → running), validate, write or refuse, audit.

    Running it again does nothing (the claim fails), except for a job left `running` longer than the
    task time limit by a worker that died: that one is claimed again and run from the start (a run
    writes in one transaction, so a dead run wrote nothing).
    """
    claimed = ImportJob.objects.filter(
        Q(status=ImportStatus.QUEUED) | Q(status=ImportStatus.RUNNING, started_at__lt=_stale_before()),
        pk=job_id,
    ).update(status=ImportStatus.RUNNING, started_at=timezone.now(), processed_rows=0)
    if claimed != 1:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        with job.file.open("rb") as handle:
            _execute(job, handle)
    except Exception:
        logger.exception("Import job %s failed", job_id)
        _fail(job, msg.MSG_FAILED)
    return job


def import_file_run(*, kind: str, path: pathlib.Path, dry_run: bool = False, actor: User | None = None,
                    scope_code: str = "") -> tuple[ImportJob, Prepared]:
    """Import a local file now (the management commands). The job records the run; the file is not copied."""
    job = ImportJob.objects.create(kind=kind, original_name=path.name[:255], dry_run=dry_run, created_by=actor,
                                   scope_code=scope_code, status=ImportStatus.RUNNING, started_at=timezone.now())
    try:
        with open(path, "rb") as handle:
            prepared = _execute(job, handle)
    except Exception:
        _fail(job, msg.MSG_FAILED)
        raise
    return job, prepared


def _execute(job: ImportJob, handle: BinaryIO) -> Prepared:
    importer = IMPORTERS[job.kind](scope_code=job.scope_code, actor=job.created_by)

    def progress(done: int, total: int) -> None:
        # Outside any transaction, so a page polling the job sees it move.
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    prepared = importer.prepare(handle, job.original_name, dry_run=job.dry_run, progress=progress)
    if prepared.refused or job.dry_run:
        status = ImportStatus.REFUSED if prepared.refused else ImportStatus.SUCCEEDED
        with transaction.atomic():
            _finish(job, prepared, status)
        return prepared
    try:
        with transaction.atomic():
            importer.write(prepared)
            _finish(job, prepared, ImportStatus.SUCCEEDED)
    except (ImportConflict, IntegrityError):
        # Someone changed the same institutions or figures while this file was validated.
        logger.warning("Import job %s conflicted with a concurrent change", job.pk, exc_info=True)
        _fail(job, msg.MSG_CONFLICT, prepared)
    return prepared


def _finish(job: ImportJob, prepared: Prepared, status: str) -> None:
    job.status = status
    job.total_rows = prepared.total_rows
    job.processed_rows = prepared.total_rows
    job.summary = prepared.summary()
    job.summary["errors_stored"] = min(len(prepared.errors), MAX_STORED_ERRORS)
    job.errors = [error.as_dict() for error in prepared.errors[:MAX_STORED_ERRORS]]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "total_rows", "processed_rows", "summary", "errors", "finished_at"])
    _audit(job)


def _fail(job: ImportJob, message, prepared: Prepared | None = None) -> None:
    job.status = ImportStatus.FAILED
    failure, failure_params = stored(message)
    job.summary = {**(prepared.summary() if prepared else {}), "written": False, "created": 0, "updated": 0,
                   "unchanged": 0, "failure": failure, "failure_params": failure_params}
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "summary", "finished_at"])
    _audit(job)


def _audit(job: ImportJob) -> None:
    """One audit row per run, summarising it (never one per row)."""
    summary = job.summary
    text = AuditText(MSG_AUDIT_DRY_RUN if job.dry_run else MSG_AUDIT_RUN, kind=ImportKind(job.kind).label,
                     file=job.original_name, status=ImportStatus(job.status).label, rows=summary.get("rows", 0),
                     created=summary.get("created", 0), updated=summary.get("updated", 0),
                     unchanged=summary.get("unchanged", 0), errors=summary.get("error_count", 0))
    audit_record(actor=job.created_by, action="import.run", obj=job, region_code=job.scope_code, summary=text,
                 after={"status": job.status, **summary})
