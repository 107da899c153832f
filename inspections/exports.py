"""Exports of inspections: one visit's record (header facts, then every checklist item with its answer) and the
visit list with its filters, as CSV (UTF-8 with BOM, for Excel) or XLSX. Both are built from querysets the
caller has already scoped (`Visit.objects.visible_to(user)`); a visit out of scope never gets here (404)."""
import datetime

from django.db.models import Count
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.spreadsheets import cell_value, csv_response, workbook_response

from .models import Answer, Visit
from .services import checklist_of

MAX_LIST_ROWS = 5000
ITEM_HEADER = ["分区", "序号", "检查内容", "风险等级", "否决项", "分值", "结果", "说明"]

VISIT_LIST_HEADER = ["检查编号", "托育机构", "统一社会信用代码", "区划代码", "检查类型", "状态", "计划日期", "检查日期",
                     "得分", "满分", "等级", "否决项未通过", "发现问题数", "投诉编号"]


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def visit_record_rows(visit: Visit, *, show_names: bool) -> list[list]:
    """The record of one visit: facts as label/value rows, a blank row, then the item table."""
    answers = {answer.item_id: answer for answer in Answer.objects.filter(visit=visit)}
    rows = [
        ["检查编号", visit.pk],
        ["托育机构", visit.institution.name],
        ["统一社会信用代码", visit.institution.credit_code],
        ["检查类型", visit.get_type_display()],
        ["检查表", f"{visit.template.title} v{visit.template.version}"],
        ["状态", visit.get_status_display()],
        ["检查日期", visit.finished_on],
        ["得分", float(visit.score) if visit.score is not None else ""],
        ["满分", visit.max_score or ""],
        ["等级", visit.grade],
        ["否决项未通过", "是" if visit.baseline_failed else "否"],
    ]
    if show_names:
        rows.append(["检查人员", "、".join(str(user) for user in visit.inspectors.all())])
    rows += [["检查意见", visit.summary], [], ITEM_HEADER]
    for section in checklist_of(visit):
        for position, item in enumerate(section.items.all(), start=1):
            answer = answers.get(item.pk)
            rows.append([section.title, position, item.text, item.get_severity_display(),
                         "是" if item.is_baseline else "", item.points if item.points is not None else "",
                         answer.get_result_display() if answer else "未作答", answer.note if answer else ""])
    return rows


def visit_list_rows(visits) -> list[list]:
    rows = [VISIT_LIST_HEADER]
    visits = visits.select_related("institution").annotate(finding_count=Count("findings", distinct=True))
    for visit in visits:  # the view refuses more than MAX_LIST_ROWS
        rows.append([visit.pk, visit.institution.name, visit.institution.credit_code, visit.institution.region_id,
                     visit.get_type_display(), visit.get_status_display(),
                     visit.planned_on, visit.finished_on,
                     float(visit.score) if visit.score is not None else "", visit.max_score or "", visit.grade,
                     "是" if visit.baseline_failed else "否", visit.finding_count, visit.complaint_ref])
    return rows


def table_response(rows: list[list], *, fmt: str, filename: str, title: str, bold_rows: set[int] = frozenset()):
    if fmt == "csv":
        return csv_response(rows, filename)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    bold = Font(bold=True)
    for index, row in enumerate(rows):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=cell_value(value))
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            if index in bold_rows:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    return workbook_response(workbook, filename)


__all__ = ["ITEM_HEADER", "MAX_LIST_ROWS", "table_response", "visit_list_rows", "visit_record_rows"]
