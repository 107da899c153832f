"""The portal's one working-day calendar: Monday to Friday, less the public holidays of the Holiday table, plus
the weekend days worked in their place (调休), as the State Council publishes them each year.

Every deadline counted in working days (a filing's 5 and 15 days, a complaint's 5 days, the reminders that skip
non-working days) asks this calendar. National admins keep the Holiday table on /filings/holidays/.
"""
import datetime
from bisect import bisect_right
from collections.abc import Iterable

from django.utils import timezone

from .models import Holiday
from .tablecache import TableCache

# The Holiday table by year, cached for every page and task that counts working days (core/tablecache.py: a save
# or delete of a Holiday, watched from CoreConfig.ready, forgets it).
HOLIDAYS = TableCache("holidays")

# Calendar days loaded after the last date asked about: a deadline of 15 working days plus the longest holiday
# (Spring Festival) fits.
DEFAULT_DAYS_AFTER = 60
# add() looks its answer up in the list of the range's working days when the range is at most this long (a page's
# or a task's calendar, built once) and walks day by day otherwise.
LISTED_DAYS = 400
ONE_DAY = datetime.timedelta(days=1)


def _year(year: int) -> dict[datetime.date, bool]:
    return dict(Holiday.objects.filter(date__year=year).values_list("date", "is_workday"))


class WorkingDays:
    """Working-day questions between two dates, answered from the cached calendar of their years (or one query),
    whatever the number of dates asked."""

    def __init__(self, start: datetime.date, end: datetime.date):
        self.start, self.end = start, end
        self.overrides: dict[datetime.date, bool] = {}
        self._listed: list[datetime.date] | None = None
        if end < start:
            return
        if end.year - start.year > 3:  # a long span (a report over years): one query for it, not a year a read
            rows = Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday")
            self.overrides.update(rows)
            return
        years = [(year,) for year in range(start.year, end.year + 1)]
        for by_date in HOLIDAYS.cached_many("year", years, lambda missing: [_year(year) for (year,) in missing]):
            self.overrides.update(by_date)

    @classmethod
    def around(cls, dates: Iterable[datetime.date | None], *, days_after: int = DEFAULT_DAYS_AFTER) -> "WorkingDays":
        """A calendar from a week before the earliest of `dates` to `days_after` days after the latest (today's
        date in the portal's time zone when none is given)."""
        dates = [d for d in dates if d is not None] or [timezone.localdate()]
        return cls(min(dates) - datetime.timedelta(days=7), max(dates) + datetime.timedelta(days=days_after))

    @classmethod
    def for_day(cls, day: datetime.date) -> "WorkingDays":
        return cls(day, day)

    def is_workday(self, day: datetime.date) -> bool:
        return self.overrides.get(day, day.weekday() < 5)

    def add(self, day: datetime.date, working_days: int) -> datetime.date:
        """The date `working_days` working days after `day` (the day itself not counted)."""
        listed = self._working_days_listed()
        if listed is not None and working_days > 0 and day >= self.start:
            index = bisect_right(listed, day) + working_days - 1
            if index < len(listed):
                return listed[index]
        counted = 0
        while counted < working_days:
            day += ONE_DAY
            counted += self.is_workday(day)
        return day

    def _working_days_listed(self) -> list[datetime.date] | None:
        """The working days from start to end in order, built on the first add() (None for a long range): a queue
        page asks for two deadlines of each of its filings, each 5 to 15 working days on."""
        if self._listed is None and self.start <= self.end and (self.end - self.start).days <= LISTED_DAYS:
            days = (self.start + ONE_DAY * offset for offset in range((self.end - self.start).days + 1))
            self._listed = [day for day in days if self.is_workday(day)]
        return self._listed

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start): the weekdays, counted by
        arithmetic (a queue page asks this for filings submitted months ago), corrected by the holidays and the
        weekend days worked in the range."""
        if end <= start:
            return 0
        days = (end - start).days
        weeks, rest = divmod(days, 7)
        count = weeks * 5
        first = start.weekday() + 1  # the weekday of the day after start (0 = Monday, may pass 6)
        count += sum(1 for offset in range(rest) if (first + offset) % 7 < 5)
        for day, workday in self.overrides.items():
            if start < day <= end and workday != (day.weekday() < 5):
                count += 1 if workday else -1
        return count
