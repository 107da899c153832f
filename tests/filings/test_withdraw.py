"""撤回 (issue 13, point 9): the operator takes back a submission the county has not accepted; confirmations before
the decisions are data-confirm questions (tested in the browser in tests/e2e/test_confirmations.py)."""
import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from filings import services
from filings.models import Filing, FilingStatus

from .helpers import submitted_filing

pytestmark = pytest.mark.django_db


def test_the_operator_withdraws_a_pending_filing_back_to_draft(client, users, regions):
    filing = submitted_filing(users["operator_a"])
    client.force_login(users["operator_a"])
    page = client.get(reverse("filings:detail", args=[filing.pk])).content.decode()
    assert 'id="withdraw-button"' in page and "data-confirm=" in page
    response = client.post(reverse("filings:withdraw", args=[filing.pk]))
    assert response["Location"] == reverse("filings:step", args=[filing.pk, "review"])
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT
    assert filing.events.last().action == "withdraw"
    assert AuditEvent.objects.filter(action="filing.withdraw", object_id=str(filing.pk)).exists()
    # The reviewer's queue no longer has it; the operator can submit it again.
    client.force_login(users["reviewer_a"])
    assert filing.name not in client.get(reverse("filings:list")).content.decode()
    assert services.filing_submit(filing=filing, by=users["operator_a"]).status == FilingStatus.SUBMITTED


def test_an_accepted_filing_cannot_be_withdrawn(client, users, regions):
    filing = services.filing_accept(filing=submitted_filing(users["operator_a"]), by=users["reviewer_a"])
    client.force_login(users["operator_a"])
    assert 'id="withdraw-button"' not in client.get(reverse("filings:detail", args=[filing.pk])).content.decode()
    client.post(reverse("filings:withdraw", args=[filing.pk]))
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.SUBMITTED


def test_only_the_filings_operator_may_withdraw(client, users, regions):
    filing = submitted_filing(users["operator_a"])
    for user in ("reviewer_a", "operator_b"):
        client.force_login(users[user])
        assert client.post(reverse("filings:withdraw", args=[filing.pk])).status_code == 404
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.SUBMITTED


def test_the_api_withdraws_too(client, users, regions):
    filing = submitted_filing(users["operator_a"])
    client.force_login(users["operator_a"])
    response = client.post(f"/api/v1/filings/{filing.pk}/withdraw/")
    assert response.status_code == 200 and response.json()["status"] == "draft"
    assert client.post(f"/api/v1/filings/{filing.pk}/withdraw/").status_code == 409


def test_a_deregistration_request_withdrawn_is_closed(client, users, regions):
    import datetime

    approved = services.filing_approve(filing=submitted_filing(users["operator_a"]), by=users["reviewer_a"],
                                       on=datetime.date(2026, 1, 5))
    request = services.filing_request_deregistration(institution=approved.institution, by=users["operator_a"],
                                                     on=datetime.date(2026, 6, 30), reason="停办")
    client.force_login(users["operator_a"])
    client.post(reverse("filings:withdraw", args=[request.pk]))
    assert Filing.objects.get(pk=request.pk).status == FilingStatus.WITHDRAWN
