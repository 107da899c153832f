"""The statistics dashboard (/stats/), its exports and the map's boundary files, through HTTP.

The hand-built data set of tests/stats/conftest.py at the end of 2024: county A (130102) 180 slots
(I1 120 + I2 60), population 50,000 → 3.60 per 1,000, new 10 of a target of 40 (25.00 %); county B
(130104) 120 slots (I4 80 + I5 40), population 32,000 → 3.75, new 40 of 60 (66.67 %). B ranks first.
"""
import csv
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from stats.models import RegionFigures
from tests.factories import InstitutionFactory, region

pytestmark = pytest.mark.django_db

URL = "/stats/"


def ranking_codes(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('data-code="')[1:]]


def test_a_province_admin_starts_at_the_province_and_drills_down_to_a_county(client, computed, users):
    client.force_login(users["province_admin"])
    page = client.get(URL, {"year": 2024})
    assert page.status_code == 200
    html = page.content.decode()
    assert "河北省托育服务统计" in html
    assert 'data-key="slots">300<' in html  # 180 + 120
    assert "?region=1301&amp;year=2024" in html  # the city links to its dashboard
    assert "/stats/boundaries/13.json" in html  # the map of the province by city
    assert 'id="map-legend-note"' in html  # what its grey areas mean
    assert 'id="ranking-scroll-hint"' in html  # phones: the wide ranking scrolls sideways
    city = client.get(URL, {"region": "1301", "year": 2024}).content.decode()
    assert "石家庄市托育服务统计" in city
    assert ranking_codes(city) == ["130104", "130102"]  # by slots per 1,000: 3.75, 3.60
    assert "3.75" in city and "3.60" in city and "66.67%" in city and "25.00%" in city
    county = client.get(URL, {"region": "130102", "year": 2024}).content.decode()
    assert 'data-key="slots">180<' in county and "3.60" in county
    assert "/institutions/?region=130102" in county  # the county's institutions
    assert ranking_codes(county) == ["130102001"]  # its township with an institution
    assert "stats/boundaries" not in county  # no map below a city


def test_the_default_year_is_the_latest_stored_and_the_period_can_be_chosen(client, computed, users):
    client.force_login(users["city_admin"])
    latest = client.get(URL).content.decode()
    assert '<option value="2024" selected>' in latest and '<option value="2023"' in latest
    q1 = client.get(URL, {"year": 2024, "quarter": 1}).content.decode()
    # End of Q1 2024: I1 still 100 (changed on 1 March: 120), I2 60, I3 10, I4 80, I5 40 → 310.
    row = RegionFigures.objects.get(region_code="1301", year=2024, quarter=1)
    assert f'data-key="slots">{row.slots:,}<' in q1
    assert "进度要求 25%" in q1  # a quarter expects a quarter of the annual target


def test_below_target_children_are_marked_and_the_ranking_sorts(client, computed, users):
    client.force_login(users["city_admin"])
    html = client.get(URL, {"region": "1301", "year": 2024}).content.decode()
    assert html.count('class="row-below-target"') == 2  # 25 % and 66.67 % of the annual target
    by_code = client.get(URL, {"region": "1301", "year": 2024, "sort": "code"}).content.decode()
    assert ranking_codes(by_code) == ["130102", "130104"]
    by_new = client.get(URL, {"region": "1301", "year": 2024, "sort": "-new"}).content.decode()
    assert ranking_codes(by_new) == ["130104", "130102"]  # 40, 10
    unknown = client.get(URL, {"region": "1301", "year": 2024, "sort": "password"})
    assert unknown.status_code == 200 and ranking_codes(unknown.content.decode()) == ["130104", "130102"]
    html_2023 = client.get(URL, {"region": "1301", "year": 2023}).content.decode()
    # 2023: A 110 → 170 (I2 filed): new 60 of 50 = 120 %; B 0 → 80 of 100 = 80 % → only B is below target.
    assert html_2023.count('class="row-below-target"') == 1 and "120.00%" in html_2023


@pytest.mark.parametrize("path", [URL, "/stats/export/ranking.xlsx", "/stats/export/children.csv"])
@pytest.mark.parametrize("region_code", ["130104", "1301", "13", "", "370830"])
def test_a_county_reviewer_gets_404_for_other_regions_on_the_dashboard_and_the_exports(
        client, computed, users, path, region_code):
    client.force_login(users["reviewer_a"])
    assert client.get(path, {"region": "130102", "year": 2024}).status_code == 200
    assert client.get(path, {"region": region_code, "year": 2024}).status_code == 404


