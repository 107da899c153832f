"""Working days for the review deadlines: Monday to Friday, less the holidays of the Holiday table,
plus the weekend days worked in their place (调休), as the State Council publishes them each year."""
import datetime

from .models import Holiday

ACCEPT_WITHIN_WORKING_DAYS = 5  # complete materials are accepted within 5 working days
DECIDE_WITHIN_WORKING_DAYS = 15  # problems are told within 15 working days


class Calendar:
    """Answers working-day questions with two queries at most, whatever the number of filings."""

    def __init__(self, start: datetime.date, end: datetime.date):
        rows = Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday")
        self.start, self.end = start, end
        self.overrides = dict(rows)

    @classmethod
    def around(cls, dates, *, days_after: int = 60) -> "Calendar":
        dates = [d for d in dates if d is not None]
        if not dates:
            today = datetime.date.today()
            return cls(today, today)
        return cls(min(dates) - datetime.timedelta(days=7), max(dates) + datetime.timedelta(days=days_after))

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return day.weekday() < 5

    def add(self, day: datetime.date, working_days: int) -> datetime.date:
        """The date `working_days` working days after `day` (the day itself not counted)."""
        current = day
        counted = 0
        while counted < working_days:
            current += datetime.timedelta(days=1)
            if self.is_workday(current):
                counted += 1
        return current

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count = 0
        current = start
        while current < end:
            current += datetime.timedelta(days=1)
            if self.is_workday(current):
                count += 1
        return count
