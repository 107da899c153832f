"""The programme pages in a browser: a province admin sets up a construction subsidy with the form, the operator
applies, the county reviews, the province approves and pays in two instalments, and the figures by city for a
period show the first instalment only; a city sets a guide price and an operator's fee above it is refused with the
cap in the message; every programme page opens under the Content-Security-Policy.

Screenshots: programme-subsidy-application.png, programme-subsidy-figures.png, programme-fee-refused.png.
"""
import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from institutions.models import CapacityRecord
from tests.e2e.helpers import log_in
from tests.factories import InstitutionFactory, UserFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date


@pytest.fixture
def setting():
    province, city = region("13", "河北省"), region("1301", "石家庄市")
    county = region("130102", "长安区")
    institution = InstitutionFactory(name="长安区阳光托育园", region=county, inclusive=True, filed_on=D(2024, 3, 1),
                                     capacity=(40, 30))
    CapacityRecord.objects.filter(institution=institution).update(effective_to=D(2025, 6, 1))
    CapacityRecord.objects.create(institution=institution, effective_from=D(2025, 6, 1), slots=60, enrolled=50)
    operator = UserFactory(username="op_prog", role=Role.OPERATOR, display_name="张丽")
    institution.operators.add(operator)
    UserFactory(username="county_prog", role=Role.ADMIN, region=county, display_name="县管理员")
    UserFactory(username="city_prog", role=Role.ADMIN, region=city, display_name="市管理员")
    UserFactory(username="province_prog", role=Role.ADMIN, region=province, display_name="省管理员")
    return institution


def take_step(page, action, **fields):
    page.select_option("#id_action", action)
    for name, value in fields.items():
        page.fill(f"#subsidy-step-form [name={name}]", value)
    page.locator("#subsidy-step-form").get_by_role("button", name="提交").click()
    page.wait_for_load_state()


def test_a_subsidy_from_set_up_to_two_instalments_and_its_figures(live_server, page, screenshot, setting):
    log_in(page, live_server, "province_prog")
    page.goto(live_server.url + reverse("programme:subsidy_list"))
    form = page.locator("#programme-form")
    form.locator("#id_name").fill("2025年普惠托位建设补贴")
    form.locator("#id_kind").select_option("construction")
    for name, value in {"amount": "10000", "budget": "1000000", "share_central": "40", "share_province": "30",
                        "share_city": "20", "share_county": "10", "period_from": "2025-01-01",
                        "period_to": "2025-12-31"}.items():
        form.locator(f"#id_{name}").fill(value)
    form.get_by_role("button", name="设立").click()
    expect(page.locator("h1")).to_contain_text("2025年普惠托位建设补贴")
    detail = page.url

    log_in(page, live_server, "op_prog")
    page.goto(detail)
    page.locator("#apply-form select[name=institution]").select_option(label="长安区阳光托育园")
    page.locator("#apply-form").get_by_role("button", name="申请").click()
    expect(page.locator("#subsidy-status")).to_have_text("待县级审核")
    application = page.url
    expect(page.locator("main")).to_contain_text("200,000")

    log_in(page, live_server, "county_prog")
    page.goto(application)
    take_step(page, "county_pass", on="2025-06-20")
    log_in(page, live_server, "province_prog")
    page.goto(application)
    take_step(page, "approve", on="2025-07-01")
    take_step(page, "pay", amount="250000", voucher="冀财拨〔2025〕88号", on="2025-09-10")
    expect(page.locator("#subsidy-step-form .alert-danger")).to_contain_text("200000")  # more than remains
    expect(page.locator("#subsidy-step-form [name=voucher]")).to_have_value("冀财拨〔2025〕88号")  # input kept
    take_step(page, "pay", amount="120000", voucher="冀财拨〔2025〕88号", on="2025-09-10")
    expect(page.locator("#subsidy-status")).to_have_text("部分拨付")
    take_step(page, "pay", voucher="冀财拨〔2025〕120号", on="2025-12-20")
    expect(page.locator("#subsidy-status")).to_have_text("已拨付")
    expect(page.locator("#subsidy-payments tbody tr")).to_have_count(2)
    expect(page.locator("#subsidy-paid")).to_contain_text("200,000 / 200,000")
    screenshot("programme-subsidy-application")

    page.goto(detail)
    page.fill("#id_start", "2025-07-01")
    page.fill("#id_end", "2025-09-30")
    page.select_option("#id_by", "city")
    page.locator("#subsidy-period").get_by_role("button", name="统计").click()
    row = page.locator('#subsidy-by-region tr[data-region="1301"]')
    expect(row).to_contain_text("石家庄市")
    expect(row.locator("td").nth(3)).to_have_text("120,000")
    expect(page.locator('[data-key="net_paid"]')).to_have_text("120,000")
    screenshot("programme-subsidy-figures")


def test_a_fee_above_the_guide_price_is_refused_and_every_programme_page_opens(live_server, page, screenshot,
                                                                                setting):
    log_in(page, live_server, "city_prog")
    page.goto(live_server.url + reverse("programme:fee_caps"))
    form = page.locator("#fee-cap-form")
    form.locator("#id_region_code").fill("1301")
    form.locator("#id_class_type").select_option("infant")
    form.locator("#id_cap").fill("1500")
    form.locator("#id_basis").fill("石发改价格〔2026〕8号")
    form.get_by_role("button", name="保存").click()
    expect(page.locator("#fee-cap-table")).to_contain_text("1500")

    log_in(page, live_server, "op_prog")
    page.goto(live_server.url + reverse("programme:institution_fees", args=[setting.pk]))
    page.select_option("#id_class_type", "infant")
    page.fill("#id_monthly_fee", "1800")
    page.get_by_role("button", name="申报").click()
    expect(page.locator("main")).to_contain_text("1500")
    expect(page.locator("#id_monthly_fee")).to_have_value("1800")
    screenshot("programme-fee-refused")

    log_in(page, live_server, "county_prog")
    for name in ("subsidy_list", "fee_caps", "inclusive_list", "designation_list", "demonstration_cities",
                 "supervision_list", "inclusive_public"):
        response = page.goto(live_server.url + reverse(f"programme:{name}"))
        assert response.status == 200, name
        expect(page.locator("h1").first).to_be_visible()
