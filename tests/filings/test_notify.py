"""Filing notices: reviewers in scope hear of a submission, operators of a decision; the tasks are
idempotent (one notice and one e-mail however often they run); the morning reminders for review deadlines,
staff health checks and filing materials."""
import datetime
import zoneinfo

import pytest
from django.utils import translation
from django.utils.translation import gettext

from filings import services
from filings.models import (
    DocumentType,
    Filing,
    FilingDecisionAction,
    FilingDocument,
    FilingKind,
    FilingStatus,
)
from filings.notify import deadline_notices
from filings.tasks import filing_decided_notify, filing_submitted_notify, send_daily_reminders
from institutions.models import StaffMember
from notifications.models import Notification
from tests.factories import UserFactory

from .helpers import submitted_filing

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# A Wednesday with no holiday around it; 2025-06-10 (Tuesday) is 6 working days before it.
TODAY = datetime.date(2025, 6, 18)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def mailed(users):
    """Give the users of the base fixtures an e-mail address."""
    for user in users.values():
        user.email = f"{user.username}@example.gov.cn"
        user.save(update_fields=["email"])
    return users


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """run(task, *args): the task as a worker runs it, e-mails (sent on commit) included."""
    def _run(task, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return task(*args)
    return _run


def titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def last_event(filing, action):
    return filing.events.filter(action=action).order_by("-id").first()


# --- submission ----------------------------------------------------------------------------------------

def test_submission_notifies_reviewers_covering_the_county_only(mailed, regions, run, mailoutbox):
    city_reviewer = UserFactory(username="city_reviewer", role="reviewer", region=regions["city"],
                                email="city@example.gov.cn")
    UserFactory(username="retired", role="reviewer", region=regions["county_a"], is_active=False)
    filing = submitted_filing(mailed["operator_a"])
    assert run(filing_submitted_notify, filing.pk) == 2
    assert titles(mailed["reviewer_a"]) == ["新的备案申请待审核：长安区小太阳托育园"]
    assert titles(city_reviewer) == ["新的备案申请待审核：长安区小太阳托育园"]
    for nobody in ("reviewer_b", "inspector_a", "admin_a", "operator_a"):
        assert titles(mailed[nobody]) == []
    notification = Notification.objects.get(recipient=mailed["reviewer_a"])
    assert notification.url == f"/filings/{filing.pk}/" and notification.kind == "filing.submitted"
    assert "长安区" in notification.body and "个工作日" in notification.body
    assert sorted(m.to[0] for m in mailoutbox) == ["city@example.gov.cn", "reviewer_a@example.gov.cn"]


def test_running_the_submission_task_twice_sends_one_notice_and_one_email(mailed, regions, run, mailoutbox):
    filing = submitted_filing(mailed["operator_a"])
    run(filing_submitted_notify, filing.pk)
    run(filing_submitted_notify, filing.pk)
    assert Notification.objects.filter(recipient=mailed["reviewer_a"]).count() == 1
    assert len(mailoutbox) == 1
    assert Notification.objects.get().dedupe_key == (
        f"filing:{filing.pk}:event:{last_event(filing, FilingDecisionAction.SUBMIT).pk}")


def test_resubmission_after_a_return_is_a_new_notice(users, regions, run):
    filing = submitted_filing(users["operator_a"])
    run(filing_submitted_notify, filing.pk)
    services.filing_return(filing=filing, by=users["reviewer_a"], reason="请补充材料")
    services.filing_submit(filing=filing, by=users["operator_a"])
    run(filing_submitted_notify, filing.pk)
    assert Notification.objects.filter(recipient=users["reviewer_a"], kind="filing.submitted").count() == 2


def test_no_submission_notice_once_the_filing_no_longer_awaits_review(users, regions, run):
    filing = submitted_filing(users["operator_a"])
    services.filing_reject(filing=filing, by=users["reviewer_a"], reason="不符合条件")
    assert run(filing_submitted_notify, filing.pk) == 0
    assert run(filing_submitted_notify, 999999) == 0
    assert not Notification.objects.filter(kind="filing.submitted").exists()


# --- decisions -----------------------------------------------------------------------------------------

def test_return_notifies_the_operator_with_the_reason(mailed, regions, run, mailoutbox):
    filing = submitted_filing(mailed["operator_a"])
    services.filing_return(filing=filing, by=mailed["reviewer_a"], reason="租赁合同已过期",
                           comments={"premises.address": "请写到门牌号"})
    event = last_event(filing, FilingDecisionAction.RETURN)
    assert run(filing_decided_notify, filing.pk, event.pk) == 1
    notification = Notification.objects.get(recipient=mailed["operator_a"])
    assert notification.kind == "filing.returned" and notification.title == "新设备案被退回补正：长安区小太阳托育园"
    assert "租赁合同已过期" in notification.body and "1条逐项意见" in notification.body
    assert notification.url == f"/filings/{filing.pk}/"
    assert [m.to for m in mailoutbox] == [["operator_a@example.gov.cn"]] and "租赁合同已过期" in mailoutbox[0].body
    assert not Notification.objects.exclude(recipient=mailed["operator_a"]).exists()


def test_a_notice_is_shown_in_the_language_of_the_page_that_reads_it(mailed, regions, run, client):
    """Stored as Chinese with its message and values; the notifications page of an English reader is English."""
    filing = submitted_filing(mailed["operator_a"])
    services.filing_return(filing=filing, by=mailed["reviewer_a"], reason="租赁合同已过期",
                           comments={"premises.address": "请写到门牌号"})
    run(filing_decided_notify, filing.pk, last_event(filing, FilingDecisionAction.RETURN).pk)
    client.force_login(mailed["operator_a"])
    chinese = client.get("/notifications/").content.decode()
    assert "新设备案被退回补正：长安区小太阳托育园" in chinese and "另有1条逐项意见" in chinese
    english = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "退回补正" not in english and "审核意见" not in english and "逐项意见" not in english
    assert "长安区小太阳托育园" in english and "租赁合同已过期" in english  # what people typed stays as typed
    with translation.override("en"):
        returned = gettext("%(kind)s被退回补正：%(name)s") % {"kind": gettext("新设备案"), "name": "长安区小太阳托育园"}
    assert returned in english


def test_running_the_decision_task_twice_sends_one_notice_and_one_email(mailed, regions, run, mailoutbox):
    filing = submitted_filing(mailed["operator_a"])
    services.filing_reject(filing=filing, by=mailed["reviewer_a"], reason="不符合设置标准")
    event = last_event(filing, FilingDecisionAction.REJECT)
    run(filing_decided_notify, filing.pk, event.pk)
    run(filing_decided_notify, filing.pk, event.pk)
    notification = Notification.objects.get()
    assert notification.title == "新设备案未通过：长安区小太阳托育园" and "不符合设置标准" in notification.body
    assert len(mailoutbox) == 1


def test_approval_notifies_the_operators_of_the_institution_with_the_number(users, institutions, regions, run):
    filing = submitted_filing(users["operator_a"])
    filing = services.filing_approve(filing=filing, by=users["reviewer_a"])
    second_operator = UserFactory(username="operator_a2", role="operator")
    filing.institution.operators.add(second_operator)
    run(filing_decided_notify, filing.pk, last_event(filing, FilingDecisionAction.APPROVE).pk)
    for operator in (users["operator_a"], second_operator):
        notification = Notification.objects.get(recipient=operator)
        assert notification.kind == "filing.approved" and filing.filing_number in notification.body
    assert titles(users["operator_b"]) == []


def test_no_decision_notice_for_a_submission_or_another_filings_event(users, regions, run):
    filing = submitted_filing(users["operator_a"])
    other = submitted_filing(users["operator_b"], region="130104")
    services.filing_return(filing=other, by=users["reviewer_b"], reason="补正")
    assert run(filing_decided_notify, filing.pk, last_event(filing, FilingDecisionAction.SUBMIT).pk) == 0
    assert run(filing_decided_notify, filing.pk, last_event(other, FilingDecisionAction.RETURN).pk) == 0
    assert not Notification.objects.exists()


# --- morning reminders: review deadlines ---------------------------------------------------------------

def submitted_on(operator, day: datetime.date, **kwargs) -> Filing:
    filing = submitted_filing(operator, **kwargs)
    Filing.objects.filter(pk=filing.pk).update(submitted_at=at(day), first_submitted_at=at(day))
    filing.refresh_from_db()
    return filing


def test_a_filing_not_accepted_6_working_days_after_submission_reminds_the_reviewers(mailed, regions, run,
                                                                                      mailoutbox):
    late = submitted_on(mailed["operator_a"], datetime.date(2025, 6, 10))
    submitted_on(mailed["operator_a"], datetime.date(2025, 6, 16), name="刚提交的托育园")  # 2 working days
    counts = run(send_daily_reminders, TODAY.isoformat())
    assert counts["deadlines"] == 1
    notification = Notification.objects.get(recipient=mailed["reviewer_a"])
    assert notification.kind == "reminder.filing_accept"
    assert notification.title == "备案申请已超过受理时限：长安区小太阳托育园"
    assert "2025-06-17" in notification.body and "已过6个工作日" in notification.body
    assert notification.url == f"/filings/{late.pk}/"
    assert titles(mailed["reviewer_b"]) == [] and titles(mailed["operator_a"]) == []
    assert [m.subject for m in mailoutbox] == [notification.title]


def test_a_reviewer_gets_one_digest_email_for_several_reminders(mailed, regions, run, mailoutbox):
    for name in ("甲托育园", "乙托育园", "丙托育园"):
        submitted_on(mailed["operator_a"], datetime.date(2025, 6, 10), name=name)
    run(send_daily_reminders, TODAY.isoformat())
    assert Notification.objects.filter(recipient=mailed["reviewer_a"]).count() == 3
    assert len(mailoutbox) == 1 and mailoutbox[0].subject == "托育机构备案与监管平台每日提醒（2025-06-18）"
    assert all(name in mailoutbox[0].body for name in ("甲托育园", "乙托育园", "丙托育园"))


def test_reminder_the_working_day_before_the_deadline_and_none_after_acceptance(users, regions, run):
    due_tomorrow = submitted_on(users["operator_a"], datetime.date(2025, 6, 12))  # accept by 06-19
    accepted = submitted_on(users["operator_a"], datetime.date(2025, 6, 10), name="已受理的托育园")
    services.filing_accept(filing=accepted, by=users["reviewer_a"])
    run(send_daily_reminders, TODAY.isoformat())
    notification = Notification.objects.get(recipient=users["reviewer_a"])
    assert notification.title == "备案申请受理时限将至：长安区小太阳托育园"
    assert notification.url == f"/filings/{due_tomorrow.pk}/"


def test_past_the_decision_deadline_the_reminder_is_about_deciding(users, regions, run):
    filing = submitted_on(users["operator_a"], datetime.date(2025, 5, 20))
    services.filing_accept(filing=filing, by=users["reviewer_a"])
    run(send_daily_reminders, TODAY.isoformat())
    notification = Notification.objects.get(recipient=users["reviewer_a"])
    assert notification.kind == "reminder.filing_decide" and "已超过办理时限" in notification.title


def test_the_daily_task_twice_creates_no_duplicates_and_the_next_day_reminds_again(mailed, regions, run,
                                                                                   mailoutbox):
    submitted_on(mailed["operator_a"], datetime.date(2025, 6, 10))
    assert run(send_daily_reminders, TODAY.isoformat())["deadlines"] == 1
    assert run(send_daily_reminders, TODAY.isoformat())["deadlines"] == 0
    assert Notification.objects.count() == 1 and len(mailoutbox) == 1
    run(send_daily_reminders, (TODAY + datetime.timedelta(days=1)).isoformat())
    assert Notification.objects.filter(recipient=mailed["reviewer_a"]).count() == 2


def test_no_deadline_reminders_on_a_weekend(users, regions, run):
    submitted_on(users["operator_a"], datetime.date(2025, 6, 10))
    assert run(send_daily_reminders, "2025-06-21")["deadlines"] == 0  # a Saturday


def test_deadline_reminders_query_count_does_not_grow_with_filings(users, regions, django_assert_max_num_queries):
    for i in range(6):
        submitted_on(users["operator_a"], datetime.date(2025, 6, 10), name=f"托育园{i}")
    with django_assert_max_num_queries(4):  # filings, calendar, the provinces' review deadlines, reviewers
        notices = deadline_notices(TODAY)
    assert len(notices) == 6


# --- morning reminders: operators ----------------------------------------------------------------------

def test_health_check_expiring_in_20_days_reminds_the_operator(mailed, institutions, run, mailoutbox):
    today = datetime.date.today()
    StaffMember.objects.create(institution=institutions["a"], name="李保育", role="caregiver",
                               health_check_on=today - datetime.timedelta(days=365 - 20))
    StaffMember.objects.create(institution=institutions["a"], name="王厨师", role="cook",
                               health_check_on=today - datetime.timedelta(days=365 - 40))
    StaffMember.objects.create(institution=institutions["b"], name="赵保健", role="health",
                               health_check_on=today - datetime.timedelta(days=200))
    assert run(send_daily_reminders)["health_checks"] == 1
    notification = Notification.objects.get(recipient=mailed["operator_a"])
    assert notification.kind == "reminder.health_check"
    assert "李保育" in notification.title and "还有20天" in notification.body
    assert notification.url == f"/institutions/{institutions['a'].pk}/"
    assert titles(mailed["operator_b"]) == [] and len(mailoutbox) == 1
    # Twice the same day, or the next day in the same window: nothing new.
    run(send_daily_reminders)
    run(send_daily_reminders, (today + datetime.timedelta(days=1)).isoformat())
    assert Notification.objects.count() == 1 and len(mailoutbox) == 1
    # A week before expiry it is announced once more (and the cook's check has entered the 30-day window).
    run(send_daily_reminders, (today + datetime.timedelta(days=14)).isoformat())
    assert Notification.objects.filter(recipient=mailed["operator_a"], title__contains="李保育").count() == 2
    assert Notification.objects.filter(recipient=mailed["operator_a"], title__contains="王厨师").count() == 1


def _approved_filing(institution, operator, day) -> Filing:
    return Filing.objects.create(kind=FilingKind.NEW, status=FilingStatus.APPROVED, institution=institution,
                                 county_id=institution.region_id, name=institution.name, created_by=operator,
                                 submitted_at=at(day), decided_at=at(day))


def _document(filing, doc_type, valid_until) -> FilingDocument:
    return FilingDocument.objects.create(filing=filing, doc_type=doc_type, file=f"filings/{filing.pk}/x.pdf",
                                         original_name="消防.pdf", content_type="application/pdf", size=10,
                                         sha256="0" * 64, valid_until=valid_until)


def test_expiring_filing_material_reminds_the_operators_unless_renewed(users, institutions, run):
    today = datetime.date.today()
    soon = today + datetime.timedelta(days=10)
    first = _approved_filing(institutions["a"], users["operator_a"], today - datetime.timedelta(days=300))
    _document(first, DocumentType.FIRE_SAFETY, soon)
    _document(first, DocumentType.FOOD_LICENCE, soon)
    _document(first, DocumentType.PREMISES, today + datetime.timedelta(days=90))
    # A later change filing renewed the food licence: the old one is no longer the one on file.
    change = _approved_filing(institutions["a"], users["operator_a"], today - datetime.timedelta(days=5))
    change.kind = FilingKind.CHANGE
    change.save(update_fields=["kind"])
    _document(change, DocumentType.FOOD_LICENCE, today + datetime.timedelta(days=365))
    assert run(send_daily_reminders)["documents"] == 1
    notification = Notification.objects.get(recipient=users["operator_a"])
    assert notification.kind == "reminder.document" and "消防安全检查合格证明" in notification.title
    assert "还有10天" in notification.body
    assert run(send_daily_reminders)["documents"] == 0
