"""The acknowledgement deadline of complaints: 5 working days from receipt, counted on the portal's one
working-day calendar.

That calendar is the Holiday table that national admins keep on /filings/holidays/ (public holidays and the
weekend days worked in their place, 调休). Complaints must not import filings (apps point one way), so the
table is looked up through the app registry when a deadline is computed; without the filings app installed
the week is simply Monday to Friday.
"""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone

from .models import Complaint

ACKNOWLEDGE_WITHIN_WORKING_DAYS = 5
# Calendar days loaded after the last receipt: 5 working days plus the longest holiday (Spring Festival).
CALENDAR_DAYS_AFTER = 30


def _holiday_model():
    try:
        return apps.get_model("filings", "Holiday")
    except LookupError:
        return None


class WorkingDays:
    """Working-day questions between two dates, answered from one query."""

    def __init__(self, start: datetime.date, end: datetime.date):
        holiday = _holiday_model()
        rows = holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday") \
            if holiday is not None else []
        self.overrides = dict(rows)

    @classmethod
    def around(cls, dates: Iterable[datetime.date | None], *, days_after: int = CALENDAR_DAYS_AFTER) -> "WorkingDays":
        dates = [d for d in dates if d is not None] or [timezone.localdate()]
        return cls(min(dates) - datetime.timedelta(days=7), max(dates) + datetime.timedelta(days=days_after))

    def is_workday(self, day: datetime.date) -> bool:
        return self.overrides.get(day, day.weekday() < 5)

    def add(self, day: datetime.date, working_days: int) -> datetime.date:
        """The date `working_days` working days after `day` (the day itself not counted)."""
        counted = 0
        while counted < working_days:
            day += datetime.timedelta(days=1)
            counted += self.is_workday(day)
        return day

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count = 0
        while start < end:
            start += datetime.timedelta(days=1)
            count += self.is_workday(start)
        return count


@dataclass(frozen=True)
class ComplaintSla:
    complaint: Complaint
    received_on: datetime.date
    acknowledge_due: datetime.date
    # Working days from receipt to today, or to the acknowledgement once acknowledged.
    working_days_elapsed: int
    # Not acknowledged and past the deadline.
    overdue: bool
    # Not acknowledged and the deadline is today, the next working day or past: what the reminder is for.
    due_soon: bool
    # Acknowledged after the deadline.
    acknowledged_late: bool


def sla_for(complaints: Iterable[Complaint], today: datetime.date) -> list[ComplaintSla]:
    """The deadline of each complaint, in the order given, with one calendar query for all of them."""
    complaints = list(complaints)
    if not complaints:
        return []  # no calendar query (e.g. while the API schema is generated)
    received = [timezone.localdate(c.created_at) for c in complaints]
    calendar = WorkingDays.around([*received, today])
    next_workday = calendar.add(today, 1)
    result = []
    for complaint, received_on in zip(complaints, received, strict=True):
        due = calendar.add(received_on, ACKNOWLEDGE_WITHIN_WORKING_DAYS)
        acknowledged_on = timezone.localdate(complaint.acknowledged_at) if complaint.acknowledged_at else None
        waiting = acknowledged_on is None
        result.append(ComplaintSla(
            complaint=complaint, received_on=received_on, acknowledge_due=due,
            working_days_elapsed=calendar.between(received_on, today if waiting else acknowledged_on),
            overdue=waiting and today > due,
            due_soon=waiting and due <= next_workday,
            acknowledged_late=not waiting and acknowledged_on > due,
        ))
    return result


def overdue_received_until(today: datetime.date) -> datetime.date:
    """The last day of receipt whose deadline has passed by `today`: a complaint not acknowledged and received
    on or before it is overdue (lets a list filter the overdue ones in the database)."""
    calendar = WorkingDays(today - datetime.timedelta(days=CALENDAR_DAYS_AFTER + 7), today)
    day = today
    while calendar.add(day, ACKNOWLEDGE_WITHIN_WORKING_DAYS) >= today:
        day -= datetime.timedelta(days=1)
    return day
