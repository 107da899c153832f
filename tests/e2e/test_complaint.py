"""A complaint in a real browser: filed from an institution's public page without logging in, the tracking
number shown once, then looked up on the tracking page (status, no contact data). Screenshots of the form,
the receipt and the tracking result go to test-output/screenshots/."""
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from complaints.models import Complaint
from notifications.models import Notification
from tests.factories import InstitutionFactory, UserFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRACKING = re.compile(r"TS-[0-9A-HJKMNP-TV-Z]{10}")


@pytest.fixture
def nursery():
    cache.clear()  # the per-IP limit counts in this process's cache
    region("13", "河北省"), region("1301", "石家庄市")
    changan = region("130102", "长安区")
    inspector = UserFactory(username="inspector_e2e", role=Role.INSPECTOR, region=changan)
    return InstitutionFactory(name="长安区阳光托育园", region=changan, capacity=(40, 30)), inspector


def test_complaint_from_the_public_page_and_its_status_by_tracking_number(live_server, page, screenshot, nursery):
    institution, inspector = nursery
    page.goto(live_server.url + reverse("institutions:public_detail", args=[institution.pk]))
    page.click("#complain-link")

    expect(page.locator("#complaint-institution")).to_contain_text("长安区阳光托育园")
    page.get_by_text("安全隐患", exact=True).click()
    page.fill("#id_description", "二楼窗户没有防护栏，孩子可以爬到窗台上。")
    page.fill("#id_contact_name", "李女士")
    page.fill("#id_contact_phone", "13800001111")
    expect(page.locator("#id_website")).not_to_be_in_viewport()  # the honeypot is out of sight
    screenshot("complaint-form")
    page.click("#complaint-submit")

    expect(page.locator("h1")).to_have_text("投诉已提交")
    number = page.locator("#tracking-number").inner_text().strip()
    assert TRACKING.fullmatch(number)
    assert number not in page.url
    screenshot("complaint-submitted")
    complaint = Complaint.objects.get(tracking_number=number)
    assert complaint.institution_id == institution.pk and complaint.county_id == "130102"
    assert Notification.objects.filter(recipient=inspector, kind="complaint.received").count() == 1

    page.click("#track-link")
    page.fill("#id_number", number.lower())
    page.click("#track-submit")
    result = page.locator("#track-result")
    expect(result).to_contain_text(number)
    expect(result).to_contain_text("已收到")
    expect(result).to_contain_text("长安区阳光托育园")
    content = page.content()
    assert "李女士" not in content and "13800001111" not in content and "二楼窗户" not in content
    path = screenshot("complaint-track")
    assert path.exists() and path.stat().st_size > 10_000
