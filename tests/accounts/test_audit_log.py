"""The audit log page: admins read their region's events, filtered; other roles get 403."""
import pytest
from django.urls import reverse

from filings import services
from tests.filings.helpers import submitted_filing

pytestmark = pytest.mark.django_db
URL = reverse("accounts:audit_log")


def test_county_admin_sees_own_county_events_only(client, users, regions):
    submitted_filing(users["operator_a"], name="甲托育园")
    submitted_filing(users["operator_b"], region="130104", name="乙托育园")
    client.force_login(users["admin_a"])
    page = client.get(URL).content.decode()
    assert "甲托育园" in page and "乙托育园" not in page
    client.force_login(users["city_admin"])
    page = client.get(URL).content.decode()
    assert "甲托育园" in page and "乙托育园" in page


def test_filters_by_action_and_actor(client, users, regions):
    filing = submitted_filing(users["operator_a"], name="甲托育园")
    services.filing_return(filing=filing, by=users["reviewer_a"], reason="请补正材料XYZ")
    client.force_login(users["city_admin"])
    page = client.get(URL, {"action": "filing.return"}).content.decode()
    assert "请补正材料XYZ" in page and "filing_form.pdf" not in page
    page = client.get(URL, {"actor": "reviewer_a"}).content.decode()
    assert "请补正材料XYZ" in page
    page = client.get(URL, {"actor": "nobody"}).content.decode()
    assert "没有符合条件的记录" in page


@pytest.mark.parametrize("who", ["reviewer_a", "viewer_a", "operator_a", "inspector_a"])
def test_other_roles_get_403(client, users, who):
    client.force_login(users[who])
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("count", [3, 40])
def test_query_count_is_constant(client, users, regions, django_assert_max_num_queries, count):
    from accounts.models import AuditEvent
    AuditEvent.objects.bulk_create([AuditEvent(actor=users["reviewer_a"], action="filing.submit",
                                               object_type="filings.filing", object_id=str(i),
                                               region_code="130102", summary=f"s{i}") for i in range(count)])
    client.force_login(users["city_admin"])
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200
