"""The whole filing in a real browser: an operator files through the wizard (with an upload), the
reviewer returns it with a comment, the operator corrects and resubmits, the reviewer approves, the
receipt shows the filing number and its QR verification page says the filing is valid.

Screenshots: filing-wizard-*.png, filing-queue.png, filing-receipt.png, filing-verify.png.
"""
import datetime
import re
import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from filings.models import Filing, FilingStatus
from filings.prechecks import required_documents
from tests.e2e.helpers import log_in
from tests.factories import UserFactory, make_credit_code, region
from tests.filings.helpers import identity_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people():
    region("13", "河北省"), region("1301", "石家庄市")
    county = region("130102", "长安区")
    region("130104", "桥西区")
    return {
        "operator": UserFactory(username="op_e2e", role=Role.OPERATOR, display_name="张丽"),
        "reviewer": UserFactory(username="rv_e2e", role=Role.REVIEWER, region=county, display_name="李明"),
    }


def fill_row(page, prefix, index, values):
    for field, value in values.items():
        locator = page.locator(f"[name='{prefix}-{index}-{field}']")
        if locator.evaluate("el => el.tagName") == "SELECT":
            locator.select_option(value)
        else:
            locator.fill(value)


def file_through_the_wizard(page, live_server, tmp_path, screenshot=None, *, credit_code=424242):
    """From the filing list of a signed-in operator: a new filing of 长安区小太阳托育园, every step typed, every
    required document uploaded, submitted."""
    today = datetime.date.today()
    screenshot = screenshot or (lambda name: None)
    page.goto(live_server.url + reverse("filings:list"))
    page.click("#new-filing")

    # 1. Legal entity
    page.fill("#id_credit_code", make_credit_code(credit_code))
    page.fill("#id_name", "长安区小太阳托育园")
    page.select_option("#id_nature", "for_profit")
    page.select_option("#id_operating_model", "independent")
    page.select_option("#id_ownership_type", "private")
    page.select_option("#id_inclusive", "yes")
    page.fill("#id_legal_representative", "张丽")
    page.fill("#id_contact_phone", "0311-86001234")
    page.select_option("#id_scope_includes_childcare", "yes")
    screenshot("filing-wizard-entity")
    page.click("#next-step")

    # 2. Premises, with the cascading region picker
    expect(page.locator("h1")).to_contain_text("长安区小太阳托育园")
    # The picker's script runs after the page shows: choosing before it listens would load no cities.
    expect(page.locator("[data-region-picker]")).to_have_attribute("data-region-picker-ready", "1")
    page.select_option("#id_region_province", "13")
    expect(page.locator("#id_region_city option")).to_have_count(2)
    page.select_option("#id_region_city", "1301")
    expect(page.locator("#id_region_county option")).to_have_count(3)
    page.select_option("#id_region_county", "130102")
    page.fill("#id_address", "中山东路100号")
    page.select_option("#id_ownership", "leased")
    page.fill("#id_lease_start", (today - datetime.timedelta(days=30)).isoformat())
    page.fill("#id_lease_end", (today + datetime.timedelta(days=5 * 365)).isoformat())
    page.fill("#id_building_area", "600")
    page.fill("#id_highest_care_floor", "2")
    page.select_option("#id_has_underground_rooms", "no")
    page.fill("#id_cctv_retention_days", "90")
    page.click("#next-step")

    # 3. Classes and slots
    page.check("input[name='service_types'][value='full_day']")
    page.select_option("#id_meals_served", "yes")
    fill_row(page, "classes", 0, {"name": "托小一班", "class_type": "toddler_small", "capacity": "15",
                                  "enrolled": "10", "caregivers": "2"})
    fill_row(page, "classes", 1, {"name": "托大一班", "class_type": "toddler_large", "capacity": "20",
                                  "enrolled": "14", "caregivers": "2"})
    screenshot("filing-wizard-classes")
    page.click("#next-step")

    # 4. Staff
    checked = (today - datetime.timedelta(days=20)).isoformat()
    fill_row(page, "staff", 0, {"name": "张丽", "role": "director", "health_check_on": checked,
                                "id_number": identity_number(0)})
    for index in range(1, 3):
        fill_row(page, "staff", index, {"name": f"保育员{index}", "role": "caregiver", "id_number": identity_number(index),
                                        "qualification_cert_no": f"BY-{index}", "health_check_on": checked})
    page.click("button[data-add-row]")  # no-JS "add a row" keeps what was typed and adds rows
    expect(page.locator("[name='staff-2-name']")).to_have_value("保育员2")
    fill_row(page, "staff", 3, {"name": "保育员3", "role": "caregiver", "qualification_cert_no": "BY-3",
                                "health_check_on": checked, "id_number": identity_number(3)})
    fill_row(page, "staff", 4, {"name": "保育员4", "role": "caregiver", "qualification_cert_no": "BY-4",
                                "health_check_on": checked, "id_number": identity_number(4)})
    page.click("#next-step")

    # 5. Documents: upload each required one
    document = tmp_path / "材料.pdf"
    document.write_bytes(PDF)
    for doc in required_documents(meals_served=True):
        page.select_option("#id_doc_type", doc)
        page.set_input_files("#id_file", str(document))
        page.click("#upload-submit")
        expect(page.locator(".alert-success")).to_be_visible()
    screenshot("filing-wizard-documents")
    page.click("#next-step")

    # 6. Review and submit
    expect(page.locator("#prechecks")).to_contain_text("全部预检通过")
    screenshot("filing-wizard-review")
    page.click("#submit-filing")
    expect(page.locator("h1 .status-badge")).to_have_text("待审核")


