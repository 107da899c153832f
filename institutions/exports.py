"""Exports of the staff institution list (current filters, scoped): CSV (UTF-8 with BOM so that Excel opens
it) and XLSX (openpyxl's write-only mode), Chinese headers, numbers as numbers, dates as dates. The view
streams small exports; larger ones are written to a file by an export job (exports app, docs/exports.md)
with the same rows, columns and writers."""
import csv
import io
from collections.abc import Callable
from types import SimpleNamespace
from typing import BinaryIO

from django.conf import settings
from django.http import QueryDict, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core import spreadsheets
from core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, cell_value, csv_value

from .filters import StaffInstitutionFilter
from .models import FilingState, Institution, Nature, OperatingModel, PilotLevel
from .selectors import institution_list, institution_sorted

# Rows fetched from the database per round trip (the list is streamed, never loaded whole).
CHUNK = 2000

# Called with the number of rows written so far (an export job records its progress with it).
Progress = Callable[[int], None]

COLUMNS = [
    ("统一社会信用代码", lambda i: i.credit_code),
    ("机构名称", lambda i: i.name),
    ("省", lambda i: _ancestor(i.region, 2)),
    ("市", lambda i: _ancestor(i.region, 4)),
    ("县（区）", lambda i: _ancestor(i.region, 6)),
    ("乡镇（街道）", lambda i: i.region.name if len(i.region_id) == 9 else ""),
    ("区划代码", lambda i: i.region_id),
    ("地址", lambda i: i.address),
    ("性质", lambda i: str(Nature(i.nature).label) if i.nature else ""),
    ("办托模式", lambda i: str(OperatingModel(i.operating_model).label) if i.operating_model else ""),
    ("普惠", lambda i: "是" if i.inclusive else "否"),
    ("试点级别", lambda i: str(PilotLevel(i.pilot_level).label) if i.pilot_level else ""),
    ("星级", lambda i: i.star_rating),
    ("托位数", lambda i: i.slots),
    ("在托人数", lambda i: i.enrolled),
    ("备案状态", lambda i: str(FilingState(i.filing_state).label)),
    ("备案编号", lambda i: i.filing_number or ""),
    ("备案日期", lambda i: i.filed_on),
    ("注销日期", lambda i: i.deregistered_on),
]
NUMBER_COLUMNS = {"星级", "托位数", "在托人数"}
DATE_COLUMNS = {"备案日期", "注销日期"}


def _ancestor(region, length: int) -> str:
    while region is not None and len(region.code) > length:
        region = region.parent
    return region.name if region is not None and len(region.code) == length else ""


def max_sync_rows() -> int:
    """Above this many rows the view does not stream the export: a background export job writes it."""
    return settings.EXPORT_MAX_SYNC_ROWS


def export_queryset(*, user, data: QueryDict, base=None):
    """The rows of an export: the staff list's filters and sort (`data`, the list's query string) applied to
    `base`, by default the user's scope (never more). Invalid filters export the whole base, as the list
    shows it. The same function serves the streamed export and the export job (which passes the owner)."""
    if base is None:
        base = Institution.objects.visible_to(user)
    # The filterset reads only request.user (the region picker's root), so a job can pass its owner.
    filterset = StaffInstitutionFilter(data or None, queryset=base, request=SimpleNamespace(user=user))
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return institution_sorted(institution_list(base=queryset), data.get("sort"))


def _rows(queryset):
    for institution in queryset.iterator(chunk_size=CHUNK):
        yield [cell_value(getter(institution)) for _, getter in COLUMNS]


def _csv_values(row: list) -> list:
    return [csv_value(v) for v in row]


def _counted(rows, progress: Progress | None, every: int):
    """Pass the rows through, calling progress(done) every `every` rows and once at the end."""
    done = 0
    for row in rows:
        yield row
        done += 1
        if progress is not None and done % every == 0:
            progress(done)
    if progress is not None and done % every:
        progress(done)


class _Echo:
    def write(self, value):
        return value


def csv_response(queryset, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff" + writer.writerow([header for header, _ in COLUMNS])
        for row in _rows(queryset):
            yield writer.writerow(_csv_values(row))

    response = StreamingHttpResponse(stream(), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def write_csv(queryset, handle: BinaryIO, *, progress: Progress | None = None, every: int = CHUNK) -> int:
    """Write the CSV (the bytes csv_response streams) to a binary file; returns the number of rows."""
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    writer = csv.writer(text)
    text.write("\ufeff")
    writer.writerow([header for header, _ in COLUMNS])
    written = 0
    for row in _counted(_rows(queryset), progress, every):
        writer.writerow(_csv_values(row))
        written += 1
    text.flush()
    text.detach()  # leave the caller's handle open
    return written


def write_xlsx(queryset, handle: BinaryIO, *, title: str, progress: Progress | None = None,
               every: int = CHUNK) -> int:
    """Write the workbook (one sheet, header frozen, typed cells) to a binary file; returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name, _ in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    written = 0
    for row in _counted(_rows(queryset), progress, every):
        cells = []
        for (name, _), value in zip(COLUMNS, row, strict=True):
            cell = WriteOnlyCell(sheet, value=value)
            if name in DATE_COLUMNS and value is not None:
                cell.number_format = "yyyy-mm-dd"
            elif name in NUMBER_COLUMNS and value is not None:
                cell.number_format = "0"
            cells.append(cell)
        sheet.append(cells)
        written += 1
    workbook.save(handle)
    return written


def xlsx_response(queryset, filename: str, *, title: str):
    return spreadsheets.xlsx_response(lambda handle: write_xlsx(queryset, handle, title=title), filename)

__all__ = ["CSV_CONTENT_TYPE", "XLSX_CONTENT_TYPE", "csv_response", "export_queryset", "max_sync_rows",
           "write_csv", "write_xlsx", "xlsx_response"]
