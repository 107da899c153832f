"""python manage.py compute_rollups [--year Y] [--region CODE]: compute the stored figures now (no worker)."""
import time

from django.core.management.base import BaseCommand, CommandError

from stats.services import RollupError, rollups_compute_year, rollups_years


class Command(BaseCommand):
    help = ("Compute the figures of every region (or of CODE's province, its ancestors and the country) for "
            "the year and each of its quarters that has started, synchronously. Without --year: every year "
            "from the first filing to this one.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Only this year (default: every year from the first filing)")
        parser.add_argument("--region", help="A region code: recompute its province and the country only")

    def handle(self, *args, year=None, region=None, **options):
        started = time.monotonic()
        years = [year] if year is not None else list(rollups_years())
        rows = 0
        for one_year in years:
            try:
                run = rollups_compute_year(year=one_year, region_code=region)
            except RollupError as exc:
                raise CommandError(str(exc)) from exc
            rows += run.rows
            self.stdout.write(run.describe())
        self.stdout.write(self.style.SUCCESS(
            f"{len(years)} year(s), {rows} rows written in {time.monotonic() - started:.2f} s"))
