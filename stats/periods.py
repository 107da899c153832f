"""Periods of the rollups: a year (quarter 0) or one of its quarters, and the date each one describes."""
import dataclasses
import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy

from .models import YEAR_QUARTER
from .numbers import ratio

QUARTERS = (1, 2, 3, 4)
MSG_FUTURE_YEAR = gettext_lazy("{year} 年尚未开始，无法统计")
MSG_FUTURE_QUARTER = gettext_lazy("{year} 年第 {quarter} 季度尚未开始，无法统计")
MSG_BAD_QUARTER = gettext_lazy("季度须为 0（全年）或 1–4")


class PeriodError(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class Period:
    year: int
    quarter: int  # 0 = the year
    as_of: datetime.date  # the state reported: the period's last day, or today while it runs

    @property
    def baseline(self) -> datetime.date:
        """new_slots are counted from the end of the previous year, for a quarter too (year to date)."""
        return datetime.date(self.year - 1, 12, 31)


def _last_day(year: int, quarter: int) -> datetime.date:
    if quarter in (YEAR_QUARTER, 4):
        return datetime.date(year, 12, 31)
    return datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)


def _first_day(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, 1 if quarter == YEAR_QUARTER else 3 * quarter - 2, 1)


def expected_progress_pct(year: int, quarter: int, as_of: datetime.date) -> Decimal:
    """时序进度: the share (%) of the annual new-slot target due by `as_of` in a period (quarter 0 = the year).

    A finished period expects the round share of its end (25, 50, 75 %, 100 % for Q4 and the year); a running
    one the share of the year's days elapsed by `as_of` (its figures describe that day). Bulletins and the
    dashboard mark a region below target when its completion is lower (docs/statistics.md).
    """
    if as_of >= _last_day(year, quarter):
        return Decimal(100 if quarter == YEAR_QUARTER else 25 * quarter).quantize(Decimal("0.01"))
    elapsed = (as_of - datetime.date(year - 1, 12, 31)).days
    days_in_year = (datetime.date(year, 12, 31) - datetime.date(year - 1, 12, 31)).days
    return ratio(elapsed, days_in_year)


def period(year: int, quarter: int, *, today: datetime.date) -> Period:
    """The period, or PeriodError when it has not started (or the quarter is not 0-4)."""
    if quarter not in (YEAR_QUARTER, *QUARTERS):
        raise PeriodError(MSG_BAD_QUARTER)
    if _first_day(year, quarter) > today:
        message = MSG_FUTURE_YEAR if quarter == YEAR_QUARTER else MSG_FUTURE_QUARTER
        raise PeriodError(message.format(year=year, quarter=quarter))
    return Period(year, quarter, min(_last_day(year, quarter), today))


def periods_of_year(year: int, *, today: datetime.date) -> list[Period]:
    """The year and each of its quarters that has started (PeriodError when the year has not)."""
    periods = [period(year, YEAR_QUARTER, today=today)]
    periods += [period(year, q, today=today) for q in QUARTERS if _first_day(year, q) <= today]
    return periods
