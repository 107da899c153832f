"""An upload on the import page runs on a real Celery worker (Redis broker, PostgreSQL test database)."""
import time

import pytest
from django.urls import reverse

from imports.models import ImportJob, ImportStatus
from institutions.models import Institution

from .files import institution_rows
from .test_pages import LIST, csv_upload, job_url

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _wait_until_finished(job_id: int, timeout: float = 60) -> ImportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_id)
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"import job {job_id} did not finish within {timeout} s (status {job.status})")


def test_uploaded_file_is_imported_by_the_worker_and_the_job_page_shows_it(celery_worker, client, users, regions):
    client.force_login(users["city_admin"])
    response = client.post(LIST, {"kind": "institutions", "file": csv_upload(institution_rows(30))})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)

    job = _wait_until_finished(job.pk)
    assert job.status == ImportStatus.SUCCEEDED, job.summary
    assert (job.total_rows, job.processed_rows, job.summary["created"]) == (30, 30, 30)
    assert Institution.objects.count() == 30
    body = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'data-count="created">30<' in body


def test_refused_file_writes_nothing_on_the_worker(celery_worker, client, users, regions):
    rows = institution_rows(30)
    rows[17]["slots"] = "many"
    client.force_login(users["city_admin"])
    client.post(LIST, {"kind": "institutions", "file": csv_upload(rows)})

    job = _wait_until_finished(ImportJob.objects.get().pk)
    assert job.status == ImportStatus.REFUSED
    assert [(error["row"], error["field"]) for error in job.errors] == [(19, "slots")]
    assert Institution.objects.count() == 0
