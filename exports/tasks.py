"""Celery tasks of exports: they take ids and are idempotent (a job is claimed before it is written)."""
from celery import shared_task

from .services import export_job_run, export_jobs_expire


@shared_task(ignore_result=True)
def run_export_job(job_id: int) -> None:
    export_job_run(job_id=job_id)


@shared_task(ignore_result=True)
def delete_expired_exports() -> int:
    """Beat task (CELERY_BEAT_SCHEDULE): expired files deleted, their jobs marked expired."""
    return export_jobs_expire()
