"""The statistics dashboard in a real browser: a province admin drills from the province to a city and a
county through the ranking, the map (ECharts on the shipped boundaries) and the charts render, and the
ranking downloads as a valid XLSX. Screenshots: test-output/screenshots/stats-*.png."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.models import Role
from regions.models import RegionPopulation, SlotTarget
from tests.e2e.helpers import log_in
from tests.factories import InstitutionFactory, UserFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stats_data():
    province = region("13", "河北省")
    region("1301", "石家庄市")
    region("1302", "唐山市")
    changan, qiaoxi = region("130102", "长安区"), region("130104", "桥西区")
    region("130102001", "建北街道")
    year = datetime.date.today().year
    filed = datetime.date(year - 1, 6, 1)
    InstitutionFactory(name="长安区阳光托育园", region=changan, capacity=(120, 90), filed_on=filed)
    InstitutionFactory(name="桥西区童心托育中心", region=qiaoxi, capacity=(60, 45), filed_on=filed)
    for county, population, target in ((changan, 40_000, 200), (qiaoxi, 30_000, 50)):
        RegionPopulation.objects.create(region=county, year=year - 1, population=population)
        SlotTarget.objects.create(region=county, year=year - 1, new_slots_target=target)
    call_command("compute_rollups", stdout=io.StringIO())
    return UserFactory(username="prov_e2e", role=Role.ADMIN, region=province), year - 1


def test_drill_down_from_province_to_county_with_map_charts_and_xlsx(live_server, page, screenshot, stats_data,
                                                                      tmp_path):
    admin, year = stats_data
    log_in(page, live_server, admin.username)
    page.get_by_role("link", name="统计分析").click()
    expect(page.locator("h1")).to_have_text("河北省托育服务统计")
    page.select_option("#id_year", str(year))
    page.click("#period-form button[type=submit]")
    expect(page.locator("#headline [data-key=slots]")).to_have_text("180")
    expect(page.locator("#stats-map")).to_have_attribute("data-ready", "1")  # boundaries loaded, map drawn
    assert page.locator("#stats-map canvas").count() == 1 and page.locator("#stats-trend canvas").count() == 1
    screenshot("stats-province")

    page.locator("#ranking-table").get_by_role("link", name="石家庄市").click()
    expect(page.locator("h1")).to_have_text("石家庄市托育服务统计")
    expect(page.locator("#stats-map")).to_have_attribute("data-ready", "1")
    rows = page.locator("#ranking-table tbody tr")
    expect(rows).to_have_count(2)
    # 长安区 120 / 40,000 → 3.00 per 1,000; 桥西区 60 / 30,000 → 2.00; 长安区 is below its target (60 %).
    expect(rows.nth(0)).to_contain_text("长安区")
    expect(rows.nth(0)).to_contain_text("低于进度")
    expect(rows.nth(1)).not_to_contain_text("低于进度")
    screenshot("stats-city")

    with page.expect_download() as download_info:
        page.click("#export-ranking-xlsx")
    path = tmp_path / "ranking.xlsx"
    download_info.value.save_as(path)
    sheet = load_workbook(path).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[1][:4] == (1, "长安区", "130102", 3.0) and table[2][:4] == (2, "桥西区", "130104", 2.0)

    rows.nth(0).get_by_role("link", name="长安区").click()
    expect(page.locator("h1")).to_have_text("长安区托育服务统计")
    expect(page.locator("#stats-path")).to_contain_text("河北省")
    assert page.locator("#stats-map").count() == 0  # no map below a city: the townships are a table
    page.click("#county-institutions")
    expect(page.locator("main")).to_contain_text("长安区阳光托育园")
    expect(page.locator("main")).not_to_contain_text("桥西区童心托育中心")


def test_the_dashboard_works_without_javascript(live_server, browser, stats_data):
    admin, year = stats_data
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server, admin.username)
        page.goto(f"{live_server.url}{reverse('stats:dashboard')}?region=1301&year={year}")
        expect(page.locator("#ranking-table tbody tr")).to_have_count(2)
        expect(page.locator("#trend-table")).to_contain_text(str(year))
        assert page.locator("#stats-map").bounding_box()["height"] == 0  # the chart takes no room
    finally:
        context.close()
