"""Rectification through the pages: order → evidence → rejected → new evidence → accepted; a second order goes
overdue (the beat task), is notified once and listed; operators see their own orders only; follow-up visits."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.files import MSG_DOCUMENT_TYPE as MSG_EVIDENCE_TYPE
from inspections import services, tasks
from inspections.forms import MSG_REASON_REQUIRED
from inspections.models import (
    Finding,
    InspectionType,
    OrderAction,
    OrderStatus,
    RectificationOrder,
    Result,
    Visit,
    VisitStatus,
)
from inspections.notify import KIND_ISSUED, KIND_OVERDUE, KIND_REJECTED
from notifications.models import Notification

from .conftest import HTML, PDF, PNG, finished_visit

pytestmark = pytest.mark.django_db

HIGH_ITEM = ("人员配备", 1)      # 保育人员与婴幼儿比例 (high)
MEDIUM_ITEM = ("卫生与照护", 2)  # 清洁消毒记录 (medium)


@pytest.fixture
def visit(users, institutions, checklists):
    return finished_visit(institutions["a"], users["inspector_a"],
                          overrides={HIGH_ITEM: Result.NOT_MET, MEDIUM_ITEM: Result.NOT_MET})


def order_url(order, tail=""):
    return reverse(f"inspections:order_{tail or 'detail'}", args=[order.pk])


def issue(client, visit, **data):
    findings = [str(pk) for pk in visit.findings.values_list("pk", flat=True)]
    payload = {"findings": findings, "deadline": (timezone.localdate() + datetime.timedelta(days=15)).isoformat(),
               "requirements": "按标准配齐保育人员"} | data
    response = client.post(reverse("inspections:order_issue", args=[visit.pk]), payload)
    assert response.status_code == 302, response.content
    return RectificationOrder.objects.latest("id")


def evidence(client, order, text, *files):
    return client.post(order_url(order, "evidence"), {"text": text, "files": list(files)})


def test_order_evidence_rejected_new_evidence_accepted(client, users, visit, django_capture_on_commit_callbacks):
    inspector, operator = users["inspector_a"], users["operator_a"]
    client.force_login(inspector)
    with django_capture_on_commit_callbacks(execute=True):
        order = issue(client, visit)
    assert order.status == OrderStatus.ISSUED and order.findings.count() == 2
    assert Notification.objects.filter(recipient=operator, kind=KIND_ISSUED).exists()

    client.force_login(operator)
    page = client.get(order_url(order)).content.decode()
    assert 'id="evidence-form"' in page and "保育人员与婴幼儿比例" in page
    response = evidence(client, order, "已新招聘保育员2名", SimpleUploadedFile("合同.pdf", PDF))
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.ANSWERED

    client.force_login(inspector)
    refused = client.post(order_url(order, "verify"), {"decision": "reject", "reason": ""})
    assert refused.status_code == 400 and str(MSG_REASON_REQUIRED) in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(order_url(order, "verify"), {"decision": "reject", "reason": "未提供保育员资格证书"})
    assert "未提供保育员资格证书" in Notification.objects.get(recipient=operator, kind=KIND_REJECTED).body
    order.refresh_from_db()
    assert order.status == OrderStatus.REJECTED

    client.force_login(operator)
    assert "未提供保育员资格证书" in client.get(order_url(order)).content.decode()
    evidence(client, order, "补充资格证书", SimpleUploadedFile("证书.png", PNG), SimpleUploadedFile("花名册.pdf", PDF))
    order.refresh_from_db()
    assert order.status == OrderStatus.ANSWERED and order.evidence.count() == 2

    client.force_login(inspector)
    client.post(order_url(order, "verify"), {"decision": "accept", "reason": "材料齐全"})
    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED and order.decided_by == inspector
    assert not Finding.objects.filter(order=order, resolved_at__isnull=True).exists()
    assert [e.action for e in order.events.all()] == [
        OrderAction.ISSUE, OrderAction.ANSWER, OrderAction.REJECT, OrderAction.ANSWER, OrderAction.ACCEPT]
    # An accepted order takes no more evidence.
    client.force_login(operator)
    assert 'id="evidence-form"' not in client.get(order_url(order)).content.decode()


def test_evidence_files_are_checked_by_content(client, users, visit):
    client.force_login(users["inspector_a"])
    order = issue(client, visit)
    client.force_login(users["operator_a"])
    response = evidence(client, order, "已整改", SimpleUploadedFile("照片.jpg", HTML, content_type="image/jpeg"))
    assert response.status_code == 400 and str(MSG_EVIDENCE_TYPE) in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.ISSUED


def test_default_deadline_is_shorter_with_a_high_severity_finding(users, visit, institutions):
    today = timezone.localdate()
    order = services.rectification_issue(visit=visit, by=users["inspector_a"])
    assert order.deadline == today + datetime.timedelta(days=15)
    low_visit = finished_visit(institutions["a"], users["inspector_a"], overrides={MEDIUM_ITEM: Result.NOT_MET})
    assert services.rectification_issue(visit=low_visit, by=users["inspector_a"]).deadline == \
        today + datetime.timedelta(days=30)


def test_a_second_order_past_its_deadline_goes_overdue_is_notified_once_and_listed(client, users, visit,
                                                                                    institutions):
    today = timezone.localdate()
    first = services.rectification_issue(visit=visit, by=users["inspector_a"])
    second_visit = finished_visit(institutions["a"], users["inspector_a"], overrides={MEDIUM_ITEM: Result.NOT_MET})
    second = services.rectification_issue(visit=second_visit, by=users["inspector_a"],
                                          deadline=today + datetime.timedelta(days=3))
    services.rectification_answer(order=first, by=users["operator_a"], text="已整改")

    later = (today + datetime.timedelta(days=4)).isoformat()
    assert tasks.mark_overdue_and_notify.delay(later).get() == {"marked": 1, "notified": 2}
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == OrderStatus.OVERDUE and first.status == OrderStatus.ANSWERED
    notices = Notification.objects.filter(kind=KIND_OVERDUE)
    assert {n.recipient for n in notices} == {users["inspector_a"], users["operator_a"]}
    # Running again marks nothing and sends nothing new.
    assert tasks.mark_overdue_and_notify(later)["marked"] == 0
    assert Notification.objects.filter(kind=KIND_OVERDUE).count() == 2

    client.force_login(users["inspector_a"])
    home = client.get(reverse("inspections:home")).content.decode()
    overdue_card = home.split('id="overdue-orders"')[1].split('id="orders-to-verify"')[0]
    assert order_url(second) in overdue_card and order_url(first) not in overdue_card
    listed = client.get(reverse("inspections:order_list") + "?status=overdue").content.decode()
    assert order_url(second) in listed and order_url(first) not in listed
    # Overdue evidence is still accepted (late), and then awaits verification.
    services.rectification_answer(order=second, by=users["operator_a"], text="逾期后完成整改")
    second.refresh_from_db()
    assert second.status == OrderStatus.ANSWERED


def test_operator_cannot_see_another_operators_orders(client, users, visit, institutions):
    order = services.rectification_issue(visit=visit, by=users["inspector_a"])
    client.force_login(users["operator_b"])
    assert client.get(order_url(order)).status_code == 404
    assert client.post(order_url(order, "evidence"), {"text": "x"}).status_code == 404
    assert order_url(order) not in client.get(reverse("inspections:order_list")).content.decode()
    client.force_login(users["operator_a"])
    assert order_url(order) in client.get(reverse("inspections:order_list")).content.decode()
    # The operator cannot verify their own evidence; another county's inspector cannot see the order.
    assert client.post(order_url(order, "verify"), {"decision": "accept"}).status_code == 403
    client.force_login(users["inspector_b"])
    assert client.get(order_url(order)).status_code == 404


def test_operators_see_the_county_not_the_inspectors_name(client, users, visit):
    users["inspector_a"].display_name = "赵监督"
    users["inspector_a"].save()
    order = services.rectification_issue(visit=visit, by=users["inspector_a"])
    client.force_login(users["operator_a"])
    page = client.get(order_url(order)).content.decode()
    assert "长安区卫生健康部门" in page and "赵监督" not in page
    client.force_login(users["inspector_a"])
    assert "赵监督" in client.get(order_url(order)).content.decode()


def test_a_follow_up_visit_is_scheduled_from_the_order(client, users, visit):
    order = services.rectification_issue(visit=visit, by=users["inspector_a"])
    client.force_login(users["inspector_a"])
    on = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(order_url(order, "follow_up"), {"on": on.isoformat()})
    follow_up = Visit.objects.get(follow_up_of=order)
    assert response["Location"] == reverse("inspections:visit_detail", args=[follow_up.pk])
    assert follow_up.type == InspectionType.FOLLOW_UP and follow_up.status == VisitStatus.PLANNED
    assert follow_up.planned_on == on and follow_up.template == visit.template
    again = client.post(order_url(order, "follow_up"), {"on": on.isoformat()})
    assert again.status_code == 400 and Visit.objects.filter(follow_up_of=order).count() == 1


@pytest.mark.parametrize("count", [10, 200])
def test_order_list_query_count_is_constant(client, users, institutions, checklists, visit,
                                            django_assert_max_num_queries, count):
    findings = list(visit.findings.all())
    orders = RectificationOrder.objects.bulk_create([
        RectificationOrder(visit=visit, institution=institutions["a"], deadline=timezone.localdate(),
                           issued_by=users["inspector_a"]) for _ in range(count)])
    Finding.objects.filter(pk=findings[0].pk).update(order=orders[0])
    for username in ("inspector_a", "operator_a"):
        client.force_login(users[username])
        with django_assert_max_num_queries(10):
            assert client.get(reverse("inspections:order_list")).status_code == 200


def test_the_overdue_task_runs_daily_on_beat():
    from django.conf import settings

    tasks_on_beat = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "inspections.tasks.mark_overdue_and_notify" in tasks_on_beat
