"""Supervision of lagging regions (issue 16 point 5): a city admin calls a county in (from the bulletin's regions
behind schedule), records the interview, the county reports its follow-up, the city closes the item; open items
show on both regions' dashboards; another city's admin gets 404; every step audited."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from programme.models import SupervisionItem, SupervisionStatus
from regions.models import SlotTarget
from tests.factories import InstitutionFactory, region

pytestmark = pytest.mark.django_db

NEW = "/programme/supervision/new/"


def open_item(client, **values):
    data = {"region_code": "130102", "issue": "新增托位目标完成率低于时序进度，请说明原因并提出整改措施",
            "responsible": "长安区卫健局局长", "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "basis": "2026年第三季度通报", **values}
    return client.post(NEW, data)


def test_a_city_calls_a_county_in_records_the_interview_and_closes_after_its_report(client, users, institutions):
    client.force_login(users["admin_a"])  # a county admin cannot supervise its own county
    assert open_item(client).status_code == 400
    client.force_login(users["city_admin"])
    assert open_item(client, region_code="1301").status_code == 400  # not below its own region
    assert open_item(client, region_code="370830").status_code == 400  # not in its scope
    assert open_item(client).status_code == 302
    item = SupervisionItem.objects.get()
    detail = reverse("programme:supervision_detail", args=[item.pk])
    today = timezone.localdate().isoformat()
    assert client.post(detail, {"action": "event", "kind": "interview", "on": today,
                                "text": "约谈区卫健局主要负责同志"}).status_code == 302
    # The county reports; it cannot close or record an interview.
    client.force_login(users["admin_a"])
    assert client.post(detail, {"action": "event", "kind": "report", "on": today,
                                "text": "已新增两家普惠托育机构"}).status_code == 302
    client.post(detail, {"action": "close", "text": "自己办结"})
    item.refresh_from_db()
    assert item.status == SupervisionStatus.OPEN
    # Both dashboards show the open item.
    dashboard = reverse("stats:dashboard")
    call_command("compute_rollups", "--year", str(timezone.localdate().year), stdout=io.StringIO())
    for user, code in ((users["admin_a"], "130102"), (users["city_admin"], "1301")):
        client.force_login(user)
        page = client.get(dashboard, {"region": code, "year": timezone.localdate().year})
        assert page.status_code == 200 and "督办中的事项" in page.content.decode(), code
    # Another county's admin: 404; the city closes.
    client.force_login(users["admin_b"])
    assert client.get(detail).status_code == 404
    client.force_login(users["city_admin"])
    assert client.post(detail, {"action": "close", "text": "整改到位，予以办结"}).status_code == 302
    item.refresh_from_db()
    assert item.status == SupervisionStatus.CLOSED
    kinds = list(item.events.values_list("kind", flat=True))
    assert kinds == ["interview", "report", "close"]
    actions = set(AuditEvent.objects.filter(object_id=str(item.pk), object_type="programme.supervisionitem")
                  .values_list("action", flat=True))
    assert actions == {"supervision.open", "supervision.interview", "supervision.report", "supervision.close"}
    assert client.post(detail, {"action": "event", "kind": "note", "on": today, "text": "再记"}).status_code == 302
    assert item.events.count() == 3  # closed: nothing more is recorded


def test_the_bulletin_offers_supervision_of_the_regions_behind_schedule(client, users, regions):
    year = timezone.localdate().year
    InstitutionFactory(region=region("130102"), filed_on=datetime.date(year, 1, 5), capacity=(10, 5))
    SlotTarget.objects.create(region_id="130102", year=year, new_slots_target=10_000)
    call_command("compute_rollups", "--year", str(year), stdout=io.StringIO())
    client.force_login(users["city_admin"])
    page = client.get(reverse("stats:bulletin"), {"region": "1301", "year": year, "period": "Y"}).content.decode()
    assert "bulletin-supervise" in page and "region=130102" in page
    client.force_login(users["viewer_a"])
    viewer = client.get(reverse("stats:bulletin"), {"region": "130102", "year": year, "period": "Y"})
    assert "bulletin-supervise" not in viewer.content.decode()
    assert client.get(NEW).status_code == 403


def test_the_api_opens_records_and_closes_within_scope(users, regions):
    from rest_framework.test import APIClient

    def api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    deadline = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    opened = api(users["city_admin"]).post("/api/v1/supervision/", {
        "region_code": "130104", "issue": "托位建设滞后", "responsible": "桥西区卫健局", "deadline": deadline},
        format="json")
    assert opened.status_code == 201
    pk = opened.json()["id"]
    today = timezone.localdate().isoformat()
    assert api(users["admin_a"]).get(f"/api/v1/supervision/{pk}/").status_code == 404  # 130102: another county
    assert api(users["admin_b"]).post(f"/api/v1/supervision/{pk}/record/", {
        "kind": "interview", "on": today, "text": "自己约谈自己"}, format="json").status_code == 409
    assert api(users["admin_b"]).post(f"/api/v1/supervision/{pk}/record/", {
        "kind": "report", "on": today, "text": "已整改"}, format="json").status_code == 200
    closed = api(users["city_admin"]).post(f"/api/v1/supervision/{pk}/close/", {"text": "办结"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert [e["kind"] for e in closed.json()["events"]] == ["report", "close"]
    assert api(users["operator_a"]).get("/api/v1/supervision/").status_code == 403
