"""Benchmark: the list pages at national scale under concurrent load (issue 12, point 14).

    .venv/bin/python bench/list_pages.py [--database-url postgres://postgres@127.0.0.1:5432/tuoyu_bench_lists]
                                         [--keep] [--reuse] [--clients 20] [--workers 2] [--seconds 15]

The data set is bench/rollups.py's national one (126,000 filed institutions over the 2,978 county-level units,
their capacity history and staff), plus one approved filing per institution and about 2,500 submitted ones
waiting in the review queues. The portal runs under gunicorn with --workers (2) sync worker processes, as in
docker-compose.yml, on PostgreSQL with CONN_MAX_AGE as configured. --clients (20) threads then load it, one
page at a time: for --seconds each, every client requests that page again and again (after a warm-up), and the
latency of every request is recorded. Each page is measured under the same load: --clients concurrent clients.

Pages (each a real URL, with the session of a real user of the right role):
  login            GET /accounts/login/ (anonymous): the baseline
  directory        GET /directory/?q=<a name fragment>: the public search (信息公示), a different term each time
  directory-browse GET /directory/?page=<1..50>: the public list without a search
  staff-list       GET /institutions/?q=<fragment> as the admin of province 13 (机构管理)
  admin-list       GET /admin/institutions/institution/?q=<fragment> as a superuser (Django's admin)
  admin-browse     GET /admin/institutions/institution/?p=<1..50>
  queue-county     GET /filings/ as the reviewer of the busiest county of province 13 (审核队列)
  queue-province   GET /filings/ as the admin of province 13

It prints p50/p95 of each page and its p95 as a ratio to the login page's (goal: at most 3 for the directory
search, the admin lists and the reviewer queue), then the numbers as JSON. Not a test: nothing fails when a
goal is missed (bench/README.md). Its own database only, as bench/rollups.py (dropped at the end unless --keep).
"""
import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import rollups as dataset  # noqa: E402  (bench/rollups.py: the national data set and its database helpers)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tuoyu_bench_lists"
GOAL_RATIO = 3.0
GOAL_PAGES = ("directory", "staff-list", "admin-list", "admin-browse", "queue-county", "queue-province")
SUBMITTED_IN_BUSIEST_COUNTY = 60


def add_filings(*, seed: int) -> dict:
    """One approved filing per filed institution, a submitted one per institution waiting for a decision
    (and SUBMITTED_IN_BUSIEST_COUNTY more in the busiest county of province 13, the reviewer's)."""
    from django.db.models import Count
    from django.utils import timezone

    from filings.models import Filing, FilingKind, FilingStatus
    from institutions.models import FilingState, Institution

    rng = random.Random(seed)
    now = timezone.now()
    # About the size of a real filing's wizard data (two kilobytes of JSON).
    data = {"basic": {"address": "某某路" * 20, "contact": "联系人", "phone": "0311-80000000"},
            "classes": [{"kind": "toddler", "capacity": 20, "count": 2}] * 6, "notes": "说明" * 300}
    rows = Institution.objects.exclude(filing_state__in=[FilingState.DRAFT, FilingState.REJECTED]).values_list(
        "pk", "name", "credit_code", "region_id", "filing_state", "filing_number", "filed_on")
    filings = []
    for pk, name, code, region_id, state, number, filed_on in rows.iterator(chunk_size=5000):
        county = region_id[:6]
        if state == FilingState.SUBMITTED:
            submitted = now - datetime_days(rng.randint(0, 40))
            filings.append(Filing(kind=FilingKind.NEW, status=FilingStatus.SUBMITTED, institution_id=pk,
                                  county_id=county, name=name, credit_code=code, data=data,
                                  submitted_at=submitted, first_submitted_at=submitted))
        else:
            decided = timezone.make_aware(datetime_at(filed_on))
            filings.append(Filing(kind=FilingKind.NEW, status=FilingStatus.APPROVED, institution_id=pk,
                                  county_id=county, name=name, credit_code=code, data=data, submitted_at=decided,
                                  first_submitted_at=decided, accepted_at=decided, decided_at=decided,
                                  filing_number=number, effective_on=filed_on))
    busiest = (Institution.objects.filter(region__code__startswith="13", filing_state=FilingState.FILED)
               .values("region_id").annotate(n=Count("id")).order_by("-n", "region_id")[0]["region_id"][:6])
    # Change filings of filed institutions of that county, waiting for its reviewer.
    for pk, name, code in Institution.objects.filter(region__code__startswith=busiest,
                                                     filing_state=FilingState.FILED).values_list(
            "pk", "name", "credit_code")[:SUBMITTED_IN_BUSIEST_COUNTY]:
        submitted = now - datetime_days(rng.randint(0, 40))
        filings.append(Filing(kind=FilingKind.CHANGE, status=FilingStatus.SUBMITTED, institution_id=pk,
                              county_id=busiest, name=name, credit_code=code, data=data, submitted_at=submitted,
                              first_submitted_at=submitted))
    Filing.objects.bulk_create(filings, batch_size=5000)
    dataset.vacuum_analyze(Filing)
    return {"filings": len(filings), "busiest_county": busiest}


