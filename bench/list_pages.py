"""Benchmark: the list pages at national scale under concurrent load (issue 12, point 14).

    .venv/bin/python bench/list_pages.py [--database-url postgres://postgres@127.0.0.1:5432/tuoyu_bench_lists]
                                         [--keep] [--reuse] [--clients 20] [--workers 2] [--seconds 15]

The data set is bench/rollups.py's national one (126,000 filed institutions over the 2,978 county-level units,
their capacity history and staff), plus one approved filing per institution and about 2,500 submitted ones
waiting in the review queues. The portal runs under gunicorn with --workers (2) sync worker processes, as in
docker-compose.yml, on PostgreSQL with CONN_MAX_AGE as configured and Redis as the shared cache (--cache-url). --clients (20) threads then load it, one
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
search, the admin lists and the reviewer queue): the isolated measurement --rounds (3) times, each page against the
mean of the login p95 measured just before and just after it, and the median ratio of the rounds (and the worst);
then the numbers as JSON. Not a test: nothing fails when a
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
    rows = Institution.objects.values_list(
        "pk", "name", "credit_code", "region_id", "filing_state", "filing_number", "filed_on")
    filings = []
    for pk, name, code, region_id, state, number, filed_on in rows.iterator(chunk_size=5000):
        county = region_id[:6]
        if state == FilingState.NOT_FILED:  # under review: its new filing is submitted
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
    """Users of each role the pages need; returns their session cookies (sessions stored in the database). Each
    has a confirmed authenticator and a session that has given its code, as production requires of admins and
    reviewers (OTP_REQUIRED_ROLES): django-otp's middleware then loads the device on every request, as it would."""
    from django.contrib.auth import get_user_model

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
        cookies[username] = dataset.verified_client(user).cookies["sessionid"].value
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


def load(base: str, *, pick, clients: int, seconds: float, warmup: float) -> dict[str, dict]:
    """`clients` threads send pick() -> (page, session cookie or None, path) until the time is up; the
    latencies after the warm-up, by page."""
    latencies: dict[str, list[float]] = {}
    errors: dict[str, list[str]] = {}
    lock = threading.Lock()
    measure_from = time.monotonic() + warmup
    stop = measure_from + seconds

    def client() -> None:
        http = requests.Session()
        mine: dict[str, list[float]] = {}
        while True:
            began = time.monotonic()
            if began >= stop:
                break
            with lock:
                page, cookie, path = pick()
            response = http.get(base + path, timeout=120, allow_redirects=False,
                                cookies={"sessionid": cookie} if cookie else None)
            ended = time.monotonic()
            http.cookies.clear()  # no session or CSRF cookie carried from one page's user to the next
            if response.status_code != 200:
                with lock:
                    errors.setdefault(page, []).append(f"{response.status_code} {path}")
            elif began >= measure_from:
                mine.setdefault(page, []).append(ended - began)
        with lock:
            for page, values in mine.items():
                latencies.setdefault(page, []).extend(values)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results = {}
    for page in sorted({*latencies, *errors}):
        values = sorted(latencies.get(page, []))
        failed = errors.get(page, [])
        results[page] = {
            "requests": len(values),
            "errors": len(failed), "first_error": failed[0] if failed else None,
            "p50_ms": round(statistics.median(values) * 1000, 1) if values else None,
            "p95_ms": round(values[max(0, int(len(values) * 0.95) - 1)] * 1000, 1) if values else None,
        }
    return results


def bracket_logins(logins: list[dict]) -> dict:
    """The login page's measurements of a round as one row: all requests, the median of the p50s and p95s."""
    return {"requests": sum(m["requests"] for m in logins), "errors": sum(m["errors"] for m in logins),
            "first_error": next((m["first_error"] for m in logins if m["first_error"]), None),
            "p50_ms": round(statistics.median(m["p50_ms"] for m in logins), 1),
            "p95_ms": round(statistics.median(m["p95_ms"] for m in logins), 1),
            "p95_ms_each": [m["p95_ms"] for m in logins]}


def report(title: str, results: dict[str, dict]) -> None:
    """A table of the pages; each page's ratio is its p95 over the login p95 it was measured against: the login
    measurements just before and after it (`login_p95_ms`, isolated rounds) or the same load's (mixed)."""
    print(f"\n{title}")
    print(f"{'page':<17}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'login p95':>11}{'p95/login':>11}  goal")
    for page, result in results.items():
        baseline = result.get("login_p95_ms", results["login"]["p95_ms"])
        result["ratio"] = round(result["p95_ms"] / baseline, 2) if result["p95_ms"] and baseline else None
        goal = ""
        if page in GOAL_PAGES:
            goal = f"<= {GOAL_RATIO:g}: {'met' if result['ratio'] and result['ratio'] <= GOAL_RATIO else 'NOT met'}"
        errors = f"  {result['errors']} errors (first: {result['first_error']})" if result["errors"] else ""
        print(f"{page:<17}{result['requests']:>9}{result['p50_ms']!s:>9}{result['p95_ms']!s:>9}{baseline!s:>11}"
              f"{result['ratio']!s:>11}  {goal}{errors}")


