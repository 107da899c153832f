"""A deregistration counts from its date everywhere (issue 13, point 8): dated later, the institution stays in
the directory, verifiable and counted until that day, shown as "将于…注销"; on that day it leaves the public
pages at once and the beat task moves it to deregistered."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from filings import services
from filings.models import Filing, FilingStatus
from institutions.models import CapacityRecord, FilingState, Institution
from institutions.tasks import apply_due_deregistrations

from .helpers import submitted_filing

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(users, regions):
    return services.filing_approve(filing=submitted_filing(users["operator_a"]), by=users["reviewer_a"],
                                   on=datetime.date(2026, 1, 5)).institution


def approve_deregistration(client, users, institution, on):
    request = services.filing_request_deregistration(institution=institution, by=users["operator_a"], on=on,
                                                     reason="停止办学")
    client.force_login(users["reviewer_a"])
    response = client.post(reverse("filings:decide", args=[request.pk]), {"action": "approve"}, follow=True)
    assert Filing.objects.get(pk=request.pk).status == FilingStatus.APPROVED
    return response.content.decode()


def test_a_deregistration_dated_later_takes_effect_on_its_date(client, users, filed, monkeypatch):
    today = timezone.localdate()
    on = today + datetime.timedelta(days=10)
    page = approve_deregistration(client, users, filed, on)
    assert f"已同意注销：{filed.name} 将于 {on.isoformat()} 起注销备案。" in page and "备案编号 。" not in page

    filed.refresh_from_db()
    assert filed.filing_state == FilingState.FILED and filed.deregistered_on == on
    assert CapacityRecord.objects.get(institution=filed).effective_to == on  # the statistics stop counting on `on`
    public = client.get(reverse("institutions:public_detail", args=[filed.pk]))
    assert public.status_code == 200 and 'id="deregistration-scheduled"' in public.content.decode()
    assert filed.name in client.get(reverse("institutions:directory")).content.decode()
    verify = client.get(reverse("filing_docs:verify", args=[filed.filing_number])).content.decode()
    assert "备案有效" in verify and 'id="deregistration-scheduled"' in verify and "已于" not in verify

    # No change or second deregistration once one is approved.
    with pytest.raises(services.FilingActionError, match="将于"):
        services.filing_start_change(institution=filed, by=users["operator_a"])

    # The day comes: the public pages follow at once, the beat task then records the new state.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: on)
    assert client.get(reverse("institutions:public_detail", args=[filed.pk])).status_code == 404
    verify = client.get(reverse("filing_docs:verify", args=[filed.filing_number])).content.decode()
    assert "已注销" in verify and "备案有效" not in verify
    assert apply_due_deregistrations.delay().get() == 1
    assert Institution.objects.get(pk=filed.pk).filing_state == FilingState.DEREGISTERED
    assert apply_due_deregistrations.delay().get() == 0  # idempotent


def test_a_deregistration_dated_today_or_earlier_takes_effect_at_once(client, users, filed):
    on = timezone.localdate() - datetime.timedelta(days=3)
    page = approve_deregistration(client, users, filed, on)
    assert f"已同意注销：{filed.name} 已于 {on.isoformat()} 注销备案。" in page
    filed.refresh_from_db()
    assert filed.filing_state == FilingState.DEREGISTERED
    assert client.get(reverse("institutions:public_detail", args=[filed.pk])).status_code == 404
