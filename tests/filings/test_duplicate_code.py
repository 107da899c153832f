"""Approving a second filing of a credit code already filed is a clear 409, on the API and the page."""
import pytest
from rest_framework.test import APIClient

from filings.models import FilingStatus
from filings.services import MSG_CREDIT_CODE_TAKEN, filing_approve
from tests.factories import make_credit_code
from tests.filings.helpers import submitted_filing

pytestmark = pytest.mark.django_db


def test_the_second_approval_of_one_credit_code_is_refused_with_a_message(users, regions, client):
    code = make_credit_code(515151)
    first = submitted_filing(users["operator_a"], credit_code=code)
    second = submitted_filing(users["operator_b"], credit_code=code, region="130104")
    filing_approve(filing=first, by=users["reviewer_a"])
    api = APIClient()
    api.force_authenticate(users["reviewer_b"])
    response = api.post(f"/api/v1/filings/{second.pk}/approve/", {}, format="json")
    expected = MSG_CREDIT_CODE_TAKEN.format(code=code)
    assert response.status_code == 409 and response.json()["detail"] == expected
    client.force_login(users["reviewer_b"])
    page = client.post(f"/filings/{second.pk}/decide/", {"action": "approve"})
    assert page.status_code == 409 and expected in page.content.decode()
    second.refresh_from_db()
    assert second.status == FilingStatus.SUBMITTED