def median_of_rounds(rounds: list[dict[str, dict]]) -> dict[str, dict]:
    """Each page's median p95 and median ratio (as report() computed it in each round)."""
    summary = {}
    for page in rounds[0]:
        p95s = [r[page]["p95_ms"] for r in rounds if r.get(page, {}).get("p95_ms")]
        ratios = [r[page]["ratio"] for r in rounds if r.get(page, {}).get("ratio")]
        summary[page] = {"p95_ms": round(statistics.median(p95s), 1) if p95s else None,
                         "ratio": round(statistics.median(ratios), 2) if ratios else None,
                         "worst_ratio": max(ratios) if ratios else None}
    return summary


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
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of the isolated measurement; the median ratio is reported (default 3)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pages", default="", help="comma-separated pages to measure (default: all)")
    parser.add_argument("--seed", type=int, default=2978)
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/9",
                        help="the shared cache of the web processes, as in production (default Redis database 9)")
    args = parser.parse_args()
    os.environ["CACHE_URL"] = args.cache_url  # this process (the sessions it creates) and gunicorn's

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
        # Steady state: setting the users up marked their cache entries changed (accounts.authcache); until the
        # marks expire every request would read its user from the database.
        from accounts import authcache

        time.sleep(authcache.MARKER_SECONDS)

        server = start_server(args.database_url, args.port, args.workers, logfile)
        base = f"http://127.0.0.1:{args.port}"
        pages = page_requests(random.Random(args.seed), args.institutions)
        chosen = [p for p in args.pages.split(",") if p] or list(pages)
        print(f"{args.clients} clients, gunicorn with {args.workers} sync workers, {args.seconds:.0f} s per page "
              f"after {args.warmup:.0f} s of warm-up")
        order = ["login", *[p for p in chosen if p != "login"]]

        def target(page: str):
            user, next_path = pages[page]
            return page, cookies.get(user) if user else None, next_path()

        # (1) Mixed: every client picks one of the pages at random for each request, as a real day's traffic
        # (and a locust run) does; each page's p95 against the login page's under that same load.
        mix_rng = random.Random(args.seed + 1)
        mixed = load(base, pick=lambda: target(mix_rng.choice(order)), clients=args.clients,
                     seconds=args.seconds * len(order), warmup=args.warmup)
        report(f"(1) mixed load: {args.clients} clients, each request a random one of {len(order)} pages", mixed)
        # (2) Isolated: each page alone under the same number of clients (stricter: no queueing shared with
        # cheaper pages), one after the other: --rounds times. The machine's speed drifts between minutes (other
        # tenants of a virtual machine; a round of seven pages takes three minutes), so every page is measured
        # between two measurements of the login page and its ratio taken against their mean; the median ratio
        # over the rounds is the result.
        def alone(page: str) -> dict:
            return load(base, pick=lambda: target(page), clients=args.clients, seconds=args.seconds,
                        warmup=args.warmup)[page]

        rounds = []
        for number in range(1, args.rounds + 1):
            logins = [alone("login")]
            isolated = {}
            for page in order[1:]:
                isolated[page] = alone(page)
                logins.append(alone("login"))
                isolated[page]["login_p95_ms"] = round((logins[-2]["p95_ms"] + logins[-1]["p95_ms"]) / 2, 1)
            isolated = {"login": bracket_logins(logins), **isolated}
            report(f"(2.{number}) round {number}: each page alone under {args.clients} clients, between two "
                   f"measurements of the login page", isolated)
            rounds.append(isolated)
        summary = median_of_rounds(rounds)
        print(f"\n(3) median over {len(rounds)} rounds of each page's p95 and of its ratio to the login p95 around it")
        print(f"{'page':<17}{'p95 ms':>9}{'p95/login':>11}{'worst':>8}  goal")
        for page, result in summary.items():
            goal = ""
            if page in GOAL_PAGES:
                goal = f"<= {GOAL_RATIO:g}: {'met' if result['ratio'] <= GOAL_RATIO else 'NOT met'}"
            print(f"{page:<17}{result['p95_ms']!s:>9}{result['ratio']!s:>11}{result['worst_ratio']!s:>8}  {goal}")
        print(json.dumps({"clients": args.clients, "workers": args.workers, "mixed": mixed, "rounds": rounds,
                          "median": summary}, ensure_ascii=False))
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
