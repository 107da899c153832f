"""The public directory in a real browser: name search, and the cascading region picker.

The picker's deeper selects are filled by region-picker.js from /api/v1/regions/ as the user
chooses; the chosen county then filters the list. A screenshot of the directory is saved under
test-output/screenshots/.
"""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import InstitutionFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory_data():
    hebei, sjz = region("13", "河北省"), region("1301", "石家庄市")
    changan, qiaoxi = region("130102", "长安区"), region("130104", "桥西区")
    region("130102001", "建北街道")
    region("37", "山东省"), region("3708", "济宁市")
    wenshang = region("370830", "汶上县")
    InstitutionFactory(name="长安区阳光托育园", region=changan, capacity=(40, 30))
    InstitutionFactory(name="长安区启航托育中心", region=changan, capacity=(80, 50))
    InstitutionFactory(name="桥西区童心托育中心", region=qiaoxi, capacity=(60, 45))
    InstitutionFactory(name="汶上县小树苗托育", region=wenshang, capacity=(25, 20))
    return {"province": hebei, "city": sjz}


def _names(page) -> list[str]:
    return sorted(page.locator("#directory-table tbody tr td:first-child a").all_inner_texts())


def test_directory_search_by_name(live_server, page, directory_data):
    page.goto(live_server.url + reverse("institutions:directory"))
    expect(page.locator("#result-count")).to_contain_text("4")

    page.fill("#id_q", "童心")
    page.click("#filter-submit")

    expect(page.locator("#result-count")).to_contain_text("1")
    assert _names(page) == ["桥西区童心托育中心"]
    expect(page.locator("#id_q")).to_have_value("童心")  # what the user typed is kept


def test_cascade_picker_loads_each_level_and_filters_by_county(live_server, page, screenshot, directory_data):
    page.goto(live_server.url + reverse("institutions:directory"))
    province = page.locator("#id_region_province")
    city, county = page.locator("#id_region_city"), page.locator("#id_region_county")
    township = page.locator("#id_region_township")
    expect(city).to_be_disabled()

    province.select_option("13")
    # The city list comes from the regions API, not from the page: only Hebei's cities appear.
    expect(city).to_be_enabled()
    expect(city.locator("option")).to_have_text(["全部", "石家庄市"])
    city.select_option("1301")
    expect(county.locator("option")).to_have_text(["全部", "长安区", "桥西区"])
    county.select_option("130102")
    expect(township.locator("option")).to_have_text(["全部", "建北街道"])
    expect(page.locator("#id_region")).to_have_value("130102")

    # Choosing another province clears the deeper levels.
    province.select_option("37")
    expect(county).to_be_disabled()
    expect(page.locator("#id_region")).to_have_value("37")
    expect(city.locator("option")).to_have_text(["全部", "济宁市"])

    province.select_option("13")
    expect(city.locator("option")).to_have_text(["全部", "石家庄市"])
    city.select_option("1301")
    expect(county.locator("option")).to_have_text(["全部", "长安区", "桥西区"])
    county.select_option("130102")
    page.click("#filter-submit")

    expect(page.locator("#result-count")).to_contain_text("2")
    assert _names(page) == ["长安区启航托育中心", "长安区阳光托育园"]
    # After the reload the server renders the chosen path again.
    expect(province).to_have_value("13")
    expect(city).to_have_value("1301")
    expect(county).to_have_value("130102")
    assert "region=130102" in page.url
    path = screenshot("directory")
    assert path.exists() and path.stat().st_size > 10_000
