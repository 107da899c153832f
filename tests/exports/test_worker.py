"""An export job written by a real Celery worker (Redis broker, PostgreSQL test database, shared private media)."""
import io
import time

import openpyxl
import pytest
from django.urls import reverse

from exports.models import ExportJob
from tests.factories import InstitutionFactory

from .conftest import download_url, job_url, new_url

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _wait_until_finished(job_id: int, timeout: float = 60) -> ExportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ExportJob.objects.get(pk=job_id)
        if not job.is_active:
            return job
        time.sleep(0.2)
    raise AssertionError(f"export job {job_id} did not finish within {timeout} s (status {job.status})")


def test_the_worker_writes_the_file_and_the_owner_downloads_it(celery_worker, client, users, regions, settings):
    for n in range(12):
        InstitutionFactory(name=f"长安区托育园{n}", region=regions["county_a"], capacity=(10, 5))
    InstitutionFactory(name="桥西区托育园", region=regions["county_b"], capacity=(10, 5))
    client.force_login(users["admin_a"])
    response = client.get(reverse("institutions:staff_export", args=["xlsx"]))
    assert response["Location"] == new_url("xlsx")
    response = client.post(new_url("xlsx"))
    job = ExportJob.objects.get()
    assert response["Location"] == job_url(job)

    job = _wait_until_finished(job.pk)
    assert (job.status, job.rows_done, job.rows_total) == ("done", 12, 12), job.error
    download = client.get(download_url(job))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    names = sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == sorted(f"长安区托育园{n}" for n in range(12))
