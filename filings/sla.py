"""Review deadlines (办理时限) of filings: accept within 5 and decide within 15 working days of the submission,
computed for a whole page or task run with one query of the portal's working-day calendar (core/workdays.py)."""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from core.workdays import WorkingDays
from standards.selectors import ByProvince

from .models import Filing, FilingStatus

# Complete materials are accepted within 5 working days, problems told within 15 (the national rule; a province
# may set shorter ones: standards/registry.py).
ACCEPT_KEY = "filing.accept_working_days"
DECIDE_KEY = "filing.decide_working_days"

ACCEPT = "accept"
DECIDE = "decide"
# Calendar days loaded after the last submission: 15 working days plus the longest holiday (Spring Festival).
CALENDAR_DAYS_AFTER = 45


@dataclass(frozen=True)
class FilingSla:
    filing: Filing
    submitted_on: datetime.date | None
    accept_due: datetime.date | None
    decide_due: datetime.date | None
    # Working days from the submission to today (or to the decision, once decided).
    working_days_elapsed: int | None
    # 'decide' past the decision deadline, else 'accept' past the acceptance deadline while not accepted; only
    # for filings awaiting a decision.
    overdue: str | None
    # The same, already when the deadline is the next working day or today: what the morning reminder is for.
    due_soon: str | None
    # The deadlines in working days in force in the filing's province.
    accept_days: int | None = None
    decide_days: int | None = None


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def sla_for(filings: Iterable[Filing], today: datetime.date) -> list[FilingSla]:
    """The deadlines of each filing, in the order given (no query per filing)."""
    filings = list(filings)
    submitted = [_local_date(f.submitted_at) for f in filings]
    calendar = WorkingDays.around([*submitted, today], days_after=CALENDAR_DAYS_AFTER)
    next_workday = calendar.add(today, 1)
    rules = ByProvince([ACCEPT_KEY, DECIDE_KEY], today) if filings else None
    result = []
    for filing, submitted_on in zip(filings, submitted, strict=True):
        if submitted_on is None:
            result.append(FilingSla(filing, None, None, None, None, None, None))
            continue
        accept_days = rules.value(ACCEPT_KEY, filing.county_id or "")
        decide_days = rules.value(DECIDE_KEY, filing.county_id or "")
        accept_due = calendar.add(submitted_on, accept_days)
        decide_due = calendar.add(submitted_on, decide_days)
        pending = filing.status == FilingStatus.SUBMITTED
        # decided_at may be a previous round's (a return before this resubmission): only a later one stops the clock.
        decided_later = filing.decided_at is not None and filing.decided_at >= filing.submitted_at
        decided_on = _local_date(filing.decided_at) if decided_later else None
        until = today if pending or decided_on is None else decided_on
        overdue = due_soon = None
        if pending:
            if today > decide_due:
                overdue = DECIDE
            elif filing.accepted_at is None and today > accept_due:
                overdue = ACCEPT
            if decide_due <= next_workday:
                due_soon = DECIDE
            elif filing.accepted_at is None and accept_due <= next_workday:
                due_soon = ACCEPT
        result.append(FilingSla(filing, submitted_on, accept_due, decide_due, calendar.between(submitted_on, until),
                                overdue, due_soon, accept_days, decide_days))
    return result
