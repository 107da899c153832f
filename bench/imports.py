"""Benchmark: what an institution import costs on the embedded default, statistics recompute included.

    .venv/bin/python bench/imports.py [--rows 10000] [--province 13]

Issue 12's goal: an import on the embedded default (SQLite, Celery tasks run in-process after the commit)
costs at most 2x the same import with its recomputes queued but not run, plus one `compute_rollups` of the
years it touches. In one run, on copies of one freshly migrated SQLite database holding the national region
list, it measures:

  (A)  the import as a user runs it: `import_institutions FILE`, recomputes running eagerly after the commit;
  (A0) the same with the recompute keyed per county, as before issue 12 (the old behaviour, for comparison);
  (B)  the import with its recomputes queued and dropped, then `compute_rollups --year Y` for each year the file
       touches (the baseline);

and prints the times, the number of recompute runs, and A/B (goal <= 2). The file: --rows institutions spread
over every county-level unit of --province, filed over the last six years (seeded: the same file every run).
Not a test: nothing fails when the goal is missed (bench/README.md).
"""
import argparse
import contextlib
import csv
import datetime
import io
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ["brand_chain", "community", "kindergarten", "employer", "medical", "independent", "family"]


def setup_django(sqlite_path: Path) -> None:
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"):
        os.environ.pop(name, None)  # the embedded default: SQLite, tasks in-process
    os.environ["SQLITE_PATH"] = str(sqlite_path)
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tuoyu_portal.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def use_database(path: Path) -> None:
    from django.db import connections

    connections["default"].close()
    connections["default"].settings_dict["NAME"] = str(path)


def write_file(path: Path, *, rows: int, province: str, seed: int) -> list[int]:
    """The import file; returns the years it touches."""
    from regions.models import Region, RegionLevel
    from tests.factories import make_credit_code

    counties = list(Region.objects.filter(level=RegionLevel.COUNTY, code__startswith=province)
                    .values_list("code", flat=True))
    rng = random.Random(seed)
    today = datetime.date.today()
    first = datetime.date(today.year - 5, 1, 1)
    years = set()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["credit_code", "name", "region_code", "operating_model", "nature", "inclusive",
                         "pilot_level", "slots", "enrolled", "filed_on"])
        for i in range(rows):
            filed_on = first + datetime.timedelta(days=rng.randrange((today - first).days))
            years.add(filed_on.year)
            slots = rng.randrange(10, 150)
            writer.writerow([make_credit_code(300_000 + i), f"基准托育机构{i:06d}", counties[i % len(counties)],
                             MODELS[i % len(MODELS)], "for_profit" if i % 3 else "non_profit",
                             "是" if i % 2 else "否", "none", slots, rng.randrange(0, slots + 1),
                             filed_on.isoformat()])
    # A change of a year recomputes that year and every later one, up to this one.
    return list(range(min(years), today.year + 1))


@contextlib.contextmanager
def counting_recomputes():
    """Count the yearly rollups the debounced recompute runs."""
    from stats import services

    calls = []
    real = services.rollups_compute_year

    def counted(*, year, region_code=None):
        calls.append((year, region_code))
        return real(year=year, region_code=region_code)

    services.rollups_compute_year = counted
    try:
        yield calls
    finally:
        services.rollups_compute_year = real


@contextlib.contextmanager
def per_county_keys():
    """The behaviour before issue 12: one pending recompute per county."""
    from institutions import changes
    from stats import services

    real_key, real_wide = services.pending_key, changes.COUNTRY_WIDE_PROVINCES
    services.pending_key = lambda code: code
    changes.COUNTRY_WIDE_PROVINCES = 10_000
    try:
        yield
    finally:
        services.pending_key, changes.COUNTRY_WIDE_PROVINCES = real_key, real_wide


@contextlib.contextmanager
def recomputes_dropped():
    from core import outbox
    from stats.tasks import recompute_region_debounced

    real = outbox.enqueue

    def enqueue(task, *args, **kwargs):
        if task is not recompute_region_debounced:
            real(task, *args, **kwargs)

    outbox.enqueue = enqueue
    try:
        yield
    finally:
        outbox.enqueue = real


def timed_import(path: Path) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("import_institutions", str(path), stdout=io.StringIO())
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--province", default="13")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--skip-old", action="store_true", help="do not measure the per-county behaviour (A0)")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tuoyu-bench-imports-"))
    base = workdir / "base.sqlite3"
    try:
        setup_django(base)
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("load_regions", stdout=io.StringIO())
        print(f"database with the national region list in {time.perf_counter() - started:.1f} s")
        csv_path = workdir / "institutions.csv"
        years = write_file(csv_path, rows=options.rows, province=options.province, seed=options.seed)
        print(f"file: {options.rows} institutions over the counties of {options.province}, years {years}")

        def fresh(name: str) -> Path:
            copy = workdir / f"{name}.sqlite3"
            shutil.copyfile(base, copy)
            use_database(copy)
            return copy

        fresh("a")
        with counting_recomputes() as runs_a:
            seconds_a = timed_import(csv_path)
        print(f"(A)  import with its recomputes: {seconds_a:.2f} s, {len(runs_a)} yearly rollups run")

        seconds_old, runs_old = None, []
        if not options.skip_old:
            fresh("old")
            with per_county_keys(), counting_recomputes() as runs_old:
                seconds_old = timed_import(csv_path)
            print(f"(A0) the same, one recompute per county (before): {seconds_old:.2f} s, "
                  f"{len(runs_old)} yearly rollups run")

        fresh("b")
        with recomputes_dropped():
            seconds_import = timed_import(csv_path)
        started = time.perf_counter()
        for year in years:
            call_command("compute_rollups", "--year", str(year), stdout=io.StringIO())
        seconds_compute = time.perf_counter() - started
        seconds_b = seconds_import + seconds_compute
        print(f"(B)  import without recomputes {seconds_import:.2f} s + compute_rollups of {len(years)} years "
              f"{seconds_compute:.2f} s = {seconds_b:.2f} s")
        ratio = seconds_a / seconds_b
        print(f"A/B = {ratio:.2f} (goal <= 2: {'met' if ratio <= 2 else 'NOT met'})"
              + (f"; A0/B = {seconds_old / seconds_b:.2f}" if seconds_old else ""))
        print(json.dumps({"rows": options.rows, "a_s": round(seconds_a, 2), "a_runs": len(runs_a),
                          "a0_s": seconds_old and round(seconds_old, 2), "a0_runs": len(runs_old),
                          "b_s": round(seconds_b, 2), "ratio": round(ratio, 2)}))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
