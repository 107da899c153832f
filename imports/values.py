"""Cell values of an import file: normalisation and the parsers of each value type.

A cell arrives as the CSV text or as the openpyxl value (str, int, float, bool, datetime, date).
Codes, numbers, dates and choices are NFKC-normalised (full-width ２０２２－０６－３０ → 2022-06-30)
and stripped; free text (names, addresses) is only stripped, so full-width brackets in a name stay.
Every parser raises CellError with a bilingual message from imports.messages.
"""
import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.utils.functional import Promise
from openpyxl.utils.datetime import from_excel

from core.dates import MSG_DATE_RANGE, bounds
from core.stored_text import Message
from institutions.validators import credit_code_problem, normalise_credit_code

from . import messages as msg

DISPLAY_MAX = 100
PG_INTEGER_MAX = 2_147_483_647


class CellError(Exception):
    def __init__(self, message: Message | Promise | str):
        self.message = message
        super().__init__(message)


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value) -> str:
    """The cell as text, stripped; integral numbers without '.0' (Excel stores 130102 as 130102.0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\ufeff", "").strip()


def normalise(value) -> str:
    """NFKC (full-width digits and letters to half-width) and stripped."""
    return unicodedata.normalize("NFKC", as_text(value)).strip()


def choice_key(value) -> str:
    """Key used to match choice labels and headers: NFKC, lower case, no spaces or underscores."""
    return re.sub(r"[\s_]+", "", normalise(value).lower())


def display(value) -> str:
    """The cell as the user typed it, for error reports (shortened)."""
    text = as_text(value)
    return text if len(text) <= DISPLAY_MAX else text[: DISPLAY_MAX - 1] + "…"


# --- free text -------------------------------------------------------------------------------------

def text_parser(max_length: int) -> Callable[[object], str]:
    def parse(value) -> str:
        text = " ".join(as_text(value).split()) if isinstance(value, str) else as_text(value)
        if len(text) > max_length:
            raise CellError(Message(msg.MSG_TOO_LONG, max=max_length, length=len(text)))
        return text
    return parse


def code_text_parser(max_length: int) -> Callable[[object], str]:
    """Phone numbers and similar: NFKC-normalised text."""
    def parse(value) -> str:
        text = normalise(value)
        if len(text) > max_length:
            raise CellError(Message(msg.MSG_TOO_LONG, max=max_length, length=len(text)))
        return text
    return parse


# --- numbers ---------------------------------------------------------------------------------------

_INTEGER_RE = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)(\.0*)?$")


def parse_integer(value, *, minimum: int = 0, maximum: int = PG_INTEGER_MAX,
                  below_minimum: str = msg.MSG_NON_NEGATIVE) -> int:
    """A whole number: 40, '40', '４０', '1,200', 40.0 (an Excel number cell)."""
    if isinstance(value, bool):
        raise CellError(msg.MSG_INTEGER)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal):
        if value != value or not float(value).is_integer():  # NaN or a fraction
            raise CellError(msg.MSG_INTEGER)
        number = int(value)
    else:
        text = normalise(value).replace(" ", "")
        if not _INTEGER_RE.match(text):
            raise CellError(msg.MSG_INTEGER)
        number = int(text.split(".")[0].replace(",", ""))
    if number < minimum:
        raise CellError(below_minimum)
    if number > maximum:
        raise CellError(Message(msg.MSG_INTEGER_TOO_LARGE, max=f"{maximum:,}"))
    return number


def integer_parser(*, minimum: int = 0, maximum: int = PG_INTEGER_MAX,
                   below_minimum: str = msg.MSG_NON_NEGATIVE) -> Callable[[object], int]:
    def parse(value) -> int:
        return parse_integer(value, minimum=minimum, maximum=maximum, below_minimum=below_minimum)
    return parse


def parse_star_rating(value) -> int:
    """1–5: '3', '３', 3.0, '3星', '★★★'."""
    text = normalise(value)
    if text and set(text) == {"★"}:
        text = str(len(text))
    text = text.removesuffix("星级").removesuffix("星")
    try:
        number = parse_integer(text if not isinstance(value, int | float) else value, minimum=1, maximum=5,
                               below_minimum=msg.MSG_STAR_RATING)
    except CellError:
        raise CellError(msg.MSG_STAR_RATING) from None
    return number


def year_parser(*, minimum: int, maximum: int) -> Callable[[object], int]:
    def parse(value) -> int:
        text = normalise(value).removesuffix("年") if isinstance(value, str) else value
        try:
            return parse_integer(text, minimum=minimum, maximum=maximum)
        except CellError:
            raise CellError(Message(msg.MSG_YEAR, min=minimum, max=maximum)) from None
    return parse


# --- dates -----------------------------------------------------------------------------------------

_DATE_PATTERNS = (
    # 2022-06-30, 2022/6/30, 2022.6.30, optionally followed by a time (a datetime exported as text)
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
# Excel serial day numbers of 1927-05-18 … 2173-10-14: anything shorter is not a plausible date.
_SERIAL_RE = re.compile(r"^\d{5}(\.\d+)?$")


def _from_serial(serial: float) -> datetime.date:
    try:
        return from_excel(serial).date()
    except (ValueError, OverflowError, TypeError):
        raise CellError(msg.MSG_DATE) from None


def parse_programme_date(value) -> datetime.date:
    """A date of the programme (filing, deregistration): parsed, then within core.dates' plausible range."""
    day = parse_date(value)
    low, high = bounds("programme")
    if not low <= day <= high:
        raise CellError(Message(MSG_DATE_RANGE, low=low, high=high))
    return day


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise CellError(msg.MSG_DATE)
    if isinstance(value, int | float):
        if not 1 <= value < 2_958_466:  # 9999-12-31
            raise CellError(msg.MSG_DATE)
        return _from_serial(value)
    text = normalise(value)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                raise CellError(msg.MSG_DATE) from None
    if _SERIAL_RE.match(text):
        return _from_serial(float(text))
    raise CellError(msg.MSG_DATE)


