"""What every import kind shares: columns, header matching, row errors and the validate-then-write run.

An importer `prepare`s a file (read, validate every row, plan the writes; database reads only) and,
when nothing is wrong and it is not a dry run, `write`s the plan inside the caller's transaction.
"""
import dataclasses
import datetime
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

from django.utils import timezone
from django.utils.functional import Promise

from core.stored_text import Message, stored
from regions.models import Region

from .. import messages as msg
from ..readers import FileRefused, read_table
from ..values import CellError, choice_key, display, is_blank

# Rows validated (and database lookups made) per chunk; progress is reported after each chunk.
CHUNK_SIZE = 500
# Keys of an `IN (...)` list per query (SQLite's historical limit is 999 variables).
IN_BATCH = 900
WRITE_BATCH = 500

ProgressCallback = Callable[[int, int], None]


@dataclasses.dataclass(frozen=True)
class Column:
    key: str  # English header, also the field name in the cleaned row
    zh: str  # Chinese header
    required: bool
    parse: Callable[[Any], Any]
    help: str = ""  # what the cell holds (shown on the upload page)
    aliases: tuple[str, ...] = ()

    def header_keys(self) -> set[str]:
        return {choice_key(name) for name in (self.key, self.zh, *self.aliases)}

    @property
    def label(self) -> str:
        return f"{self.zh} ({self.key})"


@dataclasses.dataclass
class RowError:
    row: int
    column: str  # the header as written in the file
    field: str  # the column's English key
    value: str
    message: Message | Promise | str  # str() in the active language

    def as_dict(self) -> dict:
        """What a job keeps: the message in Chinese and its parameters, to show it in the reader's language
        (core.stored_text)."""
        text, params = stored(self.message)
        return {"row": self.row, "column": self.column, "field": self.field, "value": self.value, "message": text,
                "message_params": params}


def stored_problems(problems: list) -> tuple[list[str], list[dict | None]]:
    """File problems as a job keeps them: Chinese texts, and their parameters in a parallel list."""
    kept = [stored(problem) for problem in problems]
    return [text for text, _params in kept], [params for _text, params in kept]


@dataclasses.dataclass
class Row:
    number: int
    values: dict[str, Any]
    raw: dict[str, Any]
    present: frozenset[str]
    headers: dict[str, str]
    errors: list[RowError] = dataclasses.field(default_factory=list)

    def error(self, field: str, message: Message | Promise | str) -> None:
        self.errors.append(RowError(row=self.number, column=self.headers.get(field, field), field=field,
                                    value=display(self.raw.get(field)), message=message))

    def has_error(self, field: str) -> bool:
        return any(error.field == field for error in self.errors)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclasses.dataclass
class Prepared:
    """A validated file: its counts and errors and, when it can be written, the plan of the writes."""

    kind: str
    dry_run: bool
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = dataclasses.field(default_factory=list)
    file_errors: list = dataclasses.field(default_factory=list)  # Message, lazy or plain texts
    ignored_columns: list[str] = dataclasses.field(default_factory=list)
    details: dict = dataclasses.field(default_factory=dict)
    plan: Any = None

    @property
    def refused(self) -> bool:
        return bool(self.errors or self.file_errors)

    @property
    def error_rows(self) -> int:
        return len({error.row for error in self.errors})

    def summary(self) -> dict:
        refused = self.refused
        file_errors, file_error_params = stored_problems(self.file_errors)
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "refused": refused,
            "written": not refused and not self.dry_run,
            "rows": self.total_rows,
            "created": 0 if refused else self.created,
            "updated": 0 if refused else self.updated,
            "unchanged": 0 if refused else self.unchanged,
            "error_count": len(self.errors),
            "error_rows": self.error_rows,
            "file_errors": file_errors,
            "file_error_params": file_error_params,
            "ignored_columns": list(self.ignored_columns),
            **({} if refused else self.details),
        }


