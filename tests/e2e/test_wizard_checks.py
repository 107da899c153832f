"""Issue 13, point 1 in a real browser: a 25-child 托大班 on step 3 keeps the operator on step 3 with the message
under the field, and the step's pill is not ✓. Screenshot: wizard-step3-breach.png."""
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from filings import services
from tests.factories import UserFactory, region
from tests.filings.helpers import answers

from .test_filing_flow import fill_row, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_breach_on_step_3_is_shown_there_not_at_step_6(live_server, page, screenshot):
    region("13", "河北省"), region("1301", "石家庄市"), region("130102", "长安区")
    operator = UserFactory(username="op_checks", role=Role.OPERATOR, display_name="张丽")
    filing = services.filing_start_new(by=operator)
    for step in ("entity", "premises"):
        filing = services.filing_save_step(filing=filing, step=step, values=answers()[step], by=operator)
    log_in(page, live_server, "op_checks")
    step3 = live_server.url + reverse("filings:step", args=[filing.pk, "service"])
    page.goto(step3)
    page.check("input[name='service_types'][value='full_day']")
    page.select_option("#id_meals_served", "yes")
    fill_row(page, "classes", 0, {"name": "托大一班", "class_type": "toddler_large", "capacity": "25",
                                  "enrolled": "14", "caregivers": "4"})
    page.click("#next-step")

    expect(page).to_have_url(step3)
    expect(page.locator(".alert-warning")).to_contain_text("本页有 1 项不符合备案标准")
    capacity_cell = page.locator("[name='classes-0-capacity']").locator("xpath=..")
    expect(capacity_cell.locator(".invalid-feedback")).to_contain_text("20")
    pill = page.locator("li.wizard-step.current")
    expect(pill).to_have_class(re.compile(r"\bstate-error\b"))
    expect(pill).not_to_contain_text("✓")
    screenshot("wizard-step3-breach")


PHONE = {"width": 390, "height": 844}
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_the_class_and_staff_steps_and_the_receipt_fit_a_phone(live_server, page, screenshot):
    """390 px wide: no horizontal scrolling of the page (issue 13, point 4); the wide tables scroll inside
    their card. Screenshots: phone-step-service.png, phone-step-staff.png, phone-receipt.png."""
    from tests.filings.helpers import submitted_filing

    region("13", "河北省"), region("1301", "石家庄市"), region("130102", "长安区")
    operator = UserFactory(username="op_phone", role=Role.OPERATOR, display_name="张丽")
    reviewer = UserFactory(username="rv_phone", role=Role.REVIEWER, region=region("130102"))
    draft = services.filing_start_new(by=operator)
    for step, values in answers().items():
        draft = services.filing_save_step(filing=draft, step=step, values=values, by=operator)
    approved = services.filing_approve(filing=submitted_filing(operator, credit_code=None), by=reviewer)
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "op_phone")
    for step in ("service", "staff", "review"):
        page.goto(live_server.url + reverse("filings:step", args=[draft.pk, step]))
        expect(page.locator("#step-form, #prechecks").first).to_be_visible()
        screenshot(f"phone-step-{step}")
        assert page.evaluate(OVERFLOW) <= 0, step
        assert "---------" not in page.content()
    page.goto(live_server.url + reverse("filing_docs:receipt", args=[approved.pk]))
    expect(page.locator("body")).to_contain_text(approved.filing_number)
    screenshot("phone-receipt")
    assert page.evaluate(OVERFLOW) <= 0, "receipt"


def test_the_rectification_notice_fits_a_phone(live_server, page, screenshot):
    """Issue 13 acceptance: the 整改通知书 on a 390 px phone has no horizontal overflow. Screenshot:
    phone-order-notice.png."""
    import datetime

    from django.utils import timezone

    from inspections import services as inspection_services
    from inspections.models import Result
    from inspections.seed import seed_checklists
    from tests.factories import InstitutionFactory
    from tests.inspections.conftest import finished_visit

    region("13", "河北省"), region("1301", "石家庄市")
    county = region("130102", "长安区")
    seed_checklists()
    inspector = UserFactory(username="in_phone", role=Role.INSPECTOR, region=county)
    operator = UserFactory(username="op_notice", role=Role.OPERATOR)
    institution = InstitutionFactory(name="长安区小太阳托育园", region=county)
    institution.operators.add(operator)
    visit = finished_visit(institution, inspector, overrides={("人员配备", 1): Result.NOT_MET,
                                                              ("卫生与照护", 2): Result.NOT_MET})
    order = inspection_services.rectification_issue(
        visit=visit, by=inspector, requirements="按照1:3配备保育人员；补全清洁消毒记录。",
        deadline=timezone.localdate() + datetime.timedelta(days=15))
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "op_notice")
    page.goto(live_server.url + reverse("inspections:order_notice", args=[order.pk]))
    expect(page.locator("#notice-title")).to_have_text("整改通知书")
    screenshot("phone-order-notice")
    assert page.evaluate(OVERFLOW) <= 0
