"""The acknowledgement deadline (5 working days, on the Holiday calendar) and the daily reminder task:
inspectors covering a complaint not yet acknowledged are reminded from the working day before the deadline,
once a day (dedupe keys), on working days only, until someone acknowledges it."""
import datetime

import pytest

from complaints import services
from complaints.models import Complaint
from complaints.sla import overdue_received_until, sla_for
from complaints.tasks import remind_unacknowledged
from core.models import Holiday
from notifications.models import Notification

from .conftest import at, received_on

pytestmark = pytest.mark.django_db

THURSDAY = datetime.date(2025, 6, 5)
HOLIDAY_MONDAY = datetime.date(2025, 6, 9)


@pytest.fixture
def holiday(db):
    return Holiday.objects.create(date=HOLIDAY_MONDAY, name="测试假日")


def complaint(pk=1, *, received=THURSDAY, acknowledged=None) -> Complaint:
    """An unsaved complaint: sla_for reads only its dates."""
    return Complaint(pk=pk, created_at=at(received), acknowledged_at=at(acknowledged) if acknowledged else None)


def test_deadline_skips_weekend_and_holiday(holiday):
    (sla,) = sla_for([complaint()], datetime.date(2025, 6, 11))
    assert sla.acknowledge_due == datetime.date(2025, 6, 13)
    assert (sla.working_days_elapsed, sla.overdue, sla.due_soon) == (3, False, False)


def test_a_weekend_day_worked_counts(db):
    Holiday.objects.create(date=datetime.date(2025, 6, 7), name="调休上班", is_workday=True)
    (sla,) = sla_for([complaint()], datetime.date(2025, 6, 7))
    assert sla.acknowledge_due == datetime.date(2025, 6, 11) and sla.working_days_elapsed == 2


def test_overdue_and_late_acknowledgement(holiday):
    waiting, acknowledged, late = sla_for(
        [complaint(1), complaint(2, acknowledged=datetime.date(2025, 6, 6)),
         complaint(3, acknowledged=datetime.date(2025, 6, 16))], datetime.date(2025, 6, 16))
    assert waiting.overdue and waiting.working_days_elapsed == 6
    assert not acknowledged.overdue and not acknowledged.due_soon and acknowledged.working_days_elapsed == 1
    assert late.acknowledged_late and not late.overdue


def test_overdue_received_until_matches_sla_for(holiday):
    for today in (datetime.date(2025, 6, 13), datetime.date(2025, 6, 14), datetime.date(2025, 6, 16)):
        last = overdue_received_until(today, 5)
        assert sla_for([complaint(received=last)], today)[0].overdue
        assert not sla_for([complaint(received=last + datetime.timedelta(days=1))], today)[0].overdue


def titles(user):
    return list(Notification.objects.filter(recipient=user, kind="reminder.complaint_acknowledge")
                .values_list("title", flat=True))


def test_daily_reminder(users, inspector_a2, make_complaint, holiday):
    waiting = received_on(make_complaint(), THURSDAY)
    received_on(make_complaint(institution="b"), datetime.date(2025, 6, 12))  # not due yet in B
    assert remind_unacknowledged("2025-06-11") == 0
    assert remind_unacknowledged("2025-06-12") == 2  # the deadline (Fri 06-13) is the next working day
    assert titles(users["inspector_a"]) == [f"投诉受理时限将至：{waiting.tracking_number} · 长安区阳光托育园"]
    assert remind_unacknowledged("2025-06-12") == 0  # a re-run sends nothing twice
    assert remind_unacknowledged("2025-06-14") == 0  # Saturday: no reminders
    assert remind_unacknowledged("2025-06-16") == 2
    assert titles(inspector_a2)[0].startswith("投诉已超过受理时限")
    assert titles(users["inspector_b"]) == []
    services.complaint_acknowledge(complaint=waiting, by=users["inspector_a"])
    assert remind_unacknowledged("2025-06-17") == 0