# --- flags and choices -----------------------------------------------------------------------------

_TRUE = {"是", "true", "1", "yes", "y", "t", "√", "普惠"}
_FALSE = {"否", "false", "0", "no", "n", "f", "×", "非普惠"}


def parse_boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    key = choice_key(value)
    if key.endswith(".0") and key[:-2] in ("0", "1"):
        key = key[:-2]
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(msg.MSG_BOOLEAN)


def choice_parser(aliases: dict[str, Iterable[str]], shown: Callable[[], str]) -> Callable[[object], str]:
    """Accept each code and its aliases (matched by choice_key); `shown` lists the choices in messages."""
    table = {choice_key(alias): code for code, names in aliases.items() for alias in (code, *names)}

    def parse(value) -> str:
        code = table.get(choice_key(value))
        if code is None:
            raise CellError(Message(msg.MSG_CHOICE, choices=shown()))
        return code
    return parse


# --- codes -----------------------------------------------------------------------------------------

REGION_CODE_LENGTHS = (2, 4, 6, 9)


def parse_region_code(value) -> str:
    """A division code as a string of 2, 4, 6 or 9 digits (an Excel number cell 130102 is fine)."""
    code = normalise(value).replace(" ", "")
    if not code.isdigit() or not code.isascii() or len(code) not in REGION_CODE_LENGTHS:
        raise CellError(msg.MSG_REGION_FORMAT)
    return code


def parse_institution_region_code(value) -> str:
    code = parse_region_code(value)
    if len(code) not in (6, 9):
        raise CellError(msg.MSG_REGION_LEVEL)
    return code


def parse_credit_code(value) -> str:
    code = normalise_credit_code(as_text(value))
    problem = credit_code_problem(code)
    if problem is not None:
        message, values, _error_code = problem
        raise CellError(Message(message, **values))
    return code