def datetime_days(days: int):
    import datetime

    return datetime.timedelta(days=days, hours=random.random() * 8)


def datetime_at(day):
    import datetime

    return datetime.datetime.combine(day, datetime.time(10, 0))


def bench_users(busiest_county: str) -> dict[str, str]:
    """Users of each role the pages need; returns their session cookies (sessions stored in the database)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from accounts.models import Role

    User = get_user_model()
    specs = {
        "superuser": {"role": Role.ADMIN, "region_id": None, "is_staff": True, "is_superuser": True},
        "province-admin": {"role": Role.ADMIN, "region_id": "13"},
        "county-reviewer": {"role": Role.REVIEWER, "region_id": busiest_county},
    }
    cookies = {}
    for username, fields in specs.items():
        user, _created = User.objects.update_or_create(username=f"bench-{username}", defaults=fields)
        client = Client()
        client.force_login(user)
        cookies[username] = client.cookies["sessionid"].value
    return cookies


def start_server(url: str, port: int, workers: int, logfile) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": "bench-only-not-a-secret",
           "LOG_LEVEL": "WARNING"}
    env.pop("CELERY_BROKER_URL", None)
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "tuoyu_portal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "sync", "--log-level", "warning", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=logfile, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).status_code == 200:
                return process
        except requests.ConnectionError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.5)
    process.kill()
    logfile.flush()
    sys.exit("gunicorn did not start:\n" + Path(logfile.name).read_text()[-3000:])


def page_requests(rng: random.Random, institutions: int) -> dict:
    """Each page: (user or None, a function giving the next path)."""
    def fragment() -> str:
        # A search a clerk would type: part of an institution's name (matches one to a dozen institutions).
        return f"托育机构{rng.randint(1, institutions)}"

    return {
        "login": (None, lambda: "/accounts/login/"),
        "directory": (None, lambda: f"/directory/?q={fragment()}"),
        "directory-browse": (None, lambda: f"/directory/?page={rng.randint(1, 50)}"),
        "staff-list": ("province-admin", lambda: f"/institutions/?q={fragment()}"),
        "admin-list": ("superuser", lambda: f"/admin/institutions/institution/?q={fragment()}"),
        "admin-browse": ("superuser", lambda: f"/admin/institutions/institution/?p={rng.randint(1, 50)}"),
        "queue-county": ("county-reviewer", lambda: "/filings/"),
        "queue-province": ("province-admin", lambda: "/filings/"),
    }


def load(base: str, *, cookie: str | None, next_path, clients: int, seconds: float, warmup: float) -> dict:
    """`clients` threads request next_path() until the time is up; latencies after the warm-up."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = time.monotonic()
    measure_from = start + warmup
    stop = measure_from + seconds

    def client() -> None:
        session = requests.Session()
        if cookie:
            session.cookies.set("sessionid", cookie, domain="127.0.0.1")
        mine = []
        while True:
            began = time.monotonic()
            if began >= stop:
                break
            with lock:
                path = next_path()
            response = session.get(base + path, timeout=120, allow_redirects=False)
            ended = time.monotonic()
            if response.status_code != 200:
                with lock:
                    errors.append(f"{response.status_code} {path}")
            elif began >= measure_from:
                mine.append(ended - began)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": len(errors), "first_error": errors[0] if errors else None,
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1) if latencies else None,
        "per_second": round(len(latencies) / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--reuse", action="store_true", help="reuse a database kept with --keep")
    parser.add_argument("--institutions", type=int, default=126_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--seconds", type=float, default=15.0, help="measured seconds per page (default 15)")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pages", default="", help="comma-separated pages to measure (default: all)")
    parser.add_argument("--seed", type=int, default=2978)
    args = parser.parse_args()

    name = dataset.database_name(args.database_url)
    media_root = tempfile.mkdtemp(prefix="tuoyu-bench-media-")
    reuse = args.reuse and dataset.database_exists(args.database_url, name)
    if not reuse:
        dataset.recreate_database(args.database_url, name)
    dataset.setup_django(args.database_url, media_root)
    server = None
    logfile = open(Path(media_root) / "gunicorn.log", "w")  # noqa: SIM115
    try:
        from django.core.management import call_command
        from django.db import connections
        from django.utils import timezone

        from filings.models import Filing

        call_command("migrate", verbosity=0, interactive=False)
        began = time.monotonic()
        if not reuse or dataset.dataset_summary() is None:
            summary = dataset.generate(institutions=args.institutions, seed=args.seed, today=timezone.localdate())
            print(f"data set: {summary['institutions']:,} institutions, {summary['capacity_records']:,} capacity "
                  f"records, {summary['staff']:,} staff in {time.monotonic() - began:.0f} s")
        if not Filing.objects.exists():
            filings = add_filings(seed=args.seed)
            print(f"{filings['filings']:,} filings in {time.monotonic() - began:.0f} s")
        busiest = (Filing.objects.filter(kind="change", status="submitted").values_list("county_id", flat=True)
                   .first())
        cookies = bench_users(busiest)
        connections.close_all()

        server = start_server(args.database_url, args.port, args.workers, logfile)
        base = f"http://127.0.0.1:{args.port}"
        pages = page_requests(random.Random(args.seed), args.institutions)
        chosen = [p for p in args.pages.split(",") if p] or list(pages)
        print(f"{args.clients} clients, gunicorn with {args.workers} sync workers, {args.seconds:.0f} s per page "
              f"after {args.warmup:.0f} s of warm-up")
        results = {}
        for page in ["login", *[p for p in chosen if p != "login"]]:
            user, next_path = pages[page]
            results[page] = load(base, cookie=cookies.get(user) if user else None, next_path=next_path,
                                 clients=args.clients, seconds=args.seconds, warmup=args.warmup)
        login_p95 = results["login"]["p95_ms"]
        print(f"{'page':<17}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p95/login':>11}  goal")
        for page, result in results.items():
            result["ratio"] = round(result["p95_ms"] / login_p95, 2) if result["p95_ms"] else None
            goal = ""
            if page in GOAL_PAGES:
                goal = f"<= {GOAL_RATIO:g}: {'met' if result['ratio'] and result['ratio'] <= GOAL_RATIO else 'NOT met'}"
            errors = f"  {result['errors']} errors (first: {result['first_error']})" if result["errors"] else ""
            print(f"{page:<17}{result['requests']:>9}{result['p50_ms']:>9}{result['p95_ms']:>9}"
                  f"{result['ratio']:>11}  {goal}{errors}")
        print(json.dumps({"clients": args.clients, "workers": args.workers, "pages": results}, ensure_ascii=False))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        logfile.close()
        from django.db import connections

        connections.close_all()
        shutil.rmtree(media_root, ignore_errors=True)
        if not args.keep:
            dataset.recreate_database(args.database_url, name, drop_only=True)
            print(f"Database {name} dropped (--keep keeps it).")
        else:
            print(f"Database {name} kept: rerun with --reuse --keep to skip the generation.")


if __name__ == "__main__":
    main()
