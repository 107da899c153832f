"""Benchmark of the stored rollups (stats/) on a national synthetic data set in PostgreSQL.

    .venv/bin/python bench/rollups.py [--database-url postgres://postgres@127.0.0.1:5432/tuoyu_bench] [--keep]

It (re)creates its own database (the name must contain "bench"; default tuoyu_bench), applies the migrations,
loads the real national region list shipped in regions/data/ (31 provinces, 342 cities, 2,978 county-level
units, 41,352 townships), generates 126,000 filed institutions over all county-level units with five years
of capacity history, staff, and population and targets for every county, then measures:

  (a) the full rollup of one year (default: this year) for all regions: the year and its started quarters,
      as compute_rollups --year and the nightly run do; the median of --repeat runs, after a warm-up that
      stores the rollups of every year once (so the figures table has its real size);
  (b) the baseline: one hand-written SQL query of per-county slots, enrolled, inclusive slots and pilot
      counts at the year's date, rolled up to city and province (GROUP BY ROLLUP), median of 5;
  (c) the recompute after the approval of one filing (filings.services.filing_approve, the real service;
      Celery runs eagerly, so the debounced task runs right after the commit), for --approvals counties;
  (d) GET /api/v1/stats/?region=<province>&year=<Y> as a province admin (Django's test Client, session
      login), the median of 50 calls;

and prints each time, the ratio (a)/(b) and whether each goal is met: (a) <= 2 x (b) and < 10 s,
(c) < 1 s, (d) < 50 ms. Not a test: nothing fails when a goal is missed (see bench/README.md).
"""
import argparse
import datetime
import io
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tuoyu_bench"
FORBIDDEN = {"tuoyu_ci", "test_tuoyu_ci", "postgres", "template0", "template1"}

GOAL_A_SECONDS = 10.0
GOAL_A_RATIO = 2.0
GOAL_C_SECONDS = 1.0
GOAL_D_SECONDS = 0.050
API_CALLS = 50


# --- the database ------------------------------------------------------------------------------------