def test_operators_anonymous_users_and_missing_periods(client, computed, users):
    assert client.get(URL).status_code == 302  # to the log-in page
    client.force_login(users["operator_a"])
    assert client.get(URL, {"region": "130102", "year": 2024}).status_code == 404
    client.force_login(users["city_admin"])
    assert client.get(URL, {"region": "1301", "year": 2019}).status_code == 404  # never computed
    assert client.get(URL, {"region": "13x"}).status_code == 404
    assert client.get(URL, {"region": "1301", "year": "abc"}).status_code == 200  # the latest year instead


def test_the_ranking_exports_as_xlsx_with_numbers_and_as_csv(client, computed, users):
    client.force_login(users["city_admin"])
    response = client.get("/stats/export/ranking.xlsx", {"region": "1301", "year": 2024})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('tuoyu-stats-ranking-1301-2024.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("排名", "区划名称", "区划代码", "每千人口托位数")
    assert rows[1][:5] == (1, "桥西区", "130104", 3.75, 120)
    assert rows[2][:5] == (2, "长安区", "130102", 3.6, 180)
    assert rows[1][-1] == "是"  # below the expected progress
    assert sheet.cell(row=2, column=4).number_format == "0.00"

    children = client.get("/stats/export/children.csv", {"region": "1301", "year": 2024})
    text = children.content.decode("utf-8")
    assert text.startswith("\ufeff区划代码,区划名称,机构数,托位数")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row[0] for row in table[1:]] == ["130102", "130104"]  # by code
    assert table[1][3] == "180" and table[1][6] == "3.60"
    assert client.get("/stats/export/ranking.pdf", {"region": "1301", "year": 2024}).status_code == 404


def test_boundary_files_are_served_by_name_only(client):
    response = client.get("/stats/boundaries/13.json")
    assert response.status_code == 200 and "max-age=86400" in response["Cache-Control"]
    geo = json.loads(b"".join(response.streaming_content))
    assert {feature["properties"]["code"] for feature in geo["features"]} >= {"1301", "1302"}
    assert client.get("/stats/boundaries/country.json").status_code == 200
    for name in ("130102", "..%2Fsettings", "README", "99"):
        assert client.get(f"/stats/boundaries/{name}.json").status_code == 404


def test_the_dashboard_does_not_grow_queries_with_child_regions(client, computed, users,
                                                                django_assert_max_num_queries):
    client.force_login(users["city_admin"])
    with django_assert_max_num_queries(14):
        few = client.get(URL, {"region": "1301", "year": 2024})
    assert len(ranking_codes(few.content.decode())) == 2
    for n in range(10):
        county = region(f"1301{30 + n}", f"测试县{n}")
        InstitutionFactory(region=county, capacity=(10 + n, n))
    call_command("compute_rollups", "--year", "2024", stdout=io.StringIO())
    with django_assert_max_num_queries(14):
        many = client.get(URL, {"region": "1301", "year": 2024})
    assert len(ranking_codes(many.content.decode())) == 12


def test_the_ranking_shows_its_sort_and_keeps_it_with_the_period(client, computed, users):
    client.force_login(users["city_admin"])
    html = client.get(URL, {"region": "1301", "year": 2024}).content.decode()
    assert '<th scope="col" class="" aria-sort="ascending"><a href="?region=1301&amp;sort=-rank&amp;year=2024#ranking"' \
        in html  # by rank: 1 first; a second click reverses
    by_new = client.get(URL, {"region": "1301", "year": 2024, "sort": "-new"}).content.decode()
    assert 'aria-sort="descending"' in by_new and "▼" in by_new
    assert '<input type="hidden" name="sort" value="-new">' in by_new  # the period form keeps the sort


def test_yesterdays_progress_shows_on_the_running_period_only(client, computed, users):
    """The daily progress panel (yesterday's submissions, approvals and slots) belongs to the running period:
    a past year's page does not show it next to figures of another time."""
    from django.utils import timezone

    this_year = timezone.localdate().year
    call_command("compute_rollups", "--year", str(this_year), stdout=io.StringIO())
    client.force_login(users["city_admin"])
    past = client.get(URL, {"year": 2024}).content.decode()
    assert 'id="daily-progress"' not in past
    now = client.get(URL, {"year": this_year}).content.decode()
    assert 'id="daily-progress"' in now
    # The rank card says what it ranks by.
    assert "每千人口托位数排名" in now and "在上级中；目标完成率" in now
