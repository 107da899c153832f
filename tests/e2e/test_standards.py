"""A province admin tightens a class size on /standards/ in a browser; the rule shows as in force, and a wrong
value keeps what was typed with the reason."""
import pytest
from playwright.sync_api import expect

from accounts.models import Role
from standards.models import Standard
from tests.factories import UserFactory, region

from .test_filing_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_province_admin_sets_a_stricter_class_size(live_server, page, screenshot):
    province = region("13", "河北省")
    UserFactory(username="hebei_admin", role=Role.ADMIN, region=province)
    log_in(page, live_server, "hebei_admin")
    page.goto(live_server.url + "/standards/")
    expect(page.locator("h1")).to_contain_text("河北省")
    page.select_option("#id_key", "class.max_children.toddler_large")
    page.fill("#id_value", "25")
    page.fill("#id_valid_from", "2026-01-01")
    page.fill("#id_basis", "河北省托育机构设置标准（试行）")
    page.click("#standard-form button[type=submit]")
    expect(page.locator(".alert-danger")).to_contain_text("不得高于国家标准")
    expect(page.locator("#id_value")).to_have_value("25")
    page.fill("#id_value", "18")
    page.click("#standard-form button[type=submit]")
    row = page.locator('tr[data-rule="class.max_children.toddler_large"]')
    expect(row).to_contain_text("18")
    expect(row).to_contain_text("省级")
    screenshot("standards")
    assert Standard.objects.get().value == 18
