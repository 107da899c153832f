"""A change filing cannot move an institution out of its county (docs/filings.md "Moving to another county")."""
import datetime

import pytest
from rest_framework.test import APIClient

from filings import services
from filings.models import FilingStatus
from filings.prechecks import MSG_COUNTY_MOVE
from tests.filings.helpers import submitted_filing

pytestmark = pytest.mark.django_db
MOVE = MSG_COUNTY_MOVE.split("（")[0]


@pytest.fixture
def change(users, regions):
    filing = services.filing_approve(filing=submitted_filing(users["operator_a"]), by=users["reviewer_a"],
                                     on=datetime.date(2026, 1, 5))
    return services.filing_start_change(institution=filing.institution, by=users["operator_a"])


def moved_to(change, code, operator):
    premises = {**change.data["premises"], "region": code}
    return services.filing_save_step(filing=change, step="premises", values=premises, by=operator)


def test_moving_to_another_county_is_refused_at_submit_with_the_way_to_do_it(change, users):
    client = APIClient()
    client.force_authenticate(users["operator_a"])
    moved_to(change, "130104", users["operator_a"])
    response = client.post(f"/api/v1/filings/{change.pk}/submit/", {}, format="json")
    assert response.status_code == 409
    messages = [check["message"] for check in response.json()["checks"]]
    assert any(MOVE in message and "130102" in message and "办理注销" in message for message in messages)
    change.refresh_from_db()
    assert change.status == FilingStatus.DRAFT and change.institution.region_id == "130102"


def test_the_reviewer_sees_the_breach_and_cannot_approve_a_move(change, users, client):
    moved_to(change, "370830", users["operator_a"])
    change.status = FilingStatus.SUBMITTED  # as if submitted before the rule (or by another path)
    change.save(update_fields=["status"])
    with pytest.raises(services.FilingActionError):
        services.filing_approve(filing=change, by=users["reviewer_a"])
    client.force_login(users["reviewer_a"])
    assert MOVE in client.get(f"/filings/{change.pk}/").content.decode()
    change.institution.refresh_from_db()
    assert change.institution.region_id == "130102" and change.institution.filing_number.startswith("130102-")


def test_moving_to_a_township_of_the_same_county_is_a_normal_change(change, users):
    moved_to(change, "130102001", users["operator_a"])
    services.filing_submit(filing=change, by=users["operator_a"])
    services.filing_approve(filing=change, by=users["reviewer_a"])
    change.institution.refresh_from_db()
    assert change.institution.region_id == "130102001"
