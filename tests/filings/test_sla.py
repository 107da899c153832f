"""Review deadlines: 5 working days to accept and 15 to decide, skipping weekends and the Holiday table's
days off and counting its weekend days worked (调休), for a whole page of filings with one calendar."""
import datetime
import zoneinfo

import pytest

from core.models import Holiday
from filings.models import Filing, FilingStatus
from filings.sla import sla_for

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
THURSDAY = datetime.date(2025, 6, 5)
HOLIDAY_MONDAY = datetime.date(2025, 6, 9)


def filing(pk=1, *, submitted=THURSDAY, status=FilingStatus.SUBMITTED, accepted=None, decided=None) -> Filing:
    """An unsaved filing: sla_for reads only its dates and status."""
    def moment(day, hour=10):
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI) if day else None
    return Filing(pk=pk, status=status, submitted_at=moment(submitted), accepted_at=moment(accepted),
                  decided_at=moment(decided, 16))


@pytest.fixture
def holiday(db):
    return Holiday.objects.create(date=HOLIDAY_MONDAY, name="测试假日")


def test_deadlines_skip_the_weekend_and_a_holiday(holiday):
    # Thu 06-05 → Fri 06-06 (1), Sat/Sun, Mon 06-09 off, Tue 06-10 (2) … Fri 06-13 (5) … Fri 06-27 (15).
    (sla,) = sla_for([filing()], datetime.date(2025, 6, 11))
    assert sla.submitted_on == THURSDAY
    assert sla.accept_due == datetime.date(2025, 6, 13)
    assert sla.decide_due == datetime.date(2025, 6, 27)
    assert sla.working_days_elapsed == 3 and sla.overdue is None and sla.due_soon is None


def test_without_the_holiday_the_deadline_is_a_day_earlier(db):
    (sla,) = sla_for([filing()], datetime.date(2025, 6, 11))
    assert sla.accept_due == datetime.date(2025, 6, 12) and sla.working_days_elapsed == 4


def test_a_weekend_day_worked_counts(db):
    Holiday.objects.create(date=datetime.date(2025, 6, 7), name="调休上班", is_workday=True)
    (sla,) = sla_for([filing()], datetime.date(2025, 6, 7))
    assert sla.accept_due == datetime.date(2025, 6, 11) and sla.working_days_elapsed == 2


def test_overdue_flags(holiday):
    today = datetime.date(2025, 6, 16)  # Monday: 6 working days after the submission
    waiting, accepted, not_yet = sla_for(
        [filing(1), filing(2, accepted=datetime.date(2025, 6, 6)), filing(3, submitted=datetime.date(2025, 6, 13))],
        today)
    assert (waiting.overdue, waiting.working_days_elapsed) == ("accept", 6)
    assert accepted.overdue is None and accepted.due_soon is None
    assert not_yet.overdue is None
    (late,) = sla_for([filing(accepted=datetime.date(2025, 6, 6))], datetime.date(2025, 6, 30))
    assert late.overdue == "decide" and late.due_soon == "decide"


def test_due_soon_from_the_working_day_before_the_deadline(holiday):
    thursday, friday = datetime.date(2025, 6, 12), datetime.date(2025, 6, 13)
    assert sla_for([filing()], datetime.date(2025, 6, 11))[0].due_soon is None
    assert [sla_for([filing()], day)[0].due_soon for day in (thursday, friday)] == ["accept", "accept"]
    assert [sla_for([filing()], day)[0].overdue for day in (thursday, friday)] == [None, None]


def test_a_decided_filing_is_never_overdue_and_its_clock_stopped(holiday):
    (sla,) = sla_for([filing(status=FilingStatus.RETURNED, decided=datetime.date(2025, 6, 10))],
                     datetime.date(2025, 7, 30))
    assert sla.overdue is None and sla.due_soon is None and sla.working_days_elapsed == 2


def test_a_draft_has_no_deadlines(db):
    (sla,) = sla_for([filing(submitted=None, status=FilingStatus.DRAFT)], datetime.date(2025, 6, 11))
    assert (sla.accept_due, sla.decide_due, sla.working_days_elapsed, sla.overdue) == (None, None, None, None)


def test_one_calendar_query_for_a_whole_page(holiday, django_assert_num_queries):
    filings = [filing(pk, submitted=THURSDAY + datetime.timedelta(days=pk)) for pk in range(1, 41)]
    with django_assert_num_queries(2):  # the calendar, and the review deadlines of every province
        result = sla_for(filings, datetime.date(2025, 8, 1))
    assert [s.filing.pk for s in result] == list(range(1, 41))