def database_name(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit(f"--database-url must be a PostgreSQL URL, got {url!r}")
    name = parts.path.lstrip("/")
    if not name or name in FORBIDDEN or "bench" not in name:
        sys.exit(f"Refusing database {name!r}: the benchmark drops and recreates its database, so its name "
                 "must contain 'bench' (default tuoyu_bench) and must not be shared with tests.")
    return name


def maintenance_connection(url: str):
    """An autocommit psycopg2 connection to the server's `postgres` database (to create or drop ours)."""
    import psycopg2

    parts = urlsplit(url)
    conn = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    conn.autocommit = True
    return conn


def database_exists(url: str, name: str) -> bool:
    conn = maintenance_connection(url)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        conn.close()


def recreate_database(url: str, name: str, *, drop_only: bool = False) -> None:
    from psycopg2 import sql

    conn = maintenance_connection(url)
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            if not drop_only:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def setup_django(url: str, media_root: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tuoyu_portal.settings"
    os.environ["DATABASE_URL"] = url
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks run eagerly (the embedded default)
    os.environ.pop("CELERY_RESULT_BACKEND", None)
    os.environ["PRIVATE_MEDIA_ROOT"] = media_root  # the approved filing's uploads, removed at the end
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import logging
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # STATIC_ROOT is not collected here
    django.setup()
    logging.getLogger("kombu").setLevel(logging.ERROR)  # "No hostname was supplied": no broker, tasks are eager


# --- the synthetic data set --------------------------------------------------------------------------

# 举办性质 of the generated institutions (about a fifth 公办; a few not recorded, as in imported legacy data).
OWNERSHIPS = ["public", "public_built", "private_aided", "private", "employer", ""]
OWNERSHIP_WEIGHTS = [20, 10, 10, 50, 5, 5]


def copy_rows(model, columns: list[str], rows) -> int:
    """COPY rows (tuples in the order of `columns`, model attnames) into the model's table."""
    from django.db import connection

    fields = {field.attname: field.column for field in model._meta.concrete_fields}
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join(_copy_value(value) for value in row))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(fields[c]) for c in columns)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
    return count


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def reset_sequences(*models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(statement)


def generate(*, institutions: int, seed: int, today: datetime.date) -> dict:
    """Regions (the shipped national list), institutions, capacity history, staff, population, targets."""
    from django.utils import timezone

    from institutions.models import (
        CapacityRecord,
        FilingState,
        Institution,
        Nature,
        OperatingModel,
        PilotLevel,
        StaffMember,
        StaffRole,
    )
    from regions.models import Region, RegionLevel, RegionPopulation, SlotTarget
    from regions.services import regions_load

    timings = {}
    started = time.monotonic()
    regions_load()
    timings["regions"] = time.monotonic() - started

    rng = random.Random(seed)
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code").values_list("code", flat=True))
    townships: dict[str, list[str]] = {}
    for code, parent in Region.objects.filter(level=RegionLevel.TOWNSHIP).values_list("code", "parent_id"):
        townships.setdefault(parent, []).append(code)

    # Institutions: at least one in every county-level unit, the rest spread unevenly (a few counties have
    # hundreds, development zones a handful); a quarter of them in one of the county's townships.
    step = time.monotonic()
    weights = [rng.lognormvariate(0, 0.8) for _ in counties]
    placed = counties + rng.choices(counties, weights=weights, k=max(0, institutions - len(counties)))
    rng.shuffle(placed)
    models = [m.value for m in OperatingModel]
    model_weights = [14, 16, 18, 8, 6, 30, 8]
    pilot_levels = [PilotLevel.NONE, PilotLevel.COUNTY, PilotLevel.CITY, PilotLevel.PROVINCE]
    pilot_weights = [85, 8, 5, 2]
    natures = [Nature.FOR_PROFIT, Nature.NON_PROFIT]
    start = today.replace(year=today.year - 5)
    span = (today - start).days
    now = timezone.now()
    sequence: dict[tuple[str, int], int] = {}
    inst_rows, capacity_rows, staff_rows = [], [], []
    capacity_id = staff_id = 0
    deregistered = 0
    for pk, county in enumerate(placed[:institutions], start=1):
        region = county
        if county in townships and rng.random() < 0.25:
            region = rng.choice(townships[county])
        # Filing dates grow over time (density rising linearly over the five years).
        filed_on = start + datetime.timedelta(days=int(span * rng.random() ** 0.5))
        model = rng.choices(models, weights=model_weights)[0]
        deregistered_on = None
        days_open = (today - filed_on).days
        if days_open > 60 and rng.random() < 0.05:
            deregistered_on = filed_on + datetime.timedelta(days=rng.randint(30, days_open))
            deregistered += 1
        key = (county, filed_on.year)
        sequence[key] = sequence.get(key, 0) + 1
        inst_rows.append((
            pk, f"BENCH{pk:013d}", f"基准测试托育机构{pk}", region, f"测试路{pk % 999 + 1}号", "",
            rng.choice(natures), model, rng.choices(OWNERSHIPS, weights=OWNERSHIP_WEIGHTS)[0], rng.random() < 0.4,
            rng.choices(pilot_levels, weights=pilot_weights)[0],
            '["full_day"]', None, FilingState.DEREGISTERED if deregistered_on else FilingState.FILED,
            f"{county}-{filed_on.year}-{sequence[key]:05d}", filed_on, deregistered_on, now, now,
        ))
        # Capacity history: the filing's record, then 0-4 changes until today (or the deregistration).
        end = deregistered_on or today
        changes = rng.choices([0, 1, 2, 3, 4], weights=[25, 30, 25, 15, 5])[0]
        days = sorted(rng.sample(range(1, (end - filed_on).days), min(changes, max(0, (end - filed_on).days - 1))))
        starts = [filed_on] + [filed_on + datetime.timedelta(days=d) for d in days]
        slots = rng.randint(5, 25) if model == OperatingModel.FAMILY else rng.randint(20, 200)
        for i, effective_from in enumerate(starts):
            effective_to = starts[i + 1] if i + 1 < len(starts) else deregistered_on
            if i:
                slots = max(5, int(slots * rng.uniform(0.85, 1.3)))
            capacity_id += 1
            capacity_rows.append((capacity_id, pk, effective_from, effective_to, slots,
                                  int(slots * rng.uniform(0.5, 0.95)), "bench", None, now))
        for _ in range(rng.randint(2, 10)):
            staff_id += 1
            draw = rng.random()
            certificate = f"ZG{staff_id:08d}" if draw < 0.78 else ("" if draw < 0.95 else "  ")
            staff_rows.append((staff_id, pk, f"员工{staff_id}", rng.choice(StaffRole.values), certificate,
                               today - datetime.timedelta(days=rng.randint(0, 400)), "", ""))
    # A few institutions that never count (not filed), with a capacity record.
    for pk in range(institutions + 1, institutions + 1 + institutions // 50):
        state = FilingState.NOT_FILED
        inst_rows.append((pk, f"BENCH{pk:013d}", f"基准测试未备案机构{pk}", rng.choice(counties), "", "",
                          Nature.FOR_PROFIT, rng.choice(models), "", False, PilotLevel.NONE, '["full_day"]', None,
                          state, None, None, None, now, now))
        capacity_id += 1
        capacity_rows.append((capacity_id, pk, start, None, 50, 30, "bench", None, now))
    timings["generate in Python"] = time.monotonic() - step

    step = time.monotonic()
    copy_rows(Institution, ["id", "credit_code", "name", "region_id", "address", "phone", "nature",
                            "operating_model", "ownership_type", "inclusive", "pilot_level", "service_types", "star_rating",
                            "filing_state", "filing_number", "filed_on", "deregistered_on", "created_at",
                            "updated_at"], inst_rows)
    copy_rows(CapacityRecord, ["id", "institution_id", "effective_from", "effective_to", "slots", "enrolled",
                               "source", "created_by_id", "created_at"], capacity_rows)
    # Filed staff carry no identity number here (id_hash and id_mask blank, as before issue 17).
    copy_rows(StaffMember, ["id", "institution_id", "name", "role", "qualification_cert_no", "health_check_on",
                            "id_hash", "id_masked"], staff_rows)

    # Population of every county for each of the five previous years (this year's is not published yet:
    # the latest year <= Y is used) and a new-slot target of every county for every year.
    population_rows, target_rows = [], []
    for county in counties:
        population = rng.randint(50_000, 1_500_000)
        for year in range(start.year - 1, today.year):
            population = int(population * rng.uniform(0.99, 1.02))
            population_rows.append((len(population_rows) + 1, county, year, population, now))
        for year in range(start.year, today.year + 1):
            target_rows.append((len(target_rows) + 1, county, year, rng.randint(20, 400), now))
    copy_rows(RegionPopulation, ["id", "region_id", "year", "population", "updated_at"], population_rows)
    copy_rows(SlotTarget, ["id", "region_id", "year", "new_slots_target", "updated_at"], target_rows)
    reset_sequences(Institution, CapacityRecord, StaffMember, RegionPopulation, SlotTarget)
    timings["COPY into PostgreSQL"] = time.monotonic() - step

    step = time.monotonic()
    vacuum_analyze()
    timings["VACUUM ANALYZE"] = time.monotonic() - step
    return {
        "timings": timings,
        "counties": len(counties),
        "townships": sum(len(t) for t in townships.values()),
        "institutions": institutions,
        "deregistered": deregistered,
        "not_filed": institutions // 50,
        "capacity_records": len(capacity_rows),
        "staff": len(staff_rows),
        "populations": len(population_rows),
        "targets": len(target_rows),
    }


def vacuum_analyze(model=None) -> None:
    """Fresh statistics and visibility maps (of one model's table, or of the database), as autovacuum would
    leave them on a live database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" + (f" {connection.ops.quote_name(model._meta.db_table)}" if model else ""))


def dataset_summary() -> dict | None:
    """What an existing (--reuse) database holds, or None when it has no bench data."""
    from institutions.models import CapacityRecord, FilingState, Institution, StaffMember
    from regions.models import Region, RegionLevel, RegionPopulation, SlotTarget

    counted = Institution.objects.filter(filing_state__in=[FilingState.FILED, FilingState.DEREGISTERED])
    if not counted.filter(credit_code__startswith="BENCH").exists():
        return None
    return {
        "counties": Region.objects.filter(level=RegionLevel.COUNTY).count(),
        "townships": Region.objects.filter(level=RegionLevel.TOWNSHIP).count(),
        "institutions": counted.count(),
        "deregistered": counted.filter(filing_state=FilingState.DEREGISTERED).count(),
        "not_filed": Institution.objects.exclude(filing_state__in=[FilingState.FILED,
                                                                   FilingState.DEREGISTERED]).count(),
        "capacity_records": CapacityRecord.objects.count(),
        "staff": StaffMember.objects.count(),
        "populations": RegionPopulation.objects.count(),
        "targets": SlotTarget.objects.count(),
    }


# --- (b) the baseline query ---------------------------------------------------------------------------

BASELINE_SQL = """
SELECT substr(i.region_id, 1, 2) AS province, substr(i.region_id, 1, 4) AS city,
       substr(i.region_id, 1, 6) AS county,
       count(*) AS institutions,
       coalesce(sum(c.slots), 0) AS slots,
       coalesce(sum(c.enrolled), 0) AS enrolled,
       coalesce(sum(c.slots) FILTER (WHERE i.inclusive), 0) AS inclusive_slots,
       count(*) FILTER (WHERE i.pilot_level <> 'none') AS pilots
FROM {institution} i
LEFT JOIN {capacity} c
       ON c.institution_id = i.id AND c.effective_from <= %s
      AND (c.effective_to IS NULL OR c.effective_to > %s)
WHERE {counted}
GROUP BY ROLLUP (1, 2, 3)
"""


def baseline(date: datetime.date) -> list[tuple]:
    from django.db import connection

    from institutions.models import CapacityRecord, Institution
    from stats.figures import counted_on  # the one definition of "counts on day D"

    query = BASELINE_SQL.format(institution=Institution._meta.db_table, capacity=CapacityRecord._meta.db_table,
                                counted=counted_on.sql("i"))
    with connection.cursor() as cursor:
        cursor.execute(query, [date, date, *counted_on.params(date)])
        return cursor.fetchall()


def check_against_stored(rows: list[tuple], year: int) -> list[str]:
    """The baseline's province and country totals must equal the stored year rows (a sanity check)."""
    from stats.models import RegionFigures

    keys = ("institutions", "slots", "enrolled", "inclusive_slots", "pilots")
    expected = {}
    for province, city, _county, *values in rows:
        if city is None:  # a province's total, or the grand total (province None too)
            expected[province or ""] = tuple(values)
    stored = {row[0]: tuple(row[1:]) for row in RegionFigures.objects.filter(
        year=year, quarter=0, level__in=["province", "country"]).values_list("region_code", *keys)}
    return [f"{code or '全国'}: baseline {values} stored {stored.get(code)}"
            for code, values in sorted(expected.items()) if stored.get(code) != values]


# --- (c) an approval ----------------------------------------------------------------------------------

def approval_counties(rng: random.Random, count: int) -> list[str]:
    """`count` county-level units in different provinces (the first in 河北 13 when it exists)."""
    from regions.models import Region, RegionLevel

    by_province: dict[str, list[str]] = {}
    for code in Region.objects.filter(level=RegionLevel.COUNTY).order_by("code").values_list("code", flat=True):
        by_province.setdefault(code[:2], []).append(code)
    provinces = sorted(by_province)
    rng.shuffle(provinces)
    if "13" in provinces:
        provinces.remove("13")
        provinces.insert(0, "13")
    return [rng.choice(by_province[p]) for p in provinces[:count]]


def approve_one(county: str, serial: int) -> tuple[float, float, list]:
    """Submit a complete filing in `county` and approve it; returns (approval incl. recompute, recompute, runs)."""
    from accounts.models import Role, User
    from filings.services import filing_approve
    from stats import services
    from tests.factories import make_credit_code
    from tests.filings.helpers import submitted_filing

    operator, _ = User.objects.get_or_create(username=f"bench_operator_{county}", defaults={"role": Role.OPERATOR})
    reviewer, _ = User.objects.get_or_create(username=f"bench_reviewer_{county}",
                                             defaults={"role": Role.REVIEWER, "region_id": county})
    # A credit code no earlier run used (a --reuse run approves again).
    credit_code = make_credit_code(10**12 + int(time.time() * 1000) % 10**11 + serial)
    filing = submitted_filing(operator, region=county, credit_code=credit_code, name=f"基准测试审批托育园{serial}")

    original = services.rollups_run_pending
    recorded: list[tuple[float, list]] = []

    def timed(**kwargs):
        began = time.perf_counter()
        runs = original(**kwargs)
        recorded.append((time.perf_counter() - began, runs))
        return runs

    services.rollups_run_pending = timed  # the eager task calls services.rollups_run_pending
    try:
        began = time.perf_counter()
        filing_approve(filing=filing, by=reviewer)  # commits; the recompute runs on commit (eager Celery)
        total = time.perf_counter() - began
    finally:
        services.rollups_run_pending = original
    if len(recorded) != 1:
        raise RuntimeError(f"expected one recompute after the approval, got {len(recorded)}")
    return total, recorded[0][0], recorded[0][1]


# --- (d) the API --------------------------------------------------------------------------------------

def verified_client(user):
    """A test Client signed in as `user` with a session that has given the code of a confirmed authenticator, as
    production requires of admins and reviewers (OTP_REQUIRED_ROLES; bench/list_pages.py uses it too)."""
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.accounts.helpers import sign_in_verified

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=True)
    client = Client()
    sign_in_verified(client, user, device)
    return client


def api_times(province: str, year: int, calls: int) -> list[float]:
    from accounts.models import Role, User

    admin, _ = User.objects.get_or_create(username=f"bench_admin_{province}",
                                          defaults={"role": Role.ADMIN, "region_id": province})
    client = verified_client(admin)
    url = f"/api/v1/stats/?region={province}&year={year}"
    response = client.get(url)  # warm-up (URL resolver, serializer, connection)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
    times = []
    for _ in range(calls):
        began = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200
    return times


# --- the run ------------------------------------------------------------------------------------------

def machine() -> str:
    try:
        with open("/proc/meminfo") as handle:
            kb = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
        ram = f"{kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        ram = "RAM unknown"
    return f"{os.cpu_count()} CPUs (nproc), {ram}, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL,
                        help=f"the benchmark's own PostgreSQL database, dropped and recreated (default {DEFAULT_URL})")
    parser.add_argument("--keep", action="store_true",
                        help="keep the database at the end (default: drop it); rerun with --reuse to skip generation")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the data set of a database kept with --keep instead of generating it again")
    parser.add_argument("--institutions", type=int, default=126_000, help="filed institutions (default 126,000)")
    parser.add_argument("--year", type=int, default=None, help="the year measured (default: this year)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of (a), after the warm-up (default 3)")
    parser.add_argument("--approvals", type=int, default=3, help="approvals timed for (c), in different provinces")
    parser.add_argument("--province", default="13", help="the province of (d) (default 13)")
    parser.add_argument("--seed", type=int, default=2978)
    args = parser.parse_args()

    name = database_name(args.database_url)
    media_root = tempfile.mkdtemp(prefix="tuoyu-bench-media-")
    reuse = args.reuse and database_exists(args.database_url, name)
    if not reuse:
        recreate_database(args.database_url, name)
    setup_django(args.database_url, media_root)
    try:
        run(args, name, reuse=reuse)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(media_root, ignore_errors=True)
        if not args.keep:
            recreate_database(args.database_url, name, drop_only=True)
            print(f"Database {name} dropped (--keep keeps it).")
        else:
            print(f"Database {name} kept: rerun with --reuse --keep to skip the generation.")


