"""Freshness: approvals, changes, deregistrations and imports queue a debounced recompute of their county
after commit; 100 changes in one county queue one run; the run recomputes from the earliest year touched."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from filings.services import filing_approve
from institutions import changes
from institutions.changes import figures_changed, region_figures_changed
from institutions.services import capacity_record_add, institution_deregister
from stats import services
from stats.models import PendingRecompute, RegionFigures
from stats.tasks import recompute_region_debounced
from tests.filings.helpers import submitted_filing
from tests.imports.files import EN_HEADERS, POPULATION_EN, english_cells, institution_row, write_csv

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def signals():
    """The (region_code, since_year) of every figures_changed signal sent from now on (list it after the
    fixtures that write data: their changes are recorded, but their test transaction never commits)."""
    changes._pending().clear()
    sent = []

    def receiver(sender, *, region_code, since_year, **kwargs):
        sent.append((region_code, since_year))

    figures_changed.connect(receiver, dispatch_uid="test-recorder")
    yield sent
    figures_changed.disconnect(dispatch_uid="test-recorder")


@pytest.fixture
def queued(monkeypatch):
    """Debounced tasks queued through the outbox (instead of run eagerly): [(region_code, countdown)]."""
    from core import outbox

    calls = []
    real_enqueue = outbox.enqueue

    def enqueue(task, *args, countdown=0, **kwargs):
        if task is recompute_region_debounced:
            calls.append((args[0], countdown))
        else:
            real_enqueue(task, *args, countdown=countdown, **kwargs)

    monkeypatch.setattr(outbox, "enqueue", enqueue)
    return calls


def test_many_changes_in_one_transaction_send_one_signal_per_county_after_commit(
        db, signals, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for year in range(2030, 1930, -1):
                region_figures_changed("130102001", since=year)  # a township counts as its county
            region_figures_changed("130104")
            assert signals == []  # nothing before the commit
    assert signals == [("130102", 1931), ("130104", timezone.localdate().year)]


def test_a_hundred_changes_in_one_county_queue_one_recompute(db, queued, settings):
    settings.STATS_RECOMPUTE_DELAY = 5
    for i in range(100):
        services.rollups_schedule(region_code="130102", since_year=2024 - i % 3)
    assert queued == [("130102", 5)]
    assert PendingRecompute.objects.get().since_year == 2022  # the earliest year asked for
    services.rollups_schedule(region_code="130104", since_year=2024)
    assert queued == [("130102", 5), ("130104", 5)]


def test_a_change_after_the_run_started_queues_the_next_run(stats_regions, queued):
    services.rollups_schedule(region_code="130102", since_year=2024)
    assert services.rollups_run_pending(region_code="130102")  # claims the row, computes
    assert services.rollups_run_pending(region_code="130102") == []  # a duplicate delivery does nothing
    services.rollups_schedule(region_code="130102", since_year=2024)
    assert len(queued) == 2


def test_a_lost_run_is_queued_again(db, queued, settings):
    services.rollups_schedule(region_code="130102", since_year=2024)
    PendingRecompute.objects.update(
        requested_at=timezone.now() - datetime.timedelta(seconds=settings.STATS_PENDING_STALE_SECONDS + 1))
    services.rollups_schedule(region_code="130102", since_year=2024)
    assert len(queued) == 2 and PendingRecompute.objects.count() == 1
    PendingRecompute.objects.update(requested_at=timezone.now() - datetime.timedelta(days=1))
    assert services.pending_recomputes_clear_stale() == 1


def test_the_run_recomputes_every_year_from_the_earliest_one_touched(dataset, queued):
    services.rollups_schedule(region_code="130104", since_year=2023)
    runs = services.rollups_run_pending(region_code="130104")
    this_year = timezone.localdate().year
    assert [run.year for run in runs] == list(range(2023, this_year + 1))
    assert set(RegionFigures.objects.values_list("year", flat=True)) == set(range(2023, this_year + 1))


def test_a_failed_run_puts_its_claim_back_and_the_task_retries(dataset, queued, monkeypatch):
    from django.db import OperationalError

    real = services.rollups_compute_year
    failures = []

    def flaky(*, year, region_code):
        if year == 2024 and not failures:
            failures.append(year)
            raise OperationalError("server closed the connection unexpectedly")
        return real(year=year, region_code=region_code)

    monkeypatch.setattr(services, "rollups_compute_year", flaky)
    services.rollups_schedule(region_code="130104", since_year=2023)
    with pytest.raises(OperationalError):
        services.rollups_run_pending(region_code="130104")
    assert PendingRecompute.objects.get(region_code="130104").since_year == 2024  # 2023 was done
    # Through the task (eager here): the first attempt fails, the retry claims the row again and finishes.
    failures.clear()
    recompute_region_debounced.apply(args=["130104"], throw=False)
    assert failures == [2024] and not PendingRecompute.objects.exists()
    assert RegionFigures.objects.filter(region_code="130104", year=timezone.localdate().year).exists()


def test_capacity_changes_and_deregistrations_signal_their_year(dataset, signals, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        capacity_record_add(institution=dataset["I2"], effective_from=D(2025, 2, 1), slots=70, enrolled=50)
    with django_capture_on_commit_callbacks(execute=True):
        institution_deregister(institution=dataset["I4"], on=D(2024, 11, 30), reason="停办")
    assert signals == [("130102", 2025), ("130104", 2024)]


def test_an_approval_updates_the_stored_county_city_and_province_figures(users, django_capture_on_commit_callbacks):
    year = timezone.localdate().year
    call_command("compute_rollups", "--year", str(year), stdout=io.StringIO())
    assert RegionFigures.objects.get(region_code="130102", year=year, quarter=0).slots == 0
    filing = submitted_filing(users["operator_a"])
    with django_capture_on_commit_callbacks(execute=True):  # tasks run eagerly in this test
        filing_approve(filing=filing, by=users["reviewer_a"])
    for code in ("130102", "1301", "13", ""):
        row = RegionFigures.objects.get(region_code=code, year=year, quarter=0)
        assert (row.institutions, row.slots, row.enrolled) == (1, 40, 27), code  # the filing's three classes
        assert row.certified_staff_pct == Decimal("83.33")  # 5 of the 6 staff have a certificate
    assert PendingRecompute.objects.count() == 0


def test_an_institution_import_signals_each_county_once_and_queues_one_run_of_the_province(
        users, signals, queued, tmp_path, django_capture_on_commit_callbacks):
    rows = [institution_row(i, deregistered_on=None) for i in range(6)]  # regions 130102, 130104, 130102001
    path = write_csv(tmp_path / "i.csv", EN_HEADERS, [english_cells(row) for row in rows])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_institutions", str(path), stdout=io.StringIO())
    first = {code: min(r["filed_on"].year for r in rows if r["region_code"][:6] == code) for code in ("130102", "130104")}
    assert sorted(signals) == sorted(first.items())
    assert [code for code, _ in queued] == ["13"]  # two counties of one province: one run (issue 12)


@pytest.mark.django_db(transaction=True)
def test_an_import_on_the_embedded_default_recomputes_its_province_once_per_year(users, tmp_path, monkeypatch):
    """Tasks run in-process: the recompute queued by the first county must not run before the other counties
    are signalled (it ran once per county per year before: 190 counties x 6 years for a Hebei file)."""
    changes._pending().clear()  # what earlier tests recorded in transactions that never committed
    computed = []
    monkeypatch.setattr(services, "rollups_compute_year",
                        lambda *, year, region_code=None: computed.append((year, region_code)))
    rows = [institution_row(i, deregistered_on=None) for i in range(6)]  # two counties of 13, from 2022
    path = write_csv(tmp_path / "i.csv", EN_HEADERS, [english_cells(row) for row in rows])
    call_command("import_institutions", str(path), stdout=io.StringIO())  # really committed, tasks in-process
    first = min(row["filed_on"].year for row in rows)
    assert computed == [(year, "13") for year in range(first, timezone.localdate().year + 1)]
    assert PendingRecompute.objects.count() == 0


def test_an_import_over_many_provinces_queues_one_national_run(
        users, signals, queued, tmp_path, django_capture_on_commit_callbacks):
    from tests.factories import region

    counties = {"130102": "长安区", "370830": "汶上县", "110101": "东城区", "310101": "黄浦区", "440305": "南山区"}
    for code, name in counties.items():
        region(code, name)
    rows = [institution_row(i, deregistered_on=None, region_code=code) for i, code in enumerate(counties)]
    path = write_csv(tmp_path / "national.csv", EN_HEADERS, [english_cells(row) for row in rows])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_institutions", str(path), stdout=io.StringIO())
    first = min(row["filed_on"].year for row in rows)
    assert signals == [("", first)]
    assert [code for code, _ in queued] == [services.ALL_REGIONS]


def test_a_run_of_every_region_computes_the_country_and_each_province(stats_regions):
    from stats.models import PendingRecompute as Pending

    year = timezone.localdate().year
    Pending.objects.create(region_code=services.ALL_REGIONS, since_year=year, requested_at=timezone.now())
    runs = services.rollups_run_pending(region_code=services.ALL_REGIONS)
    assert [run.year for run in runs] == [year]
    assert set(RegionFigures.objects.filter(year=year, quarter=0, level="province").values_list(
        "region_code", flat=True)) >= {"13"}
    assert RegionFigures.objects.filter(year=year, quarter=0, region_code="").exists()


def test_a_population_import_signals_the_regions_from_its_year(users, signals, tmp_path,
                                                               django_capture_on_commit_callbacks):
    path = write_csv(tmp_path / "p.csv", POPULATION_EN, [["130104", "2023", "500000"], ["13", "2022", "7000000"]])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_population", str(path), stdout=io.StringIO())
    assert sorted(signals) == [("13", 2022), ("130104", 2023)]
