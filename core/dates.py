"""One rule for plausible dates (docs/decisions.md "Plausible dates"), used by forms, serializers, imports and
services alike.

- Dates of the programme's facts (filing, approval, deregistration, capacity change, holiday, import rows) lie
  between EARLIEST_DATE and one year after today. EARLIEST_DATE is 2019-01-01: the national filing measures
  (托育机构登记和备案办法(试行)) and setting standards date from 2019, so no filing can be older.
- Deadlines (rectification, follow-up visits) lie between today and DEADLINE_MAX_DAYS from today.
- Validity of documents (a licence, a health evaluation report) lies between EARLIEST_DATE and
  VALIDITY_MAX_YEARS from today.
- Facts that cannot be in the future (an approval's date) end today.
"""
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy

EARLIEST_DATE = datetime.date(2019, 1, 1)
FUTURE_DAYS = 366
DEADLINE_MAX_DAYS = 366
VALIDITY_MAX_YEARS = 30
# Person-related dates (a staff member's health check, a lease's start) may precede the programme.
EARLIEST_PERSONAL_DATE = datetime.date(1950, 1, 1)

MSG_DATE_RANGE = gettext_lazy("日期须在 {low} 至 {high} 之间")


def today() -> datetime.date:
    return timezone.localdate()


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def bounds(kind: str) -> tuple[datetime.date, datetime.date]:
    now = today()
    if kind == "programme":
        return EARLIEST_DATE, now + datetime.timedelta(days=FUTURE_DAYS)
    if kind == "past":
        return EARLIEST_DATE, now
    if kind == "deadline":
        return now, now + datetime.timedelta(days=DEADLINE_MAX_DAYS)
    if kind == "validity":
        return EARLIEST_DATE, _years_later(now, VALIDITY_MAX_YEARS)
    if kind == "personal":
        return EARLIEST_PERSONAL_DATE, now + datetime.timedelta(days=FUTURE_DAYS)
    raise ValueError(kind)


def out_of_range(value: datetime.date | None, kind: str) -> str | None:
    """The message when `value` is outside the `kind` range, else None (None values pass)."""
    if value is None:
        return None
    low, high = bounds(kind)
    if low <= value <= high:
        return None
    return MSG_DATE_RANGE.format(low=low.isoformat(), high=high.isoformat())


class DateRangeValidator:
    """A form/serializer field validator for one of the ranges above."""

    def __init__(self, kind: str):
        bounds(kind)  # unknown kinds fail at import
        self.kind = kind

    def __call__(self, value):
        message = out_of_range(value, self.kind)
        if message:
            raise ValidationError(message, code="date_range")

    def __eq__(self, other):
        return isinstance(other, DateRangeValidator) and other.kind == self.kind

    def deconstruct(self):
        return ("core.dates.DateRangeValidator", (self.kind,), {})


programme_date = DateRangeValidator("programme")
past_date = DateRangeValidator("past")
deadline_date = DateRangeValidator("deadline")
validity_date = DateRangeValidator("validity")
personal_date = DateRangeValidator("personal")