def run(args, name: str, *, reuse: bool) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from stats import services
    from stats.models import RegionFigures
    from stats.periods import period

    today = timezone.localdate()
    year = args.year or today.year
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    print(f"Machine: {machine()}; PostgreSQL {server}; database {name}")

    began = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_seconds = time.monotonic() - began

    summary = dataset_summary() if reuse else None
    generation = None
    if summary is None:
        began = time.monotonic()
        summary = generate(institutions=args.institutions, seed=args.seed, today=today)
        generation = time.monotonic() - began
    print(f"Data set: {summary['institutions']:,} filed institutions ({summary['deregistered']:,} of them "
          f"deregistered) + {summary['not_filed']:,} never filed, over {summary['counties']:,} county-level "
          f"units and {summary['townships']:,} townships; {summary['capacity_records']:,} capacity records, "
          f"{summary['staff']:,} staff, {summary['populations']:,} population and {summary['targets']:,} "
          f"target rows")
    print(f"  migrate {migrate_seconds:.1f} s; " + (
        f"generation {generation:.1f} s ("
        + ", ".join(f"{k} {v:.1f} s" for k, v in summary["timings"].items()) + ")"
        if generation is not None else "generation skipped (--reuse)"))

    # The stored rollups of every year from the first filing to this one (what compute_rollups does without
    # --year), so that the figures table has its real size; the measured year last (the warm-up of (a)).
    began = time.perf_counter()
    for other in services.rollups_years():
        if other != year:
            services.rollups_compute_year(year=other)
    first = services.rollups_compute_year(year=year)
    all_years = time.perf_counter() - began

    # (a) the full rollup of the year, every region: the median of --repeat runs. Each run replaces the
    # year's rows; the table is vacuumed before each, as autovacuum does between real runs.
    times_a = []
    for _ in range(args.repeat):
        vacuum_analyze(RegionFigures)
        began = time.perf_counter()
        run_a = services.rollups_compute_year(year=year)
        times_a.append(time.perf_counter() - began)
    a = statistics.median(times_a)
    quarters = "、".join("全年" if q == 0 else f"Q{q}" for q in run_a.quarters)
    vacuum_analyze(RegionFigures)
    began = time.perf_counter()
    services.rollups_compute(year=year, quarter=0)
    year_only = time.perf_counter() - began

    # (b) the baseline query at the date of the year's row.
    as_of = period(year, 0, today=today).as_of
    baseline(as_of)  # warm-up
    times_b = []
    for _ in range(5):
        began = time.perf_counter()
        rows_b = baseline(as_of)
        times_b.append(time.perf_counter() - began)
    b = statistics.median(times_b)
    mismatches = check_against_stored(rows_b, year)

    # (c) the recompute after one approval, in counties of different provinces.
    rng = random.Random(args.seed)
    approvals = []
    for serial, county in enumerate(approval_counties(rng, args.approvals), start=1):
        vacuum_analyze(RegionFigures)
        approvals.append((county, *approve_one(county, serial)))
    c = statistics.median(recompute for _county, _total, recompute, _runs in approvals)

    # (d) the stats API for a province, as its admin.
    times_d = api_times(args.province, year, API_CALLS)
    d = statistics.median(times_d)

    ratio = a / b if b else float("inf")
    print()
    print(f"Stored rollups of every year {min(services.rollups_years())}-{year} (warm-up, not counted): "
          f"{RegionFigures.objects.count():,} rows in {all_years:.1f} s; the year {year} wrote {first.rows:,} rows "
          f"for {first.regions:,} regions in {seconds(first.seconds)}")
    print(f"Year {year} (as of {as_of}), periods {quarters}")
    print(f"(a) full rollup of the year, all regions:      {seconds(a)}  (median of "
          f"{', '.join(seconds(t) for t in times_a)}; {run_a.rows:,} rows)")
    print(f"    for comparison, the year row only (quarter 0): {seconds(year_only)}")
    print(f"(b) baseline SQL, one date, county→city→province: {seconds(b)}  (median of "
          f"{', '.join(seconds(t) for t in times_b)}; {len(rows_b):,} rows)")
    print("    baseline vs stored province and country rows: "
          + ("identical" if not mismatches else "DIFFERENT:\n      " + "\n      ".join(mismatches)))
    print(f"(a)/(b) = {ratio:.2f}   (the year row only / (b) = {year_only / b if b else float('inf'):.2f})")
    print("(c) recompute after one approval (its province + the country):")
    for county, total, recompute, runs in approvals:
        detail = "; ".join(f"{r.year} {r.scope} {r.rows} rows" for r in runs)
        print(f"      county {county}: recompute {seconds(recompute)}, approval with recompute {seconds(total)} "
              f"({detail})")
    print(f"    median recompute: {seconds(c)}")
    print(f"(d) GET /api/v1/stats/?region={args.province}&year={year} as the province admin: median "
          f"{seconds(d)} of {API_CALLS} calls (min {seconds(min(times_d))}, max {seconds(max(times_d))})")
    print()
    print("Goals:")
    print(f"  (a) <= {GOAL_A_RATIO:g} x (b): {a:.2f} s vs {GOAL_A_RATIO * b:.2f} s -> {verdict(ratio <= GOAL_A_RATIO)}")
    print(f"  (a) < {GOAL_A_SECONDS:g} s: {seconds(a)} -> {verdict(a < GOAL_A_SECONDS)}")
    print(f"  (c) < {GOAL_C_SECONDS:g} s: {seconds(c)} -> {verdict(c < GOAL_C_SECONDS)}")
    print(f"  (d) < {GOAL_D_SECONDS * 1000:g} ms: {seconds(d)} -> {verdict(d < GOAL_D_SECONDS)}")
    print(json.dumps({"a": round(a, 4), "year_row": round(year_only, 4), "b": round(b, 4), "ratio": round(ratio, 2),
                      "c": round(c, 4),
                      "d": round(d, 5), "generation": round(generation, 1) if generation is not None else None}))


if __name__ == "__main__":
    main()
