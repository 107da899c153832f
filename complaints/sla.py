"""The acknowledgement deadline of complaints: 5 working days from receipt, counted on the portal's one
working-day calendar (core/workdays.py)."""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from core.workdays import WorkingDays

from .models import Complaint

ACKNOWLEDGE_WITHIN_WORKING_DAYS = 5
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


def sla_for(complaints: Iterable[Complaint], today: datetime.date) -> list[ComplaintSla]:
    """The deadline of each complaint, in the order given, with one calendar query for all of them."""
    complaints = list(complaints)
    if not complaints:
        return []  # no calendar query (e.g. while the API schema is generated)
    received = [timezone.localdate(c.created_at) for c in complaints]
    calendar = WorkingDays.around([*received, today], days_after=CALENDAR_DAYS_AFTER)
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
