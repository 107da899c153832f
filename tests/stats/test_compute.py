"""Runs: idempotent, a region's recompute matches the full one, periods of the current year, the commands."""
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.utils import timezone

from institutions.services import capacity_record_add
from regions.models import RegionPopulation
from stats.models import RegionFigures
from stats.services import RollupError, rollups_compute, rollups_compute_year
from stats.tasks import recompute_all, recompute_nightly, recompute_region
from tests.factories import region

pytestmark = pytest.mark.django_db

D = datetime.date
VOLATILE = ("id", "computed_at")


def stored_rows() -> list[dict]:
    rows = [model_to_dict(row, exclude=VOLATILE) for row in RegionFigures.objects.order_by(
        "year", "quarter", "region_code")]
    assert rows
    return rows


def test_running_twice_gives_identical_rows(dataset):
    rollups_compute_year(year=2024)
    first = stored_rows()
    rollups_compute_year(year=2024)
    assert stored_rows() == first


def test_a_region_recompute_gives_the_rows_of_a_full_one(dataset, stats_regions):
    region("370830")  # another province, untouched by a recompute of 130102
    rollups_compute_year(year=2024)
    capacity_record_add(institution=dataset["I4"], effective_from=D(2024, 10, 1), slots=95, enrolled=60)
    rollups_compute_year(year=2024, region_code="130104")
    partial = stored_rows()
    assert RegionFigures.objects.get(region_code="130104", year=2024, quarter=0).slots == 135
    RegionFigures.objects.all().delete()
    rollups_compute_year(year=2024)
    assert stored_rows() == partial


def test_a_region_recompute_with_nothing_stored_computes_every_province(dataset):
    region("370830")
    run = rollups_compute(year=2024, region_code="130102001")
    assert run.scope == "全国"
    assert set(RegionFigures.objects.filter(level="province").values_list("region_code", flat=True)) == {"13", "37"}
    assert RegionFigures.objects.filter(region_code="").exists()


