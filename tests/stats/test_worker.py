"""On PostgreSQL with a real Celery worker on Redis (not eager): an approval updates the stored county, city and
province figures through the debounced task; concurrent runs queue on their locks and agree."""
import datetime
import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.forms.models import model_to_dict
from django.utils import timezone

from filings.services import filing_approve
from regions.models import RegionPopulation
from stats.models import RegionFigures
from stats.services import rollups_compute_year
from stats.tasks import recompute_all
from tests.factories import InstitutionFactory
from tests.filings.helpers import submitted_filing

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

TIMEOUT = 30


def wait_for_slots(code: str, year: int, slots: int) -> RegionFigures:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        row = RegionFigures.objects.filter(region_code=code, year=year, quarter=0).first()
        if row is not None and row.slots == slots:
            return row
        time.sleep(0.2)
    raise AssertionError(f"figures of {code!r} {year} did not reach {slots} slots within {TIMEOUT} s: {row}")


def test_an_approval_updates_the_stored_figures_on_the_worker(celery_worker, users, regions, settings):
    settings.STATS_RECOMPUTE_DELAY = 1
    year = timezone.localdate().year
    call_command("compute_rollups", "--year", str(year), stdout=io.StringIO())
    before = RegionFigures.objects.get(region_code="130102", year=year, quarter=0)
    assert before.slots == 0

    filing = submitted_filing(users["operator_a"])
    filing_approve(filing=filing, by=users["reviewer_a"])  # commits: the recompute is queued on commit

    for code in ("130102", "1301", "13"):
        row = wait_for_slots(code, year, 40)  # the filing's classes: 15 + 20 + 5 slots
        assert (row.institutions, row.enrolled) == (1, 27)
        assert row.computed_at > before.computed_at
    assert wait_for_slots("", year, 40).institutions == 1


def test_a_national_recompute_fans_out_per_province_on_the_worker(celery_worker, regions):
    InstitutionFactory(region=regions["county_a"], capacity=(30, 20))
    InstitutionFactory(region=regions["other_county"], capacity=(12, 6))
    RegionPopulation.objects.create(region=regions["province"], year=2024, population=10_000)
    RegionPopulation.objects.create(region=regions["other_province"], year=2024, population=2_000)
    recompute_all.delay(2024)  # a chord: one task per province, then the country
    assert wait_for_slots("", 2024, 42).institutions == 2
    # The country step ranks the provinces: 37 has 12 / 2,000 × 1000 = 6.00, 13 has 30 / 10,000 × 1000 = 3.00.
    ranks = dict(RegionFigures.objects.filter(level="province", year=2024, quarter=0).values_list("region_code", "rank"))
    assert ranks == {"37": 1, "13": 2}


def test_concurrent_runs_queue_on_their_locks_and_agree_with_a_fresh_run(regions):
    assert connection.vendor == "postgresql"
    for i in range(6):
        InstitutionFactory(region=regions["county_a" if i % 2 else "county_b"], capacity=(10 + i, i))
    InstitutionFactory(region=regions["other_county"], capacity=(7, 7))
    rollups_compute_year(year=2024)
    errors = []
    barrier = threading.Barrier(4)

    def run(region_code):
        try:
            barrier.wait()
            rollups_compute_year(year=2024, region_code=region_code)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(code,)) for code in ("130102", "130104", "370830", None)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    concurrent = sorted(tuple(sorted(model_to_dict(r, exclude=("id", "computed_at")).items(), key=str))
                        for r in RegionFigures.objects.all())
    RegionFigures.objects.all().delete()
    rollups_compute_year(year=2024)
    fresh = sorted(tuple(sorted(model_to_dict(r, exclude=("id", "computed_at")).items(), key=str))
                   for r in RegionFigures.objects.all())
    assert concurrent == fresh


def test_a_national_run_whose_worker_died_is_finished_by_the_watchdog(celery_worker, regions):
    """The worker vanishes while a national run's province tasks are queued (SIGSTOP, and its messages purged:
    what a kill -9 leaves, unacknowledged and invisible); the watchdog beat task resumes the run on the worker."""
    import os
    import signal

    from stats.models import NationalRun
    from stats.tasks import finish_incomplete_runs
    from tuoyu_portal.celery import app

    InstitutionFactory(region=regions["county_a"], capacity=(30, 20))
    InstitutionFactory(region=regions["other_county"], capacity=(12, 6))
    worker = celery_worker["process"]
    os.kill(worker.pid, signal.SIGSTOP)
    try:
        recompute_all.apply(args=[2024])  # records the run; its chord goes to the broker...
        app.control.purge()  # ...and is lost with the worker
    finally:
        os.kill(worker.pid, signal.SIGCONT)
    run = NationalRun.objects.get(year=2024)
    assert run.completed_at is None and not RegionFigures.objects.filter(year=2024).exists()
    NationalRun.objects.filter(pk=run.pk).update(requested_at=run.requested_at - datetime.timedelta(minutes=20))
    finish_incomplete_runs.delay()
    assert wait_for_slots("", 2024, 42).institutions == 2
    deadline = time.monotonic() + TIMEOUT
    while NationalRun.objects.get(pk=run.pk).completed_at is None:
        assert time.monotonic() < deadline, "the resumed run was not marked complete"
        time.sleep(0.2)
    assert {row.region_code for row in RegionFigures.objects.filter(year=2024, quarter=0, level="province")} == {
        "13", "37"}


def test_tables_changed_by_a_large_import_are_analyzed_before_the_recompute(regions):
    """A recompute right after a large import plans on fresh statistics (PostgreSQL's ANALYZE), not empty ones."""
    from institutions.models import Institution
    from stats.services import _analyze_if_stale
    from tests.factories import make_credit_code

    Institution.objects.bulk_create([
        Institution(credit_code=make_credit_code(700_000 + i), name=f"托育园{i}", region=regions["county_a"],
                    filing_state="filed", filed_on=datetime.date(2025, 1, 1)) for i in range(1500)])
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    assert Institution._meta.db_table in _analyze_if_stale()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    assert Institution._meta.db_table not in _analyze_if_stale()
