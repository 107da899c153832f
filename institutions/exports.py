"""Exports of the staff institution list (current filters, scoped): CSV streamed row by row (UTF-8 with
BOM so that Excel opens it), XLSX written with openpyxl's write-only mode. Chinese headers, numbers as
numbers, dates as dates."""
import csv
import datetime
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .models import FilingState, Nature, OperatingModel, PilotLevel

# Rows fetched from the database per round trip (the list is streamed, never loaded whole).
CHUNK = 2000
# Above this the export is refused on the page and should be narrowed (docs/decisions.md).
MAX_SYNC_ROWS = 5000

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


def _rows(queryset):
    for institution in queryset.iterator(chunk_size=CHUNK):
        yield [getter(institution) for _, getter in COLUMNS]


class _Echo:
    def write(self, value):
        return value


def csv_response(queryset, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff" + writer.writerow([header for header, _ in COLUMNS])
        for row in _rows(queryset):
            yield writer.writerow(["" if v is None else v.isoformat() if isinstance(v, datetime.date) else v
                                   for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(queryset, filename: str, *, title: str) -> FileResponse:
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
    for row in _rows(queryset):
        cells = []
        for (name, _), value in zip(COLUMNS, row, strict=True):
            cell = WriteOnlyCell(sheet, value=value)
            if name in DATE_COLUMNS and value is not None:
                cell.number_format = "yyyy-mm-dd"
            elif name in NUMBER_COLUMNS and value is not None:
                cell.number_format = "0"
            cells.append(cell)
        sheet.append(cells)
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


__all__ = ["MAX_SYNC_ROWS", "csv_response", "xlsx_response"]