def chunked(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def in_batches(values: Iterable) -> Iterator[list]:
    yield from chunked(sorted(values), IN_BATCH)


def scope_label(scope_code: str) -> str | Promise:
    return scope_code or msg.MSG_NATIONAL


class Importer:
    kind: str = ""
    columns: tuple[Column, ...] = ()

    def __init__(self, *, scope_code: str = "", actor=None, today: datetime.date | None = None):
        self.scope_code = scope_code or ""
        self.actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
        self.today = today or timezone.localdate()
        self._known_regions: set[str] = set()
        self._unknown_regions: set[str] = set()

    # --- the run -----------------------------------------------------------------------------------

    def prepare(self, handle: BinaryIO, name: str, *, dry_run: bool = False,
                progress: ProgressCallback | None = None) -> Prepared:
        prepared = Prepared(kind=self.kind, dry_run=dry_run)
        try:
            table = read_table(handle, name)
        except FileRefused as exc:
            prepared.file_errors = exc.problems
            return prepared
        positions, headers, prepared.ignored_columns, problems = self.match_headers(table.headers)
        if not problems and not table.rows:
            problems = [msg.MSG_FILE_NO_ROWS]
        if problems:
            prepared.file_errors = problems
            return prepared
        prepared.total_rows = len(table.rows)
        self.start(prepared)
        if progress:
            progress(0, prepared.total_rows)
        done = 0
        for chunk in chunked(table.rows, CHUNK_SIZE):
            rows = [self.parse_row(number, cells, positions, headers) for number, cells in chunk]
            self.check_chunk(rows, prepared)
            for row in rows:
                prepared.errors.extend(row.errors)
            done += len(chunk)
            if progress:
                progress(done, prepared.total_rows)
        return prepared

    def write(self, prepared: Prepared) -> None:
        """Write the plan; the caller holds the transaction and has checked `prepared.refused`."""
        raise NotImplementedError

    # --- hooks of each kind ------------------------------------------------------------------------

    def start(self, prepared: Prepared) -> None:
        """Set up the plan before the first chunk."""

    def check_chunk(self, rows: list[Row], prepared: Prepared) -> None:
        """Cross-row and database checks of one chunk, and the plan of its valid rows."""
        raise NotImplementedError

    # --- shared helpers ----------------------------------------------------------------------------

    def match_headers(self, header_cells: list[str]):
        """Map each known column to its position; report missing required and repeated columns."""
        by_key = {key: column for column in self.columns for key in column.header_keys()}
        positions: dict[str, int] = {}
        headers: dict[str, str] = {}
        ignored: list[str] = []
        problems: list[str] = []
        for index, header in enumerate(header_cells):
            if not header:
                continue
            column = by_key.get(choice_key(header))
            if column is None:
                ignored.append(header)
                continue
            if column.key in positions:
                problems.append(Message(msg.MSG_DUPLICATE_COLUMN, column=header, first=positions[column.key] + 1,
                                        second=index + 1))
                continue
            positions[column.key] = index
            headers[column.key] = header
        missing = [column.label for column in self.columns if column.required and column.key not in positions]
        if missing:
            problems.insert(0, Message(msg.MSG_MISSING_COLUMNS, columns=missing))
        return positions, headers, ignored, problems

    def parse_row(self, number: int, cells: list, positions: dict[str, int], headers: dict[str, str]) -> Row:
        raw = {key: cells[index] if index < len(cells) else None for key, index in positions.items()}
        row = Row(number=number, values={}, raw=raw, present=frozenset(positions), headers=headers)
        for column in self.columns:
            if column.key not in positions:
                continue
            value = raw[column.key]
            if is_blank(value):
                if column.required:
                    row.error(column.key, msg.MSG_REQUIRED)
                row.values[column.key] = None
                continue
            try:
                row.values[column.key] = column.parse(value)
            except CellError as exc:
                row.error(column.key, exc.message)
        return row

    def load_regions(self, codes: Iterable[str]) -> None:
        """Remember which of `codes` exist (one query per IN_BATCH codes not seen before)."""
        todo = {code for code in codes if code not in self._known_regions and code not in self._unknown_regions}
        for batch in in_batches(todo):
            found = set(Region.objects.filter(code__in=batch).values_list("code", flat=True))
            self._known_regions |= found
            self._unknown_regions |= set(batch) - found

    def check_region(self, row: Row, field: str = "region_code") -> bool:
        """The row's region exists and lies in the importer's scope (an error on the row otherwise)."""
        code = row.values.get(field)
        if code is None:
            return False
        if code not in self._known_regions:
            row.error(field, Message(msg.MSG_REGION_UNKNOWN, code=code))
            return False
        if not code.startswith(self.scope_code):
            row.error(field, Message(msg.MSG_OUT_OF_SCOPE, code=code, scope=scope_label(self.scope_code)))
            return False
        return True
