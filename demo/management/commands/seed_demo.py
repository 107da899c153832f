"""python manage.py seed_demo: demo institutions, population, targets and one log-in per role (idempotent)."""
import contextlib
import logging
import time
import unicodedata

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from demo.seed import DEMO_PASSWORD, demo_seed
from regions.models import Region
from stats.services import rollups_compute_year, rollups_years


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


@contextlib.contextmanager
def _quiet(enabled: bool):
    """Raise the portal's and Celery's log levels to WARNING (kombu's in-memory broker note to ERROR) for a while."""
    if not enabled:
        yield
        return
    levels = {"celery": logging.WARNING, "stats": logging.WARNING, "kombu": logging.ERROR}
    saved = {name: logging.getLogger(name).level for name in levels}
    try:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


class Command(BaseCommand):
    help = (
        "Create demo data (6 counties in 河北/山东, ~40 institutions with history, population, targets) "
        "and one log-in per role. Safe to run again: nothing is duplicated; demo passwords are reset."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD,
                            help=f"Password of every demo account (default {DEMO_PASSWORD})")
        parser.add_argument("--force", action="store_true",
                            help="Run although DEBUG is off (the accounts have a published password)")

    def handle(self, *args, password: str, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password and runs only with DEBUG=1 "
                "(pass --force to run it anyway) / 演示数据仅在 DEBUG=1 时生成")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if not Region.objects.filter(code="130102").exists():
            self.stdout.write(self.style.WARNING(
                "The national region list is not loaded (python manage.py load_regions); "
                "creating only the regions the demo needs."))
        verbose = options.get("verbosity", 1) >= 2
        started = time.monotonic()
        # A newcomer needs what was created and the log-ins: the tasks the seeding runs in-process and the
        # rollups log one line each, shown with -v 2.
        with _quiet(not verbose):
            report = demo_seed(password=password)
            self.stdout.write(
                f"regions created: {report.regions_created}; institutions created: {report.institutions_created}, "
                f"already there: {report.institutions_existing}; population rows created: "
                f"{report.populations_created}; target rows created: {report.targets_created}; filings created: "
                f"{report.filings_created}; inspection visits created: {report.visits_created}")
            # The statistics pages read stored rollups: compute every year of the demo data now (the nightly
            # run and the recomputes after each change keep them current from here on).
            years = list(rollups_years())
            for year in years:
                run = rollups_compute_year(year=year)
                if verbose:
                    self.stdout.write(f"statistics: {run.describe()}")
        self.stdout.write(f"statistics of {years[0]}–{years[-1]} computed; demo data ready in "
                          f"{time.monotonic() - started:.0f} s")
        rows = [("username", "password", "role", "region")]
        for user, _created in report.users:
            role = "superuser" if user.is_superuser else f"{user.role} {user.get_role_display()}"
            region = f"{user.region.code} {user.region.name}" if user.region else (
                "全国 national" if user.role != "operator" else "4 institutions 4 家机构")
            rows.append((user.username, password, role, region))
        widths = [max(_width(row[i]) for row in rows) for i in range(4)]
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo log-ins (demo data only, never use these passwords for real):"))
        for n, row in enumerate(rows):
            self.stdout.write("  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=True)))
            if n == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
