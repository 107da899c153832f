"""Filing life cycle through the services: submit, pre-checks, return, approve, change, deregister."""
import datetime

import pytest

from filings import services
from filings.models import FilingEvent, FilingKind, FilingStatus
from institutions.models import CapacityRecord, FilingState, Institution

from .helpers import answers, complete_filing, staff_identity, submitted_filing

pytestmark = pytest.mark.django_db


def test_complete_filing_has_no_blocking_prechecks(users, regions):
    filing = complete_filing(users["operator_a"])
    assert [c.rule for c in services.filing_prechecks(filing)] == []
    assert filing.county_id == "130102" and filing.name == "长安区小太阳托育园"


def test_prechecks_name_every_broken_rule(users, regions):
    today = datetime.date.today()
    bad_classes = [{"name": "乳儿班", "class_type": "infant", "capacity": "12", "enrolled": "9", "caregivers": "2"}]
    filing = complete_filing(users["operator_a"], documents=False, classes=bad_classes)
    data = answers()
    data["premises"].update(highest_care_floor="4", lease_end=(today + datetime.timedelta(days=300)).isoformat())
    data["staff"]["rows"][1]["health_check_on"] = (today - datetime.timedelta(days=400)).isoformat()
    services.filing_save_step(filing=filing, step="premises", values=data["premises"], by=users["operator_a"])
    filing = services.filing_save_step(filing=filing, step="staff", values=data["staff"], by=users["operator_a"])
    rules = {c.rule for c in services.filing_prechecks(filing)}
    assert {"class.size", "class.ratio", "premises.floor", "premises.lease", "staff.health",
            "document.missing"} <= rules
    with pytest.raises(services.FilingActionError) as refused:
        services.filing_submit(filing=filing, by=users["operator_a"])
    assert "预检未通过" in refused.value.message and refused.value.checks
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT


def test_more_than_ten_classes_is_advisory(users, regions):
    classes = [{"name": f"托大{i}班", "class_type": "toddler_large", "capacity": "10", "enrolled": "7",
                "caregivers": "1"} for i in range(11)]
    filing = complete_filing(users["operator_a"], classes=classes)
    data = answers()
    data["staff"]["rows"] += [{"name": f"保育员{i}", "role": "caregiver", "qualification_cert_no": f"BY-2024-{i:04d}",
                               "health_check_on": datetime.date.today().isoformat(), **staff_identity(i)}
                              for i in range(6, 12)]
    filing = services.filing_save_step(filing=filing, step="staff", values=data["staff"], by=users["operator_a"])
    checks = services.filing_prechecks(filing)
    assert [(c.rule, c.blocking) for c in checks] == [("class.count", False)]
    assert services.filing_submit(filing=filing, by=users["operator_a"]).status == FilingStatus.SUBMITTED


def test_return_then_resubmit_then_approve_issues_the_number(users, regions):
    operator, reviewer = users["operator_a"], users["reviewer_a"]
    filing = submitted_filing(operator)
    services.filing_return(filing=filing, by=reviewer, reason="请补充材料",
                           comments={"premises.address": "地址请写到门牌号"})
    filing.refresh_from_db()
    assert filing.status == FilingStatus.RETURNED and filing.is_editable
    services.filing_submit(filing=filing, by=operator)
    filing = services.filing_approve(filing=filing, by=reviewer, on=datetime.date(2026, 3, 2))
    year = 2026
    assert filing.filing_number == f"130102-{year}-00001"
    institution = Institution.objects.get(credit_code=filing.credit_code)
    assert institution.filing_state == FilingState.FILED and institution.filing_number == filing.filing_number
    assert institution.operators.filter(pk=operator.pk).exists()
    assert institution.classes.count() == 3 and institution.staff.count() == 6
    record = CapacityRecord.objects.get(institution=institution)
    assert (record.slots, record.enrolled, record.effective_from) == (40, 27, datetime.date(2026, 3, 2))
    assert list(FilingEvent.objects.filter(filing=filing).values_list("action", flat=True)) == [
        "submit", "return", "submit", "approve"]


