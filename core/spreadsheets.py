"""Values written into CSV and XLSX exports: text is never read as a formula.

A cell whose text starts with = + - @ (or a tab or carriage return) is a formula to Excel and WPS, so an
institution named `=HYPERLINK(...)` would put a live link into an official's spreadsheet (CSV/formula
injection, OWASP). Such text gets a leading apostrophe, which spreadsheets show as plain text. Numbers and
dates are left alone (a negative number is a number, not text)."""
import datetime

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_value(value):
    """The value as a spreadsheet cell should hold it (text starting like a formula is quoted)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_value(value) -> str | int | float:
    """A CSV field: dates as ISO dates, None as empty, text quoted like cell_value."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return cell_value(value)


CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_response(rows, filename: str):
    """A small table as a CSV download (UTF-8 with BOM so that Excel opens it; values through csv_value)."""
    import csv
    import io

    from django.http import HttpResponse

    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows([csv_value(value) for value in row] for row in rows)
    response = HttpResponse(buffer.getvalue(), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(write, filename: str):
    """An XLSX download written by `write(handle)` into a file spooled to disk above 4 MB."""
    import tempfile

    from django.http import FileResponse

    handle = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)
    write(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE)


def workbook_response(workbook, filename: str):
    """An openpyxl workbook as an XLSX download."""
    return xlsx_response(workbook.save, filename)
