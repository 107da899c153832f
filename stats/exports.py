"""Exports of the dashboard's tables: the child regions' figures and their ranking, as CSV (UTF-8 with BOM,
so that Excel opens it) or XLSX (Chinese headers, integers as integers, rates with two decimals). A region
has at most a few hundred children, so both are built in memory and answered at once."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from core.spreadsheets import cell_value, csv_response, workbook_response

from .dashboard import is_below_target
from .figures import BY_NAME, FIGURES, Count, Given, Rank, Rate

INT, RATE, DATE, TEXT = "0", "0.00", "yyyy-mm-dd", None

# (header, attribute or callable, number format): the figures' columns come from their declarations
# (stats/figures.py: label, type, whether exported), in their order.
FORMATS = {Count: INT, Given: INT, Rank: INT, Rate: RATE}


def figure_column(name: str, header=None) -> tuple:
    figure = BY_NAME[name]
    return (header or figure.label, name, FORMATS[type(figure)])


CHILDREN_COLUMNS = [
    (_("区划代码"), "region_code", TEXT),
    (_("区划名称"), "region_name", TEXT),
    *(figure_column(figure.name) for figure in FIGURES if figure.export),
    (_("统计截止日期"), "as_of", DATE),
]
RANKING_COLUMNS = [
    figure_column("rank", _("排名")),
    (_("区划名称"), "region_name", TEXT),
    (_("区划代码"), "region_code", TEXT),
    figure_column("slots_per_1000"),
    figure_column("slots"),
    figure_column("population"),
    figure_column("new_slots"),
    figure_column("target"),
    figure_column("target_completion_pct"),
    figure_column("rank_target"),
    (_("是否低于进度"), lambda row: gettext("是") if is_below_target(row) else gettext("否"), TEXT),
]
BELOW_FILL = PatternFill("solid", fgColor="FDE2E1")


def _value(row, getter):
    return cell_value(getter(row) if callable(getter) else getattr(row, getter))


def _csv(columns, rows, filename: str):
    return csv_response([[str(header) for header, _getter, _format in columns],
                         *([_value(row, getter) for _header, getter, _format in columns] for row in rows)], filename)


def _xlsx(columns, rows, filename: str, *, title: str, mark_below: bool):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name, _getter, _format in columns:
        cell = WriteOnlyCell(sheet, value=str(name))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        below = mark_below and is_below_target(row)
        cells = []
        for _header, getter, number_format in columns:
            value = _value(row, getter)
            if number_format == RATE and value is not None:
                value = float(value)  # a number in the sheet, shown with its 2 places by the format
            cell = WriteOnlyCell(sheet, value=value)
            if number_format and value is not None:
                cell.number_format = number_format
            if below:
                cell.fill = BELOW_FILL
            cells.append(cell)
        sheet.append(cells)
    return workbook_response(workbook, filename)


def figures_table_response(*, kind: str, fmt: str, rows, filename: str, title: str):
    """kind "children" (every figure, by code) or "ranking" (by rank, below-target rows marked)."""
    columns = RANKING_COLUMNS if kind == "ranking" else CHILDREN_COLUMNS
    if fmt == "xlsx":
        return _xlsx(columns, rows, filename, title=title, mark_below=kind == "ranking")
    return _csv(columns, rows, filename)
