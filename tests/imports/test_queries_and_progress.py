"""The import's query count does not grow per row, and progress is reported in chunks."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from imports.models import ImportJob, ImportKind, ImportStatus
from imports.services import InstitutionImporter, import_job_run
from imports.services import base as import_base
from institutions.models import Institution

from .files import institution_rows, institutions_csv, write_csv

pytestmark = pytest.mark.django_db


def count_queries(run_import, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        run_import("institutions", path)
    return len(queries)


@pytest.mark.parametrize("stage", ["create", "update", "unchanged"])
def test_institution_import_queries_do_not_grow_per_row(regions, run_import, tmp_path, stage):
    counts = {}
    for n in (10, 200):
        rows = institution_rows(n, start=n * 1000)
        path = institutions_csv(tmp_path / f"{n}.csv", rows)
        if stage != "create":
            run_import("institutions", path)
        if stage == "update":
            for row in rows:
                row["slots"] += 1
                row["name"] += "（新）"
            path = institutions_csv(tmp_path / f"{n}-v2.csv", rows)
        counts[n] = count_queries(run_import, path)
    # Only write batches (500 rows) and SQLite's 999-variable insert batches may add a query or two.
    assert counts[200] <= counts[10] + 6, counts
    assert counts[200] < 30, counts


def test_figure_import_queries_do_not_grow_per_row(regions, run_import, tmp_path, django_assert_max_num_queries):
    from tests.factories import region

    codes = [f"130102{i:03d}" for i in range(1, 201)]
    for code in codes:
        region(code)
    for n in (10, 200):
        path = write_csv(tmp_path / f"{n}.csv", ["region_code", "year", "population"],
                         [[code, "2024", str(1000 + n)] for code in codes[:n]])
        with django_assert_max_num_queries(12):
            run_import("population", path)


def test_progress_is_reported_in_chunks(regions, tmp_path, monkeypatch):
    monkeypatch.setattr(import_base, "CHUNK_SIZE", 10)
    path = institutions_csv(tmp_path / "f.csv", institution_rows(25))
    calls = []
    with open(path, "rb") as handle:
        InstitutionImporter().prepare(handle, "f.csv", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 25), (10, 25), (20, 25), (25, 25)]


def test_job_progress_is_saved_while_validating(regions, users, tmp_path, monkeypatch):
    monkeypatch.setattr(import_base, "CHUNK_SIZE", 10)
    seen = []
    original = InstitutionImporter.check_chunk

    def spy(self, rows, prepared):
        job = ImportJob.objects.get()
        seen.append((job.status, job.processed_rows, job.total_rows))
        return original(self, rows, prepared)

    monkeypatch.setattr(InstitutionImporter, "check_chunk", spy)
    path = institutions_csv(tmp_path / "f.csv", institution_rows(25))
    job = ImportJob.objects.create(kind=ImportKind.INSTITUTIONS, original_name="f.csv", created_by=users["city_admin"],
                                   scope_code="1301")
    with open(path, "rb") as handle:
        job.file.save("f.csv", handle)
    import_job_run(job_id=job.pk)
    assert seen == [("running", 0, 25), ("running", 10, 25), ("running", 20, 25)]
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.total_rows) == (ImportStatus.SUCCEEDED, 25, 25)
    assert Institution.objects.count() == 25


def test_a_job_left_running_by_a_dead_worker_is_claimed_again(regions, users, tmp_path, settings):
    import datetime

    from django.utils import timezone

    path = institutions_csv(tmp_path / "f.csv", institution_rows(2))
    job = ImportJob.objects.create(kind=ImportKind.INSTITUTIONS, original_name="f.csv", created_by=users["city_admin"],
                                   status=ImportStatus.RUNNING, started_at=timezone.now())
    with open(path, "rb") as handle:
        job.file.save("f.csv", handle)
    assert import_job_run(job_id=job.pk) is None  # still running: not claimed
    ImportJob.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1))
    assert import_job_run(job_id=job.pk).status == ImportStatus.SUCCEEDED
    assert Institution.objects.count() == 2
