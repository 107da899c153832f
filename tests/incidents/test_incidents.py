"""Safety incidents (issue 17 point 5): the operator reports within 24 hours (later ones are flagged), the county's
inspector acknowledges, plans a visit from it and closes it; a suspected abuse alerts the county's admins at once;
out of scope is 404; the figures count incidents per kind and per 1,000 children enrolled (by hand: county A has 30
children enrolled and 2 incidents this year → 66.67; the city 75 children, 3 incidents → 40.00)."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEvent
from incidents.models import Incident, IncidentStatus
from inspections.models import Visit
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def report(client, institution, kind, hours_ago, children=1):
    at = timezone.localtime() - datetime.timedelta(hours=hours_ago)
    return client.post(reverse("incidents:new"), {
        "institution": institution.pk, "kind": kind, "occurred_at": at.strftime("%Y-%m-%dT%H:%M"),
        "children_affected": children, "description": "午睡起床时从床边跌落，额头擦伤", "measures": "已就医处理并告知家长"})


def test_report_acknowledge_visit_and_close(client, users, institutions):
    a = institutions["a"]
    client.force_login(users["operator_a"])
    assert report(client, a, "injury", 2).status_code == 302
    incident = Incident.objects.get()
    assert not incident.late and incident.status == IncidentStatus.REPORTED
    [notice] = Notification.objects.filter(kind="incident.reported")
    assert notice.recipient == users["inspector_a"]
    response = client.post(reverse("incidents:new"), {"institution": a.pk, "kind": "injury",
                                                      "occurred_at": "2099-01-01T10:00", "children_affected": 1,
                                                      "description": "x", "measures": "y"})
    assert response.status_code == 400 and 'value="2099-01-01T10:00"' in response.content.decode()

    url = reverse("incidents:detail", args=[incident.pk])
    client.force_login(users["inspector_b"])  # another county
    assert client.get(url).status_code == 404
    client.force_login(users["inspector_a"])
    assert client.get(url).status_code == 200  # opening it reads the notice that led there
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert client.post(url, {"action": "close"}).status_code == 400  # a note is needed
    assert client.post(url, {"action": "acknowledge"}).status_code == 302
    assert client.post(url, {"action": "visit"}).status_code == 302
    incident.refresh_from_db()
    visit = Visit.objects.get(pk=incident.visit_id)
    assert visit.institution == a and visit.planned_on == timezone.localdate()
    assert client.post(url, {"action": "close", "note": "已现场核查，整改床栏"}).status_code == 302
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED and incident.closed_by == users["inspector_a"]
    assert set(AuditEvent.objects.filter(action__startswith="incident.").values_list("action", flat=True)) == {
        "incident.report", "incident.acknowledge", "incident.visit", "incident.close"}
    client.force_login(users["operator_a"])
    page = client.get(url).content.decode()
    assert "已现场核查" in page and "incident-step-form" not in page
    # Who acknowledged and who closed it, by name.
    for key in ("incident-acknowledged", "incident-closed"):
        assert str(users["inspector_a"]) in page.split(f'id="{key}"')[1].split("</dd>")[0]
    assert Notification.objects.filter(recipient=users["operator_a"], kind="incident.update").count() == 3


def test_a_late_report_is_flagged_and_suspected_abuse_alerts_the_admins_at_once(client, users, institutions):
    client.force_login(users["operator_a"])
    assert report(client, institutions["a"], "abuse", 30, children=2).status_code == 302
    incident = Incident.objects.get()
    assert incident.late
    assert Notification.objects.get(kind="incident.abuse").recipient == users["admin_a"]
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert 'id="incident-late"' in page
    client.force_login(users["operator_b"])  # not its operator
    assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 404


def test_the_figures_count_incidents_per_kind_and_per_1000_children(client, users, institutions):
    client.force_login(users["operator_a"])
    report(client, institutions["a"], "injury", 1)
    report(client, institutions["a"], "outbreak", 3, children=6)
    client.force_login(users["operator_b"])
    report(client, institutions["b"], "fire", 5, children=0)
    year = timezone.localdate().year
    call_command("compute_rollups", "--year", str(year), stdout=io.StringIO())
    api = APIClient()
    api.force_authenticate(users["province_admin"])
    county = api.get("/api/v1/stats/", {"region": "130102", "year": year}).json()
    assert (county["enrolled"], county["incidents"], county["incidents_per_1000"]) == (30, 2, 66.67)
    assert county["incidents_by_kind"] == {"injury": 1, "outbreak": 1, "abuse": 0, "fire": 0, "other": 0}
    city = api.get("/api/v1/stats/", {"region": "1301", "year": year}).json()
    assert (city["enrolled"], city["incidents"], city["incidents_per_1000"]) == (75, 3, 40.0)
    api.force_authenticate(users["other_province_admin"])
    assert api.get("/api/v1/stats/", {"region": "1301", "year": year}).status_code == 404


def test_the_api_reports_steps_and_scopes(users, institutions, django_assert_max_num_queries):
    api = APIClient()
    api.force_authenticate(users["operator_a"])
    body = {"institution": institutions["a"].pk, "kind": "fire", "children_affected": 0, "description": "厨房油锅起火",
            "measures": "已扑灭，无人受伤", "occurred_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat()}
    response = api.post("/api/v1/incidents/", body, format="json")
    assert response.status_code == 201 and response.json()["status"] == "reported"
    pk = response.json()["id"]
    assert api.post("/api/v1/incidents/", {**body, "institution": institutions["b"].pk},
                    format="json").status_code == 404
    assert api.post(f"/api/v1/incidents/{pk}/step/", {"action": "acknowledge"}, format="json").status_code == 403
    api.force_authenticate(users["inspector_a"])
    assert api.post(f"/api/v1/incidents/{pk}/step/", {"action": "close"}, format="json").status_code == 409
    response = api.post(f"/api/v1/incidents/{pk}/step/", {"action": "visit"}, format="json")
    assert response.status_code == 409  # acknowledge first
    assert api.post(f"/api/v1/incidents/{pk}/step/", {"action": "acknowledge"}, format="json").status_code == 200
    visit = api.post(f"/api/v1/incidents/{pk}/step/", {"action": "visit"}, format="json").json()["visit"]
    assert Visit.objects.get(pk=visit).type == "fire"
    with django_assert_max_num_queries(6):
        assert len(api.get("/api/v1/incidents/").json()["results"]) == 1
    api.force_authenticate(users["inspector_b"])
    assert api.get(f"/api/v1/incidents/{pk}/").status_code == 404
