"""One FilterSet for the complaint list: the 投诉处理 page and /api/v1/complaints/ take the same parameters
and find the same complaints (issue 14 point 5)."""
import datetime

import pytest
from django.urls import reverse

from complaints import services, views
from complaints.models import ComplaintCategory

from .conftest import received_on

pytestmark = pytest.mark.django_db
PAGE = reverse("complaints:list")
API = "/api/v1/complaints/"


@pytest.fixture
def complaints(make_complaint, users):
    safety = make_complaint(institution="a")
    fees = make_complaint(institution="b", category=ComplaintCategory.FEES)
    closed = make_complaint(institution="a", category=ComplaintCategory.HEALTH)
    services.complaint_acknowledge(complaint=closed, by=users["inspector_a"])
    services.complaint_close(complaint=closed, by=users["inspector_a"], resolution="已整改")
    return safety, fees, closed


def numbers(client, url, params) -> list[str]:
    response = client.get(url, params)
    if url == API:
        return [row["tracking_number"] for row in response.json()["results"]]
    return [c.tracking_number for c in response.context["page_obj"].object_list]


@pytest.mark.parametrize("params, expected", [
    ({"status": "open"}, [0, 1]),
    ({"status": "closed"}, [2]),
    ({"status": "", "category": "fees"}, [1]),
    ({"status": "", "county": "130104"}, [1]),
    ({"status": "", "ordering": "-created_at"}, [2, 1, 0]),
])
def test_page_and_api_filter_alike(client, users, complaints, params, expected):
    client.force_login(users["city_admin"])
    wanted = [complaints[i].tracking_number for i in expected]
    assert numbers(client, PAGE, params) == wanted
    assert numbers(client, API, params) == wanted


def test_overdue_on_page_and_api(client, users, complaints, monkeypatch):
    received_on(complaints[0], datetime.date(2025, 6, 5))
    client.force_login(users["city_admin"])
    monkeypatch.setattr(views, "today", lambda: datetime.date(2025, 6, 20))
    assert numbers(client, PAGE, {"status": "", "overdue": "on"}) == [complaints[0].tracking_number]
    assert numbers(client, API, {"overdue": "true"}) == [complaints[0].tracking_number]


def test_the_page_opens_on_open_complaints_with_the_shared_form(client, users, complaints):
    client.force_login(users["city_admin"])
    response = client.get(PAGE)
    assert [c.tracking_number for c in response.context["page_obj"].object_list] == \
        [complaints[0].tracking_number, complaints[1].tracking_number]
    body = response.content.decode()
    assert 'name="ordering"' in body and 'name="overdue"' in body and 'name="sort"' not in body
