"""Exports of the dashboard's tables: the child regions' figures and their ranking, as CSV (UTF-8 with BOM,
so that Excel opens it) or XLSX (Chinese headers, integers as integers, rates with two decimals). A region
has at most a few hundred children, so both are built in memory and answered at once."""

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from core.spreadsheets import cell_value, csv_response, workbook_response

from .dashboard import is_below_target

INT, RATE, DATE, TEXT = "0", "0.00", "yyyy-mm-dd", None

# (header, attribute or callable, number format)
CHILDREN_COLUMNS = [
    ("区划代码", "region_code", TEXT),
    ("区划名称", "region_name", TEXT),
    ("机构数", "institutions", INT),
    ("托位数", "slots", INT),
    ("在托人数", "enrolled", INT),
    ("常住人口", "population", INT),
    ("每千人口托位数", "slots_per_1000", RATE),
    ("托位使用率（%）", "utilization_pct", RATE),
    ("普惠托位数", "inclusive_slots", INT),
    ("普惠托位占比（%）", "inclusive_share_pct", RATE),
    ("试点机构数", "pilots", INT),
    ("试点托位数", "pilot_slots", INT),
    ("试点县覆盖率（%）", "pilot_county_coverage_pct", RATE),
    ("新增托位数", "new_slots", INT),
    ("新增托位目标", "target", INT),
    ("目标完成率（%）", "target_completion_pct", RATE),
    ("持证上岗率（%）", "certified_staff_pct", RATE),
    ("每千人口托位数排名", "rank", INT),
    ("目标完成率排名", "rank_target", INT),
    ("完成检查次数", "visits", INT),
    ("受检机构数", "inspected_institutions", INT),
    ("受检机构占比（%）", "inspected_share_pct", RATE),
    ("未完成整改通知数", "open_orders", INT),
    ("逾期整改通知数", "overdue_orders", INT),
    ("统计截止日期", "as_of", DATE),
]
RANKING_COLUMNS = [
    ("排名", "rank", INT),
    ("区划名称", "region_name", TEXT),
    ("区划代码", "region_code", TEXT),
    ("每千人口托位数", "slots_per_1000", RATE),
    ("托位数", "slots", INT),
    ("常住人口", "population", INT),
    ("新增托位数", "new_slots", INT),
    ("新增托位目标", "target", INT),
    ("目标完成率（%）", "target_completion_pct", RATE),
    ("目标完成率排名", "rank_target", INT),
    ("是否低于进度", lambda row: "是" if is_below_target(row) else "否", TEXT),
]
BELOW_FILL = PatternFill("solid", fgColor="FDE2E1")


def _value(row, getter):
    return cell_value(getter(row) if callable(getter) else getattr(row, getter))


def _csv(columns, rows, filename: str):
    return csv_response([[header for header, _, _ in columns],
                         *([_value(row, getter) for _, getter, _ in columns] for row in rows)], filename)


def _xlsx(columns, rows, filename: str, *, title: str, mark_below: bool):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name, _, _ in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        below = mark_below and is_below_target(row)
        cells = []
        for _, getter, number_format in columns:
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
