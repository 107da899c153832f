"""Celery tasks of imports: they take ids and are idempotent (the job is claimed before it runs)."""
from celery import shared_task

from .services import import_job_run


@shared_task(ignore_result=True)
def run_import_job(job_id: int) -> None:
    import_job_run(job_id=job_id)
