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
