"""/api/v1/users/ for admins in scope (403 for others, 404 outside the region) and /api/v1/me/."""
import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts import sms
from accounts.models import AuditEvent, Role, User

pytestmark = pytest.mark.django_db

URL = "/api/v1/users/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture(autouse=True)
def clean():
    sms.outbox.clear()
    cache.clear()


def test_admins_list_create_and_change_users_of_their_region_only(users):
    admin = users["admin_a"]
    listed = api(admin).get(URL).json()
    names = {row["username"] for row in listed["results"]}
    assert {"reviewer_a", "inspector_a", "viewer_a", "admin_a"} <= names and "reviewer_b" not in names
    created = api(admin).post(URL, {"username": "api_rev", "display_name": "接口审核", "phone": "13500000001",
                                    "role": Role.REVIEWER, "region_code": "130102"}, format="json")
    assert created.status_code == 201 and created.json()["region_code"] == "130102"
    above = api(admin).post(URL, {"username": "api_up", "display_name": "越级", "phone": "13500000002",
                                  "role": Role.ADMIN, "region_code": "13"}, format="json")
    assert above.status_code == 409 and "管辖范围" in above.json()["detail"]
    assert api(admin).get(f"{URL}{users['reviewer_b'].pk}/").status_code == 404
    user = User.objects.get(username="api_rev")
    changed = api(admin).put(f"{URL}{user.pk}/", {"display_name": "接口审核员", "phone": "13500000001",
                                                   "role": Role.INSPECTOR, "region_code": "130102"}, format="json")
    assert changed.status_code == 200 and changed.json()["role"] == Role.INSPECTOR
    assert AuditEvent.objects.filter(action__in=["user.create", "user.update"], object_id=str(user.pk)).count() == 2
    for username in ("reviewer_a", "operator_a", "viewer_a"):
        assert api(users[username]).get(URL).status_code == 403


def test_me_answers_who_is_signed_in(users):
    me = api(users["reviewer_a"]).get("/api/v1/me/").json()
    assert (me["username"], me["role"], me["region_code"], me["scope_code"], me["is_operator"]) == (
        "reviewer_a", Role.REVIEWER, "130102", "130102", False)
    assert APIClient().get("/api/v1/me/").status_code == 401
