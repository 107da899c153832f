"""python manage.py import_population FILE [--dry-run]: validate the whole file, then import it (all or nothing)."""
from imports.management.importcommand import ImportCommand
from imports.models import ImportKind


class Command(ImportCommand):
    help = "Import population from a .csv (UTF-8/GBK) or .xlsx file; a file with any bad row writes nothing."
    kind = ImportKind.POPULATION
    what = "Population"
