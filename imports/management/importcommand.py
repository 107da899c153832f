"""The shared body of import_institutions, import_population and import_targets."""
import pathlib
import time

from django.core.management.base import BaseCommand, CommandError

from imports import messages as msg
from imports.readers import SUPPORTED_EXTENSIONS, file_extension
from imports.services import import_file_run


class ImportCommand(BaseCommand):
    kind = ""
    what = ""

    def add_arguments(self, parser):
        parser.add_argument("file", type=pathlib.Path, help="A .csv (UTF-8 or GBK) or .xlsx file")
        parser.add_argument("--dry-run", action="store_true",
                            help="Validate every row and report what would change; write nothing")

    def handle(self, *args, file: pathlib.Path, dry_run: bool = False, **options):
        if file_extension(file.name) not in SUPPORTED_EXTENSIONS:
            raise CommandError(f"{file}: {msg.MSG_FILE_TYPE}")
        if not file.is_file():
            raise CommandError(f"{file}: 文件不存在 / No such file")
        started = time.monotonic()
        # Command-line runs act as the system (national scope); the job and audit row record them.
        job, prepared = import_file_run(kind=self.kind, path=file, dry_run=dry_run)
        elapsed = time.monotonic() - started
        summary = job.summary
        if summary.get("failure"):
            raise CommandError(f"{file}: {summary['failure']} (job {job.pk})")
        if prepared.refused:
            for problem in prepared.file_errors:
                self.stderr.write(f"file: {problem}")
            for error in prepared.errors:
                self.stderr.write(
                    f"row {error.row}, column {error.column} ({error.field}), value {error.value!r}: {error.message}")
            count = (f"{len(prepared.file_errors)} file problem(s)" if prepared.file_errors
                     else f"{prepared.error_rows} bad row(s), {len(prepared.errors)} error(s)")
            raise CommandError(f"{file} refused: {count}; nothing was written / 文件被拒绝，未写入任何数据 "
                               f"(job {job.pk})")
        counts = (f"{summary['rows']} rows: {summary['created']} created, {summary['updated']} updated, "
                  f"{summary['unchanged']} unchanged")
        if prepared.ignored_columns:
            self.stdout.write(f"ignored columns: {', '.join(prepared.ignored_columns)}")
        if dry_run:
            self.stdout.write(f"Dry run, nothing was written / 试运行，未写入任何数据. Would be: {counts}")
        else:
            self.stdout.write(self.style.SUCCESS(f"{self.what} imported in {elapsed:.1f} s. {counts}"))
