"""The acknowledgement deadline of complaints: 5 working days from receipt (a province may set fewer:
standards/registry.py), counted on the portal's one working-day calendar (core/workdays.py)."""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from core.workdays import WorkingDays
from standards.selectors import ByProvince, standards_for

from .models import Complaint

ACKNOWLEDGE_KEY = "complaint.acknowledge_working_days"
# Calendar days loaded after the last receipt: 5 working days plus the longest holiday (Spring Festival).
CALENDAR_DAYS_AFTER = 30


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
    # The deadline in working days in force in the complaint's province.
    acknowledge_days: int = 5


def acknowledge_days(province_code: str = "") -> int:
    """The acknowledgement deadline in working days for a province ("" for the national rule)."""
    return standards_for(province_code)[ACKNOWLEDGE_KEY]


def sla_for(complaints: Iterable[Complaint], today: datetime.date) -> list[ComplaintSla]:
    """The deadline of each complaint, in the order given, with one calendar query for all of them."""
    complaints = list(complaints)
    if not complaints:
        return []  # no calendar query (e.g. while the API schema is generated)
    received = [timezone.localdate(c.created_at) for c in complaints]
    calendar = WorkingDays.around([*received, today], days_after=CALENDAR_DAYS_AFTER)
    next_workday = calendar.add(today, 1)
    rules = ByProvince([ACKNOWLEDGE_KEY], today)
    result = []
    for complaint, received_on in zip(complaints, received, strict=True):
        days = rules.value(ACKNOWLEDGE_KEY, complaint.county_id or "")
        due = calendar.add(received_on, days)
        acknowledged_on = timezone.localdate(complaint.acknowledged_at) if complaint.acknowledged_at else None
        waiting = acknowledged_on is None
        result.append(ComplaintSla(
            complaint=complaint, received_on=received_on, acknowledge_due=due,
            working_days_elapsed=calendar.between(received_on, today if waiting else acknowledged_on),
            overdue=waiting and today > due,
            due_soon=waiting and due <= next_workday,
            acknowledged_late=not waiting and acknowledged_on > due,
            acknowledge_days=days,
        ))
    return result


def overdue_received_until(today: datetime.date, working_days: int) -> datetime.date:
    """The last day of receipt whose deadline of `working_days` has passed by `today`: a complaint not acknowledged
    and received on or before it is overdue (lets a list filter the overdue ones in the database)."""
    calendar = WorkingDays(today - datetime.timedelta(days=CALENDAR_DAYS_AFTER + 7), today)
    day = today
    while calendar.add(day, working_days) >= today:
        day -= datetime.timedelta(days=1)
    return day


def overdue_received_until_by_province(today: datetime.date) -> tuple[datetime.date, dict[str, datetime.date]]:
    """(cut-off of the national rule, {province: cut-off} of the provinces with their own deadline)."""
    national, provinces = ByProvince([ACKNOWLEDGE_KEY], today).of(ACKNOWLEDGE_KEY)
    return (overdue_received_until(today, national),
            {code: overdue_received_until(today, days) for code, days in provinces.items()})
