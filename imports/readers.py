"""Reading an import file (CSV in UTF-8 or GBK, or the first sheet of an XLSX) into a header and rows."""
import csv
import dataclasses
import io
import pathlib
from typing import BinaryIO

from . import messages as msg
from .values import is_blank

SUPPORTED_EXTENSIONS = (".csv", ".xlsx")
# utf-8-sig reads UTF-8 with or without the BOM Excel writes; gb18030 is the superset of GBK/GB2312
# that Chinese Excel and WPS use for "CSV (逗号分隔)".
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
XLSX_MAGIC = b"PK\x03\x04"


class FileRefused(Exception):
    """The file cannot be read as a table; `problems` are bilingual messages."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclasses.dataclass
class Table:
    headers: list[str]
    header_row: int
    # (row number as the spreadsheet shows it, cell values); rows whose cells are all blank are skipped.
    rows: list[tuple[int, list]]


def file_extension(name: str) -> str:
    return pathlib.PurePath(name or "").suffix.lower()


def decode_text(data: bytes) -> str | None:
    """The text of a CSV file, or None when it is not UTF-8/GBK text (a NUL byte means binary)."""
    if b"\x00" in data:
        return None
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def looks_like_xlsx(head: bytes) -> bool:
    return head.startswith(XLSX_MAGIC)


def read_table(handle: BinaryIO, name: str) -> Table:
    extension = file_extension(name)
    if extension == ".csv":
        return _table(_csv_rows(handle.read()))
    if extension == ".xlsx":
        return _table(_xlsx_rows(handle))
    raise FileRefused([msg.MSG_FILE_TYPE])


def _delimiter(first_line: str) -> str:
    """Comma unless the header line clearly uses tabs or semicolons (some exports do)."""
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(data: bytes):
    text = decode_text(data)
    if text is None:
        raise FileRefused([msg.MSG_FILE_ENCODING])
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        # Row numbers count records (a quoted cell may span lines), as a spreadsheet shows them.
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise FileRefused([f"{msg.MSG_FILE_ENCODING} ({exc})"]) from exc


def _xlsx_rows(handle: BinaryIO):
    from openpyxl import load_workbook

    head = handle.read(4)
    handle.seek(0)
    if not looks_like_xlsx(head):
        raise FileRefused([msg.MSG_FILE_NOT_XLSX])
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors alike: a damaged or foreign file
        raise FileRefused([msg.MSG_FILE_NOT_XLSX]) from exc
    try:
        if not workbook.worksheets:
            raise FileRefused([msg.MSG_FILE_NOT_XLSX])
        # Read-only sheets yield padding rows for missing ones, so the index is the spreadsheet row.
        yield from enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
    except FileRefused:
        raise
    except Exception as exc:
        raise FileRefused([msg.MSG_FILE_NOT_XLSX]) from exc
    finally:
        workbook.close()


def _table(numbered_rows) -> Table:
    headers: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, list]] = []
    for number, cells in numbered_rows:
        cells = list(cells)
        if all(is_blank(cell) for cell in cells):
            continue
        if headers is None:
            headers = ["" if cell is None else str(cell).replace("\ufeff", "").strip() for cell in cells]
            header_row = number
            continue
        rows.append((number, cells))
    if headers is None:
        raise FileRefused([msg.MSG_FILE_EMPTY])
    return Table(headers=headers, header_row=header_row, rows=rows)
