"""Writes of the imports app: validating and importing files, and the import jobs that record each run."""
from .base import Column, Prepared, RowError
from .figures import PopulationImporter, TargetImporter
from .institutions import InstitutionImporter
from .jobs import IMPORTERS, import_columns, import_file_run, import_job_create, import_job_run

__all__ = [
    "IMPORTERS", "Column", "InstitutionImporter", "PopulationImporter", "Prepared", "RowError", "TargetImporter",
    "import_columns", "import_file_run", "import_job_create", "import_job_run",
]