def test_second_decision_is_refused_with_a_clear_message(users, regions):
    filing = submitted_filing(users["operator_a"])
    services.filing_approve(filing=filing, by=users["reviewer_a"])
    with pytest.raises(services.FilingActionError) as refused:
        services.filing_reject(filing=filing, by=users["admin_a"], reason="重复")
    assert "已由" in refused.value.message and "您的操作未执行" in refused.value.message


def test_change_filing_raising_slots_keeps_history(users, regions):
    operator, reviewer = users["operator_a"], users["reviewer_a"]
    classes = [{"name": "托大一班", "class_type": "toddler_large", "capacity": "20", "enrolled": "10",
                "caregivers": "2"}, {"name": "托大二班", "class_type": "toddler_large", "capacity": "20",
                                     "enrolled": "10", "caregivers": "2"}]
    filing = services.filing_approve(filing=submitted_filing(operator, classes=classes), by=reviewer,
                                     on=datetime.date(2026, 1, 5))
    institution = filing.institution
    change = services.filing_start_change(institution=institution, by=operator)
    assert change.kind == FilingKind.CHANGE and change.data["service"]["rows"][0]["capacity"] == "20"
    service = dict(change.data["service"])
    service["rows"] = [*service["rows"], {"name": "托大三班", "class_type": "toddler_large", "capacity": "20",
                                          "enrolled": "7", "caregivers": "1"}]
    change = services.filing_save_step(filing=change, step="service", values=service, by=operator)
    assert [d["field"] for d in services.filing_diff(change)] == ["rows"]
    services.filing_submit(filing=change, by=operator)
    services.filing_approve(filing=change, by=reviewer, on=datetime.date(2026, 3, 1))
    at = Institution.objects.with_capacity_at
    assert at(datetime.date(2026, 2, 28)).get(pk=institution.pk).slots == 40
    assert at(datetime.date(2026, 3, 1)).get(pk=institution.pk).slots == 60
    assert CapacityRecord.objects.filter(institution=institution).count() == 2


def test_deregistration_request_closes_the_institution_on_approval(users, regions):
    operator, reviewer = users["operator_a"], users["reviewer_a"]
    filing = services.filing_approve(filing=submitted_filing(operator), by=reviewer, on=datetime.date(2026, 1, 5))
    request = services.filing_request_deregistration(institution=filing.institution, by=operator,
                                                     on=datetime.date(2026, 6, 30), reason="停止办学")
    services.filing_approve(filing=request, by=reviewer)
    institution = Institution.objects.get(pk=filing.institution_id)
    assert institution.filing_state == FilingState.DEREGISTERED
    assert institution.deregistered_on == datetime.date(2026, 6, 30)
    assert not Institution.objects.public().filter(pk=institution.pk).exists()


def test_filing_numbers_are_consecutive_per_county_and_year(users, regions):
    numbers = [services.filing_approve(filing=submitted_filing(users["operator_a"]), by=users["reviewer_a"],
                                       on=datetime.date(2026, 5, 1)).filing_number for _ in range(3)]
    assert numbers == ["130102-2026-00001", "130102-2026-00002", "130102-2026-00003"]
    other = services.filing_approve(filing=submitted_filing(users["operator_b"], region="130104"),
                                    by=users["reviewer_b"], on=datetime.date(2026, 5, 1))
    assert other.filing_number == "130104-2026-00001"


def test_same_credit_code_cannot_be_filed_twice(users, regions):
    first = submitted_filing(users["operator_a"])
    services.filing_approve(filing=first, by=users["reviewer_a"])
    with pytest.raises(services.FilingActionError, match="已有备案机构"):
        submitted_filing(users["operator_a"], credit_code=first.credit_code)
