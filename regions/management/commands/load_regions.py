"""python manage.py load_regions: load the national division list shipped in regions/data/ (idempotent)."""
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regions.services import DATA_DIR, RegionDataError, regions_load


class Command(BaseCommand):
    help = "Create or update the 31/342/2,978/41,352 regions shipped in regions/data/ (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--prune", action="store_true",
            help="Delete regions that are not in the files, unless something (a user, an institution, "
                 "population or targets) refers to them.",
        )
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR,
                            help="Folder with provinces.csv, cities.csv, areas.csv, streets.csv (default: regions/data)")

    def handle(self, *args, prune: bool = False, data_dir: Path = DATA_DIR, **options):
        started = time.monotonic()
        try:
            results = regions_load(data_dir=data_dir, prune=prune)
        except RegionDataError as exc:
            raise CommandError(f"{data_dir} is inconsistent, nothing was written:\n{exc}") from exc
        header = f"{'level':<10}{'rows':>8}{'created':>9}{'updated':>9}{'unchanged':>11}{'not in data':>13}"
        self.stdout.write(header)
        for result in results:
            self.stdout.write(
                f"{result.level:<10}{result.rows:>8}{result.created:>9}{result.updated:>9}"
                f"{result.unchanged:>11}{result.not_in_data:>13}"
            )
        if prune:
            deleted = sum(r.deleted for r in results)
            kept = sum(r.kept_referenced for r in results)
            self.stdout.write(f"pruned: {deleted} deleted, {kept} kept because other rows refer to them")
        elif any(r.not_in_data for r in results):
            self.stdout.write(self.style.WARNING(
                "Some regions in the database are not in the files; they were kept (see --prune)."))
        self.stdout.write(self.style.SUCCESS(f"Regions loaded in {time.monotonic() - started:.1f} s"))
