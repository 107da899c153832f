"""/api/v1/inspections/ and /api/v1/rectifications/: the same services through HTTP, scope (404), roles (403),
refusals (409) and the lists' query counts."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from core.files import MSG_PHOTO_TYPE
from inspections.models import OrderStatus, RectificationOrder, Visit, VisitStatus

from .conftest import HTML, PDF, PNG, finished_visit, items_of

pytestmark = pytest.mark.django_db

VISITS = "/api/v1/inspections/"
ORDERS = "/api/v1/rectifications/"


@pytest.fixture
def api(users):
    def _api(username):
        client = APIClient()
        client.force_authenticate(users[username])
        return client
    return _api


def test_start_answer_finish_through_the_api(api, users, institutions, checklists):
    inspector = api("inspector_a")
    started = inspector.post(VISITS, {"institution": institutions["a"].pk, "type": "health"}, format="json")
    assert started.status_code == 201, started.content
    body = started.json()
    visit_id = body["id"]
    assert body["status"] == VisitStatus.IN_PROGRESS and body["checklist"].startswith("托育机构卫生保健检查表")
    items = [item for section in body["sections"] for item in section["items"]]
    assert len(items) == 18

    early = inspector.post(f"{VISITS}{visit_id}/finish/", {}, format="json")
    assert early.status_code == 409 and "18" in early.json()["detail"]

    for index, item in enumerate(items):
        result = "not_met" if index == 0 else "met"
        response = inspector.post(f"{VISITS}{visit_id}/answers/", {"item": item["id"], "result": result},
                                  format="json")
        assert response.status_code == 200 and response.json()["result"] == result
    photo = inspector.post(f"{VISITS}{visit_id}/answers/",
                           {"item": items[0]["id"], "photo": SimpleUploadedFile("a.png", PNG)}, format="multipart")
    assert photo.status_code == 200 and len(photo.json()["photos"]) == 1
    assert inspector.get(photo.json()["photos"][0]["url"]).status_code == 200
    fake = inspector.post(f"{VISITS}{visit_id}/answers/",
                          {"item": items[0]["id"], "photo": SimpleUploadedFile("a.jpg", HTML)}, format="multipart")
    assert fake.status_code == 400 and str(MSG_PHOTO_TYPE) in fake.json()["photo"]

    finished = inspector.post(f"{VISITS}{visit_id}/finish/", {"summary": "晨检记录缺失"}, format="json")
    assert finished.status_code == 200
    # The first item was not met: one finding.
    assert finished.json()["status"] == VisitStatus.FINISHED and len(finished.json()["findings"]) == 1
    assert finished.json()["inspectors"] == ["inspector_a"]


def test_inspector_of_another_county_gets_404(api, users, institutions, checklists):
    visit = Visit.objects.get(pk=api("inspector_a").post(
        VISITS, {"institution": institutions["a"].pk, "type": "routine"}, format="json").json()["id"])
    item = next(iter(items_of(visit).values()))
    other = api("inspector_b")
    assert other.get(f"{VISITS}{visit.pk}/").status_code == 404
    assert other.post(f"{VISITS}{visit.pk}/answers/", {"item": item.pk, "result": "met"},
                      format="json").status_code == 404
    assert other.post(f"{VISITS}{visit.pk}/finish/", {}, format="json").status_code == 404
    assert other.post(VISITS, {"institution": institutions["a"].pk, "type": "routine"},
                      format="json").status_code == 404
    assert other.get(VISITS).json()["count"] == 0


def test_read_only_roles_get_403_and_operators_do_not_see_visits_in_progress(api, users, institutions, checklists):
    visit_id = api("inspector_a").post(VISITS, {"institution": institutions["a"].pk, "type": "routine"},
                                       format="json").json()["id"]
    viewer = api("viewer_a")
    assert viewer.get(f"{VISITS}{visit_id}/").status_code == 200
    assert viewer.post(f"{VISITS}{visit_id}/finish/", {}, format="json").status_code == 403
    assert viewer.post(VISITS, {"institution": institutions["a"].pk, "type": "routine"},
                       format="json").status_code == 403
    assert api("operator_a").get(f"{VISITS}{visit_id}/").status_code == 404


def test_rectification_loop_through_the_api(api, users, institutions, checklists):
    visit = finished_visit(institutions["a"], users["inspector_a"], overrides={("安全", 1): "not_met"})
    inspector, operator = api("inspector_a"), api("operator_a")
    issued = inspector.post(ORDERS, {"visit": visit.pk, "requirements": "清理疏散通道"}, format="json")
    assert issued.status_code == 201, issued.content
    order_id = issued.json()["id"]
    assert issued.json()["deadline"] == (timezone.localdate() + datetime.timedelta(days=15)).isoformat()
    assert inspector.post(ORDERS, {"visit": visit.pk}, format="json").status_code == 409   # nothing left to order

    assert operator.post(f"{ORDERS}{order_id}/accept/", {}, format="json").status_code == 403
    answered = operator.post(f"{ORDERS}{order_id}/evidence/",
                             {"text": "已清理", "files": [SimpleUploadedFile("x.pdf", PDF)]}, format="multipart")
    assert answered.status_code == 201 and answered.json()["files"][0]["content_type"] == "application/pdf"
    assert operator.get(answered.json()["files"][0]["url"]).status_code == 200
    assert inspector.post(f"{ORDERS}{order_id}/reject/", {}, format="json").status_code == 400
    rejected = inspector.post(f"{ORDERS}{order_id}/reject/", {"reason": "照片不清晰"}, format="json")
    assert rejected.json()["status"] == OrderStatus.REJECTED
    operator.post(f"{ORDERS}{order_id}/evidence/", {"text": "补充清晰照片"}, format="multipart")
    accepted = inspector.post(f"{ORDERS}{order_id}/accept/", {}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == OrderStatus.ACCEPTED
    assert all(f["resolved"] for f in accepted.json()["findings"])
    # Operators see their own side's names only.
    events = operator.get(f"{ORDERS}{order_id}/").json()["events"]
    assert [e["by"] for e in events if e["action"] in ("issue", "accept")] == ["", ""]
    assert api("operator_b").get(f"{ORDERS}{order_id}/").status_code == 404
    assert api("inspector_b").get(f"{ORDERS}{order_id}/").status_code == 404

    follow_up = inspector.post(f"{ORDERS}{order_id}/follow-up/", {"on": timezone.localdate().isoformat()},
                               format="json")
    assert follow_up.status_code == 201 and follow_up.json()["type"] == "follow_up"


@pytest.mark.parametrize("count", [10, 200])
def test_lists_query_count_is_constant(api, users, institutions, checklists, django_assert_max_num_queries, count):
    visit = finished_visit(institutions["a"], users["inspector_a"], overrides={("安全", 1): "not_met"})
    Visit.objects.bulk_create([Visit(institution=institutions["a"], type="routine", template=visit.template)
                               for _ in range(count)])
    RectificationOrder.objects.bulk_create([
        RectificationOrder(visit=visit, institution=institutions["a"], deadline=timezone.localdate())
        for _ in range(count)])
    for username in ("inspector_a", "operator_a"):
        client = api(username)
        with django_assert_max_num_queries(6):
            assert client.get(VISITS).status_code == 200
        with django_assert_max_num_queries(6):
            assert client.get(ORDERS).status_code == 200
