"""/api/v1/complaints/: staff list, read and act in scope (404 outside, 403 for readers' actions, contact
data only for handlers); the public files a complaint and follows it by number without an account, both
limited per IP."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from complaints import forms, services, views
from complaints.models import Complaint, ComplaintStatus

pytestmark = pytest.mark.django_db

LIST = "/api/v1/complaints/"
CREATE = "/api/v1/complaints/public/"
TRACK = "/api/v1/complaints/public/track/"
PUBLIC_KEYS = {"tracking_number", "status", "status_display", "category", "category_display", "institution_name",
               "county_name", "received_at", "acknowledge_due", "acknowledged_at", "investigating_at", "closed_at",
               "resolution"}


def detail(complaint, action=""):
    return f"{LIST}{complaint.pk}/" + (f"{action}/" if action else "")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_user(api):
    def _as(user):
        api.force_authenticate(user)
        return api
    return _as


def test_routes_are_named():
    assert reverse("complaint-list") == LIST
    assert reverse("complaint-public-create") == CREATE and reverse("complaint-public-track") == TRACK


# --- public ---------------------------------------------------------------------------------------------

def test_anonymous_create_and_track(api, institutions, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(CREATE, {"institution": institutions["a"].pk, "category": "health",
                                     "description": "餐具没有消毒，孩子吃饭后拉肚子。", "contact_phone": "13900002222"},
                            format="json")
    assert response.status_code == 201, response.json()
    number = response.json()["tracking_number"]
    assert set(response.json()) == {"tracking_number", "status", "received_at", "acknowledge_due"}
    assert Complaint.objects.get().county_id == "130102"
    assert users["inspector_a"].notifications.count() == 1

    response = api.post(TRACK, {"tracking_number": number.lower()}, format="json")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == PUBLIC_KEYS
    assert data["status"] == "received" and data["institution_name"] == "长安区阳光托育园"
    assert "13900002222" not in response.content.decode()


def test_create_needs_an_institution_of_the_directory_or_a_county(api, institutions, regions):
    body = {"category": "other", "description": "这里有一个未备案的托育点在招生。"}
    response = api.post(CREATE, body, format="json")
    assert response.status_code == 400 and response.json()["county"] == [services.MSG_COUNTY_REQUIRED]
    response = api.post(CREATE, {**body, "county": "1301"}, format="json")
    assert response.json()["county"] == [services.MSG_COUNTY_LEVEL]
    inst = institutions["b"]
    inst.filing_state = "not_filed"
    inst.save(update_fields=["filing_state"])
    response = api.post(CREATE, {**body, "institution": inst.pk}, format="json")
    assert response.json()["institution"] == [services.MSG_INSTITUTION_NOT_PUBLIC]
    response = api.post(CREATE, {**body, "description": "短"}, format="json")
    assert response.json()["description"] == [forms.MSG_DESCRIPTION_SHORT.format(n=10)]
    assert api.post(CREATE, {**body, "county": "130104"}, format="json").status_code == 201


def test_create_shares_the_hourly_limit_with_the_page(api, client, institutions):
    body = {"institution": institutions["a"].pk, "category": "safety", "description": "消防通道被杂物堵住了。"}
    for _ in range(3):
        assert api.post(CREATE, body, format="json").status_code == 201
    for _ in range(2):
        client.post(reverse("complaints:new"), {**body, "website": ""})
    response = api.post(CREATE, body, format="json")
    assert response.status_code == 429 and response.json()["detail"] == views.MSG_RATE_LIMITED
    assert int(response["Retry-After"]) > 0
    assert Complaint.objects.count() == 5


def test_track_unknown_malformed_and_throttled(api, complaint_a, settings):
    settings.COMPLAINT_RATE_LIMITS = {"track": 3}
    assert api.post(TRACK, {"tracking_number": "nonsense"}, format="json").status_code == 400
    other = "TS-0000000000" if complaint_a.tracking_number != "TS-0000000000" else "TS-1111111111"
    response = api.post(TRACK, {"tracking_number": other}, format="json")
    assert response.status_code == 404 and response.json()["detail"] == views.MSG_TRACK_NOT_FOUND
    assert api.post(TRACK, {"tracking_number": complaint_a.tracking_number}, format="json").status_code == 200
    response = api.post(TRACK, {"tracking_number": complaint_a.tracking_number}, format="json")
    assert response.status_code == 429 and response.json()["detail"].startswith(str(views.MSG_TRACK_RATE_LIMITED))


def test_public_endpoints_ignore_a_logged_in_session(as_user, users, complaint_a):
    """No session authentication, so no CSRF requirement and no staff view of the complaint."""
    api = as_user(users["inspector_a"])
    response = api.post(TRACK, {"tracking_number": complaint_a.tracking_number}, format="json")
    assert set(response.json()) == PUBLIC_KEYS


# --- staff ----------------------------------------------------------------------------------------------

def test_staff_list_is_scoped(as_user, users, complaint_a, complaint_b):
    data = as_user(users["inspector_a"]).get(LIST).json()
    assert [row["tracking_number"] for row in data["results"]] == [complaint_a.tracking_number]
    row = data["results"][0]
    assert row["county"] == "130102" and row["overdue"] is False and row["acknowledge_due"]
    assert (row["contact_name"], row["contact_phone"]) == ("李**", "138****1111")  # masked until revealed
    revealed = as_user(users["inspector_a"]).get(LIST, {"reveal": "1"}).json()["results"][0]
    assert (revealed["contact_name"], revealed["contact_phone"]) == ("李女士", "13800001111")
    from accounts.models import AuditEvent

    assert AuditEvent.objects.filter(action="personal.reveal", object_id=str(complaint_a.pk)).count() == 1
    data = as_user(users["city_admin"]).get(LIST, {"county": "130104"}).json()
    assert [row["tracking_number"] for row in data["results"]] == [complaint_b.tracking_number]


def test_inspector_of_county_b_gets_404(as_user, users, complaint_a):
    api = as_user(users["inspector_b"])
    assert api.get(detail(complaint_a)).status_code == 404
    assert api.post(detail(complaint_a, "acknowledge"), {}, format="json").status_code == 404


@pytest.mark.parametrize("role", ["viewer_a", "reviewer_a"])
def test_readers_get_403_on_actions_and_no_contact_data(as_user, users, complaint_a, role):
    api = as_user(users[role])
    data = api.get(detail(complaint_a)).json()
    assert data["contact_name"] is None and data["contact_phone"] is None
    assert api.post(detail(complaint_a, "acknowledge"), {}, format="json").status_code == 403
    assert api.post(detail(complaint_a, "notes"), {"text": "x"}, format="json").status_code == 403


def test_operators_and_anonymous_callers_have_no_staff_api(api, as_user, users, complaint_a):
    assert api.get(LIST).status_code == 401
    assert as_user(users["operator_a"]).get(LIST).status_code == 403


def test_actions_through_the_api(as_user, users, complaint_a):
    api = as_user(users["inspector_a"])
    response = api.post(detail(complaint_a, "acknowledge"), {"note": "已转交监督员核查"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == ComplaintStatus.ACKNOWLEDGED
    assert response.json()["acknowledged_by"] == "inspector_a"
    assert response.json()["notes"][0]["text"] == "已转交监督员核查"
    assert api.post(detail(complaint_a, "acknowledge"), {}, format="json").status_code == 409
    assert api.post(detail(complaint_a, "investigate"), {}, format="json").json()["status"] == "investigating"
    assert api.post(detail(complaint_a, "close"), {"resolution": ""}, format="json").status_code == 400
    response = api.post(detail(complaint_a, "close"), {"resolution": "已整改。", "visit_ref": "15"}, format="json")
    assert response.json()["status"] == "closed" and response.json()["visit_ref"] == "15"
    response = api.post(detail(complaint_a, "close"), {"resolution": "再次办结"}, format="json")
    assert response.status_code == 409 and response.json()["detail"] == services.MSG_CLOSED
    response = api.post(detail(complaint_a, "notes"), {"text": "事后回访满意"}, format="json")
    assert response.status_code == 201 and response.json()["by"] == "inspector_a"


def test_list_query_count(as_user, users, make_complaint, django_assert_max_num_queries):
    api = as_user(users["city_admin"])
    make_complaint()
    api.get(LIST)  # the working-day calendar and the rules are read once, then cached (core/tablecache.py)
    with django_assert_max_num_queries(10) as small:
        api.get(LIST)
    for index in range(10):
        make_complaint(institution="b" if index % 2 else "a")
    with django_assert_max_num_queries(10) as large:
        assert len(api.get(LIST).json()["results"]) == 11
    assert len(large.captured_queries) == len(small.captured_queries)