def test_the_current_year_describes_today_and_stores_only_started_quarters(dataset):
    today = timezone.localdate()
    rollups_compute_year(year=today.year)
    quarters = set(RegionFigures.objects.filter(region_code="130102", year=today.year).values_list(
        "quarter", flat=True))
    assert quarters == {0, *range(1, (today.month - 1) // 3 + 2)}
    assert RegionFigures.objects.get(region_code="130102", year=today.year, quarter=0).as_of == today


def test_periods_that_have_not_started_are_refused(db):
    next_year = timezone.localdate().year + 1
    with pytest.raises(RollupError, match="尚未开始"):
        rollups_compute(year=next_year)
    with pytest.raises(RollupError, match="季度须为"):
        rollups_compute(year=2024, quarter=5)
    with pytest.raises(RollupError, match="区划代码 99 不存在"):
        rollups_compute(year=2024, region_code="99")


def test_compute_rollups_prints_what_it_did(dataset):
    region("370830")
    out = io.StringIO()
    call_command("compute_rollups", "--year", "2024", stdout=out)
    text = out.getvalue()
    # 13, 1301, 130102, 130104, 130102001, 37, 3708, 370830 and the country; the year and its four quarters.
    assert "2024 [全年、Q1、Q2、Q3、Q4] 全国: 9 regions, 45 rows written" in text
    assert "1 year(s), 45 rows written" in text
    out = io.StringIO()
    call_command("compute_rollups", "--year", "2024", "--region", "130102", stdout=out)
    # Province 13 (five regions) and the country row.
    assert "2024 [全年、Q1、Q2、Q3、Q4] 13 + 全国: 6 regions, 30 rows written" in out.getvalue()


def test_compute_rollups_without_a_year_covers_every_year_from_the_first_filing(dataset):
    out = io.StringIO()
    call_command("compute_rollups", stdout=out)
    years = set(RegionFigures.objects.values_list("year", flat=True))
    assert years == set(range(2021, timezone.localdate().year + 1))  # I3 was filed in 2021


def test_compute_rollups_refuses_an_unknown_region(db):
    with pytest.raises(CommandError, match="99"):
        call_command("compute_rollups", "--year", "2024", "--region", "99", stdout=io.StringIO())


def test_stats_report_fails_clearly_when_nothing_is_stored(dataset):
    with pytest.raises(CommandError, match="No figures are stored for region 130102, year 2024, quarter 0"):
        call_command("stats_report", "--region", "130102", "--year", "2024")


def test_tasks_compute_the_same_rows_as_the_service(dataset):
    recompute_all.delay(2024)  # eager in tests: the chord runs in-process
    by_chord = stored_rows()
    RegionFigures.objects.all().delete()
    rollups_compute_year(year=2024)
    assert stored_rows() == by_chord
    RegionPopulation.objects.filter(region_id="130104", year=2024).update(population=64_000)
    recompute_region.delay("130104", 2024)
    assert RegionFigures.objects.get(region_code="130104", year=2024, quarter=0).population == 64_000


def test_the_nightly_task_recomputes_this_year_and_the_last(dataset):
    recompute_nightly.delay()
    this_year = timezone.localdate().year
    assert set(RegionFigures.objects.values_list("year", flat=True)) == {this_year - 1, this_year}


@pytest.mark.services
def test_rows_written_by_copy_read_back_as_the_fields_hold_them(dataset, monkeypatch):
    """PostgreSQL writes the rollups with COPY (CSV): NULLs, the empty code of the country (a province's parent),
    Decimals, dates and JSON holding quotes, backslashes, tabs and line breaks come back unchanged. A nullable
    text value that is COPY's NULL marker (\\N) is written by INSERT instead, and comes back as it was; a lone
    carriage return is quoted."""
    from django.db import connection

    from stats import services
    from stats.periods import periods_of_year
    from stats.rollup import compute_subtree

    assert connection.vendor == "postgresql"
    copied = []
    real_copy = services._copy
    monkeypatch.setattr(services, "_copy", lambda *args: copied.append(real_copy(*args)) or copied[-1])
    rows = compute_subtree("", periods_of_year(2024, today=timezone.localdate()))
    country = next(row for row in rows if row["region_code"] == "" and row["quarter"] == 0)
    province = next(row for row in rows if row["region_code"] == "13" and row["quarter"] == 0)
    assert country["parent_code"] is None and country["target"] is not None and province["parent_code"] == ""
    county = next(row for row in rows if row["region_code"] == "130102" and row["quarter"] == 0)
    county.update(population=None, slots_per_1000=None, slots_by_model={
        'say "hi"\t\\ back\nslash \\N': 1, "中文": [1, None, {"a": "\r"}]})
    picked = [country, province, county]
    RegionFigures.objects.all().delete()
    services._insert(picked)
    assert copied == [True]
    fields = [f.attname for f in RegionFigures._meta.concrete_fields if f.attname not in ("id",)]
    stored = {row["region_code"]: row for row in RegionFigures.objects.values(*fields)}
    for row in picked:
        assert stored[row["region_code"]] == {name: row[name] for name in fields}

    # A lone carriage return is quoted (COPY would take it for the end of the line).
    services._insert([dict(county, region_code="1301", parent_code="a\rb")])
    assert copied == [True, True]
    assert RegionFigures.objects.get(region_code="1301").parent_code == "a\rb"

    # Text equal to COPY's NULL marker, nullable or not: written by INSERT.
    services._insert([dict(county, region_code="130104", parent_code="\\N")])
    services._insert([dict(county, region_code="130105", level="\\N")])
    assert copied == [True, True, False, False]
    assert RegionFigures.objects.get(region_code="130104").parent_code == "\\N"
    assert RegionFigures.objects.get(region_code="130105").level == "\\N"


@pytest.mark.services
def test_a_run_turns_jit_off_for_its_own_transaction_only(dataset):
    """PostgreSQL's JIT compiled the rollup's queries for longer than it saved: a run sets jit = off with SET
    LOCAL, which ends with the run's transaction (the connection's other queries keep the server's setting)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        before = cursor.fetchone()[0]
    with CaptureQueriesContext(connection) as queries:
        rollups_compute_year(year=2024)
    assert any(query["sql"] == "SET LOCAL jit = off" for query in queries.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == before
