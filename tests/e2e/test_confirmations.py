"""Decisions ask first (issue 13, point 9): 通过 and 退回补正 show a confirmation; dismissed, nothing happens;
the operator's 撤回 too."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from filings.models import Filing, FilingStatus
from tests.factories import UserFactory, region
from tests.filings.helpers import submitted_filing

from .test_filing_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_approve_and_withdraw_ask_for_confirmation(live_server, page):
    region("13", "河北省"), region("1301", "石家庄市")
    county = region("130102", "长安区")
    operator = UserFactory(username="op_confirm", role=Role.OPERATOR)
    UserFactory(username="rv_confirm", role=Role.REVIEWER, region=county)
    filing = submitted_filing(operator)
    detail = live_server.url + reverse("filings:detail", args=[filing.pk])
    questions = []

    log_in(page, live_server, "op_confirm")
    page.goto(detail)
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click("#withdraw-button")
    expect(page).to_have_url(detail)
    assert "撤回" in questions[-1] and Filing.objects.get(pk=filing.pk).status == FilingStatus.SUBMITTED

    log_in(page, live_server, "rv_confirm")
    page.goto(detail)
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click("#approve-button")
    expect(page.locator("#approve-button")).to_be_visible()
    assert "通过" in questions[-1] and Filing.objects.get(pk=filing.pk).status == FilingStatus.SUBMITTED
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.click("#approve-button")
    expect(page.locator("#filing-number")).to_be_visible()
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.APPROVED