def test_file_return_correct_approve_receipt_and_verify(live_server, page, screenshot, people, tmp_path):
    today = datetime.date.today()
    log_in(page, live_server, "op_e2e")
    file_through_the_wizard(page, live_server, tmp_path, screenshot)
    filing = Filing.objects.get()
    assert filing.status == FilingStatus.SUBMITTED

    # The reviewer returns it with a comment on the address.
    log_in(page, live_server, "rv_e2e")
    page.goto(live_server.url + reverse("filings:list"))
    expect(page.locator("#queue-table")).to_contain_text("长安区小太阳托育园")
    screenshot("filing-queue")
    page.click("text=长安区小太阳托育园")
    page.fill("#id_reason", "请补正地址")
    page.locator("#return-form summary").click()
    page.select_option("#id_comment_field_0", "premises.address")
    page.fill("#id_comment_text_0", "地址请写到门牌号")
    page.once("dialog", lambda dialog: dialog.accept())  # 确定退回补正吗？
    page.click("#return-button")
    expect(page.locator("h1 .status-badge")).to_have_text("退回补正")

    # The operator sees the comment next to the field, corrects and resubmits.
    log_in(page, live_server, "op_e2e")
    page.goto(live_server.url + reverse("filings:step", args=[filing.pk, "premises"]))
    expect(page.locator(".review-comment")).to_contain_text("地址请写到门牌号")
    page.fill("#id_address", "中山东路100号3号楼1单元")
    page.locator("button[name=goto][value=staff]").first.click()
    page.goto(live_server.url + reverse("filings:step", args=[filing.pk, "review"]))
    page.click("#submit-filing")
    expect(page.locator("h1 .status-badge")).to_have_text("待审核")

    # The reviewer approves.
    log_in(page, live_server, "rv_e2e")
    page.goto(live_server.url + reverse("filings:detail", args=[filing.pk]))
    page.once("dialog", lambda dialog: dialog.accept())  # 确定通过吗？
    page.click("#approve-button")
    number = f"130102-{today.year}-00001"
    expect(page.locator("#filing-number")).to_have_text(number)

    # The receipt shows the number; its QR points at the verification page, which says valid.
    page.click("#receipt-link")
    expect(page.locator("body")).to_contain_text(number)
    assert page.locator("svg").count() >= 1
    screenshot("filing-receipt")
    verify_url = live_server.url + reverse("filing_docs:verify", args=[number])
    assert verify_url.split("://", 1)[1] in page.content()
    page.context.clear_cookies()
    page.goto(verify_url)
    expect(page.locator("body")).to_contain_text("有效")
    expect(page.locator("body")).to_contain_text("长安区小太阳托育园")
    assert not re.search(r"0311-86001234", page.content())
    screenshot("filing-verify")


def test_leaving_a_step_by_a_link_saves_what_was_typed(live_server, page, people):
    log_in(page, live_server, "op_e2e")
    page.goto(live_server.url + reverse("filings:list"))
    page.click("#new-filing")
    page.fill("#id_name", "离开前自动保存托育园")
    page.fill("#id_contact_phone", "0311-1234567")
    # Leave through the breadcrumb, a plain link: the wizard's script saves the step on the way out.
    page.locator(".breadcrumb a").first.click()
    page.wait_for_url(re.compile(re.escape(reverse("filings:list")) + "$"))
    filing = Filing.objects.get()
    # The save is a keepalive request sent as the page goes: under load it may land after the list page has
    # loaded, so wait for it (up to 10 s) before opening the step again.
    deadline = time.monotonic() + 10
    while not (filing.data.get("entity") or {}).get("name") and time.monotonic() < deadline:
        time.sleep(0.1)
        filing.refresh_from_db()
    page.goto(live_server.url + reverse("filings:step", args=[filing.pk, "entity"]))
    expect(page.locator("#id_name")).to_have_value("离开前自动保存托育园")
    expect(page.locator("#id_contact_phone")).to_have_value("0311-1234567")
