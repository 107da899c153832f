"""python manage.py import_institutions FILE [--dry-run]: validate the whole file, then import it (all or nothing)."""
from imports.management.importcommand import ImportCommand
from imports.models import ImportKind


class Command(ImportCommand):
    help = "Import institutions from a .csv (UTF-8/GBK) or .xlsx file; a file with any bad row writes nothing."
    kind = ImportKind.INSTITUTIONS
    what = "Institutions"
