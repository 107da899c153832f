"""Scheduling a visit and printing the rectification notice (issue 13, point 10)."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Role
from inspections.models import RectificationOrder, Result, Visit, VisitStatus
from tests.factories import UserFactory

from .conftest import finished_visit

pytestmark = pytest.mark.django_db


def test_an_inspector_schedules_a_visit_for_a_date_and_assigns_it(client, users, institutions, checklists):
    colleague = UserFactory(username="inspector_a2", role=Role.INSPECTOR, region=users["inspector_a"].region,
                            display_name="王监督")
    outsider = users["inspector_b"]
    client.force_login(users["inspector_a"])
    url = reverse("inspections:visit_start", args=[institutions["a"].pk])
    form = client.get(url).content.decode()
    assert "王监督" in form and outsider.username not in form  # only the inspectors of the institution's area
    on = timezone.localdate() + datetime.timedelta(days=7)
    missing = client.post(url, {"when": "plan", "type": "routine"})
    assert missing.status_code == 400 and "请选择计划检查日期" in missing.content.decode()
    response = client.post(url, {"when": "plan", "planned_on": on.isoformat(), "type": "fire",
                                 "inspectors": [colleague.pk]})
    visit = Visit.objects.get()
    assert response["Location"] == reverse("inspections:visit_detail", args=[visit.pk])
    assert (visit.status, visit.planned_on) == (VisitStatus.PLANNED, on)
    assert list(visit.inspectors.all()) == [colleague]
    assert AuditEvent.objects.filter(action="visit.plan", object_id=str(visit.pk)).exists()
    home = client.get(reverse("inspections:home"), {"region": "130102"}).content.decode()
    assert on.isoformat() in home  # the plan lists the scheduled visit
    # An inspector of another area cannot be assigned.
    refused = client.post(url, {"when": "plan", "planned_on": on.isoformat(), "type": "fire",
                                "inspectors": [outsider.pk]})
    assert refused.status_code == 400 and Visit.objects.count() == 1


def test_the_rectification_notice_prints_as_an_a4_document(client, users, institutions, checklists):
    from inspections import services

    visit = finished_visit(institutions["a"], users["inspector_a"], overrides={("人员配备", 1): Result.NOT_MET})
    order = services.rectification_issue(visit=visit, by=users["inspector_a"], requirements="立即整改",
                                         deadline=timezone.localdate() + datetime.timedelta(days=15))
    assert isinstance(order, RectificationOrder)
    for user in (users["inspector_a"], users["operator_a"]):
        client.force_login(user)
        detail = client.get(reverse("inspections:order_detail", args=[order.pk])).content.decode()
        assert reverse("inspections:order_notice", args=[order.pk]) in detail
        notice = client.get(reverse("inspections:order_notice", args=[order.pk]))
        body = notice.content.decode()
        assert notice.status_code == 200 and "整改通知书" in body and institutions["a"].name in body
        assert "立即整改" in body and order.deadline.strftime("%Y年%-m月%-d日") in body and "print.css" in body
    client.force_login(users["operator_b"])
    assert client.get(reverse("inspections:order_notice", args=[order.pk])).status_code == 404
