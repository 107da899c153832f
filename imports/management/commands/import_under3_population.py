"""python manage.py import_under3_population FILE [--dry-run]: validate the whole file, then import it (all or
nothing): children under 3 per region and year, the denominator of 入托率."""
from imports.management.importcommand import ImportCommand
from imports.models import ImportKind


class Command(ImportCommand):
    help = ("Import the under-3 population from a .csv (UTF-8/GBK) or .xlsx file; a file with any bad row writes "
            "nothing.")
    kind = ImportKind.UNDER3
    what = "Under-3 population"
