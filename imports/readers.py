"""Reading an import file (CSV in UTF-8 or GBK, or the first sheet of an XLSX) into a header and rows."""
import csv
import dataclasses
import io
import pathlib
import zipfile
from typing import BinaryIO

from core.files import XLSX, sniff
from core.stored_text import Message

from . import messages as msg
from .values import is_blank

SUPPORTED_EXTENSIONS = (".csv", ".xlsx")
# utf-8-sig reads UTF-8 with or without the BOM Excel writes; gb18030 is the superset of GBK/GB2312
# that Chinese Excel and WPS use for "CSV (逗号分隔)". Anything else is refused, named when recognisable.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")

# Limits against decompression bombs and runaway files (docs/imports.md "Limits"). A 100,000-row institution
# file unpacks to about 60 MB; a 10 MB upload that unpacks to gigabytes is refused before it is parsed.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 200
MAX_ROWS = 200_000
MAX_COLUMNS = 60
MAX_CELL_CHARS = 2_000
# CJK characters of a GB2312-decoded file that fall outside GB2312: real GBK spreadsheets have almost none,
# Big5 read as GBK has many.
MAX_RARE_CJK_SHARE = 0.2


class FileRefused(Exception):
    """The file cannot be read as a table; `problems` are messages (str() in the active language)."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclasses.dataclass
class Table:
    headers: list[str]
    header_row: int
    # (row number as the spreadsheet shows it, cell values); rows whose cells are all blank are skipped.
    rows: list[tuple[int, list]]


def file_extension(name: str) -> str:
    return pathlib.PurePath(name or "").suffix.lower()


def decode_text(data: bytes) -> str | None:
    """The text of a CSV file, or None when it is not UTF-8/GBK text (a NUL byte means binary).

    Raises FileRefused naming the encoding when the bytes read as GBK only by accident (Big5, Shift-JIS):
    storing them would store mojibake."""
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _looks_misread(text):
        return text
    guess = _other_encoding(data)
    if guess:
        raise FileRefused([Message(msg.MSG_FILE_ENCODING_GUESS, encoding=guess)])
    return None


def _looks_misread(text: str) -> bool:
    """Whether GBK-decoded text is another encoding read by accident: too many CJK characters outside GB2312,
    or characters of the private-use and compatibility areas."""
    cjk = rare = 0
    for char in text:
        if "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff":
            cjk += 1
            try:
                char.encode("gb2312")
            except UnicodeEncodeError:
                rare += 1
        elif "\ue000" <= char <= "\uf8ff":
            return True
    return cjk > 0 and rare / cjk > MAX_RARE_CJK_SHARE


def _other_encoding(data: bytes) -> str | None:
    for codec, name in (("big5", "Big5（繁体中文）"), ("shift_jis", "Shift-JIS（日文）"), ("euc_kr", "EUC-KR（韩文）")):
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return name
    return None


def looks_like_xlsx(head: bytes) -> bool:
    return sniff(head, (XLSX,)) is not None


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
        raise FileRefused([Message(msg.MSG_FILE_DETAIL, problem=msg.MSG_FILE_ENCODING, detail=str(exc))]) from exc


def _xlsx_rows(handle: BinaryIO):
    from openpyxl import load_workbook

    head = handle.read(4)
    handle.seek(0)
    if not looks_like_xlsx(head):
        raise FileRefused([msg.MSG_FILE_NOT_XLSX])
    check_unpacked_size(handle)
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


def check_unpacked_size(handle: BinaryIO) -> None:
    """Refuse a workbook whose parts unpack to more than the limits, from the zip directory alone (nothing is
    decompressed): openpyxl loads the shared strings whole even in read-only mode."""
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRefused([msg.MSG_FILE_NOT_XLSX]) from exc
    finally:
        handle.seek(0)
    total = sum(member.file_size for member in members)
    strings = sum(member.file_size for member in members if member.filename.lower().endswith("sharedstrings.xml"))
    if len(members) > MAX_ZIP_MEMBERS or total > MAX_UNPACKED_BYTES or strings > MAX_SHARED_STRINGS_BYTES:
        raise FileRefused([Message(msg.MSG_FILE_TOO_BIG_UNPACKED,
            size=max(total, strings) // (1024 * 1024), limit=MAX_UNPACKED_BYTES // (1024 * 1024))])


def _table(numbered_rows) -> Table:
    headers: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, list]] = []
    for number, cells in numbered_rows:
        cells = list(cells)
        if len(cells) > MAX_COLUMNS:
            # Trailing empty cells (formatting applied to whole rows) are not columns.
            while len(cells) > MAX_COLUMNS and is_blank(cells[-1]):
                cells.pop()
            if len(cells) > MAX_COLUMNS:
                raise FileRefused([Message(msg.MSG_FILE_TOO_MANY_COLUMNS, row=number, limit=MAX_COLUMNS)])
        if any(isinstance(cell, str) and len(cell) > MAX_CELL_CHARS for cell in cells):
            raise FileRefused([Message(msg.MSG_CELL_TOO_LONG, row=number, limit=MAX_CELL_CHARS)])
        if all(is_blank(cell) for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise FileRefused([Message(msg.MSG_FILE_TOO_MANY_ROWS, limit=MAX_ROWS)])
        if headers is None:
            headers = ["" if cell is None else str(cell).replace("\ufeff", "").strip() for cell in cells]
            header_row = number
            continue
        rows.append((number, cells))
    if headers is None:
        raise FileRefused([msg.MSG_FILE_EMPTY])
    return Table(headers=headers, header_row=header_row, rows=rows)
