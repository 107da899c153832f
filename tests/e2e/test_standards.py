"""A province admin tightens a class size on /standards/ in a browser; the rule shows as in force, and a wrong
value keeps what was typed with the reason."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from standards.models import Standard
from tests.factories import UserFactory, region
from tests.filings.helpers import complete_filing

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


def test_a_province_admin_adds_a_filing_document_and_an_operator_sees_it_required(live_server, page, screenshot):
    province = region("13", "河北省")
    region("130102", "长安区")
    UserFactory(username="hebei_admin", role=Role.ADMIN, region=province)
    operator = UserFactory(username="hebei_operator", role=Role.OPERATOR)
    log_in(page, live_server, "hebei_admin")
    page.goto(live_server.url + "/standards/")
    page.fill("#id_document-label", "从业人员无犯罪记录证明")
    page.fill("#id_document-basis", "冀卫人口〔2026〕3号")
    page.click("#document-form button[type=submit]")
    row = page.locator("#documents tr[data-document]")
    expect(row).to_contain_text("从业人员无犯罪记录证明")
    expect(row).to_contain_text("省级")
    screenshot("standards-documents")
    filing = complete_filing(operator, documents=False)
    log_in(page, live_server, "hebei_operator")
    page.goto(live_server.url + reverse("filings:step", args=[filing.pk, "documents"]))
    listed = page.locator("#document-list tr", has_text="从业人员无犯罪记录证明")
    expect(listed).to_contain_text("省级要求")
    expect(listed).to_contain_text("未上传")
    screenshot("filing-documents-provincial")
