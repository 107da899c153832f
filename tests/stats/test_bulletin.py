"""The bulletin page /stats/bulletin/: stored figures against the previous period and the target, the ranking of
the child regions, those below the time progress, the filings decided in the period, scope and query counts.

Figures of the hand-built data set (tests/stats/conftest.py), city 1301 with counties A (130102) and B (130104):
| period       | as of      | city slots | new (ytd) | target | done %  | A slots/new/done    | B slots/new/done   |
|--------------|------------|------------|-----------|--------|---------|---------------------|--------------------|
| 2023 (Y)     | 2023-12-31 | 250        | 140       | 150    | 93.33   | 170 / 60 / 120.00   | 80 / 80 / 80.00    |
| 2024 Q1      | 2024-03-31 | 310        | 60        | 100    | 60.00   | 190 / 20 / 50.00    | 120 / 40 / 66.67   |
| 2024 Q2 (H1) | 2024-06-30 | 310        | 60        | 100    | 60.00   | 190 / 20 / 50.00    | 120 / 40 / 66.67   |
| 2024 Q3      | 2024-09-30 | 300        | 50        | 100    | 50.00   | 180 / 10 / 25.00    | 120 / 40 / 66.67   |
| 2024 (Y, H2) | 2024-12-31 | 300        | 50        | 100    | 50.00   | 180 / 10 / 25.00    | 120 / 40 / 66.67   |
(2024 Q1: I1 grew to 120 on 03-01 and I5 opened with 40 on 02-20; Q3: I3's 10 slots left on 07-01.)
"""
import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from filings.models import Filing, FilingKind, FilingStatus
from stats.bulletins import MSG_BAD_PERIOD
from tests.factories import region

from .html_rows import table_rows

pytestmark = pytest.mark.django_db

URL = "/stats/bulletin/"


def at(*args) -> datetime.datetime:
    """A local (Asia/Shanghai) time."""
    return timezone.make_aware(datetime.datetime(*args))


def decided(kind, county, when, status=FilingStatus.APPROVED):
    return Filing.objects.create(kind=kind, status=status, county=region(county), name="某托育园", submitted_at=when,
                                 first_submitted_at=when, decided_at=when)


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.content.decode()


def test_the_annual_bulletin_shows_the_stored_figures_against_last_year(computed, login, users):
    html = page(login(users["city_admin"]), region="1301", year=2024, period="Y")
    assert "石家庄市托育服务发展情况通报（2024年）" in html
    assert "数据截至" in html and "2024年12月31日" in html and "计算时间" in html
    metrics = table_rows(html, "data-metric")
    # [label, unit, this period (2024), previous period (2023), change]
    assert metrics["institutions"][1:] == ["个", "4", "4", "0"]
    assert metrics["slots"][1:] == ["个", "300", "250", "+50"]
    assert metrics["enrolled"][1:] == ["人", "215", "183", "+32"]
    assert metrics["slots_per_1000"][1:] == ["个", "3.66", "3.13", "+0.53"]
    assert metrics["utilization_pct"][1:] == ["%", "71.67", "73.20", "−1.53个百分点"]
    assert metrics["inclusive_share_pct"][1:] == ["%", "73.33", "64.00", "+9.33个百分点"]
    assert metrics["certified_staff_pct"][1:] == ["%", "71.43", "69.23", "+2.20个百分点"]
    # Whole years are comparable for the year-to-date flows: 50 new slots in 2024 against 140 in 2023.
    assert metrics["new_slots"][1:] == ["个", "50", "140", "−90"]
    assert metrics["target_completion_pct"][1:] == ["%", "50.00", "93.33", "−43.33个百分点"]
    assert "每千人口拥有3岁以下婴幼儿托位数3.66个，较2023年末增加0.53个。" in html
    # The year is over: the time progress is 100 %; 50 of 100 slots done, 50 short.
    assert ("2024年新增托位目标100个，年初至期末新增托位50个，完成年度目标的50.00%，时序进度为100.00%。"
            "低于时序进度50.00个百分点，按时序进度尚差50个托位。") in html


def test_the_ranking_lists_the_child_regions_by_slots_per_1000(computed, login, users):
    html = page(login(users["city_admin"]), region="1301", year=2024, period="Y")
    ranking = table_rows(html, "data-region", within="bulletin-ranking")
    # [rank (and move since 2023), region, institutions, slots, per 1000, change, new, target, completion]
    assert list(ranking) == ["130104", "130102"]
    assert ranking["130104"] == ["1↑1", "桥西区", "2", "120", "3.75", "+1.08", "40", "60", "66.67▼"]
    assert ranking["130102"] == ["2↓1", "长安区", "2", "180", "3.60", "+0.20", "10", "40", "25.00▼"]


def test_regions_below_the_time_progress_are_listed_lowest_first(computed, login, users):
    client = login(users["city_admin"])
    # 2024 Q3: the time progress is 75 %: A 25.00 % (30 due, 10 done), B 66.67 % (45 due, 40 done).
    html = page(client, region="1301", year=2024, period="Q3")
    below = table_rows(html, "data-region", within="bulletin-below-target")
    assert below == {"130102": ["长安区", "10", "40", "25.00", "50.00", "20"],
                     "130104": ["桥西区", "40", "60", "66.67", "8.33", "5"]}
    assert list(below) == ["130102", "130104"]
    assert "以下2个地区新增托位目标完成率低于时序进度（75.00%）" in html
    # 2024 Q1: the time progress is 25 %: A 50.00 %, B 66.67 %, nobody below.
    html = page(client, region="1301", year=2024, period="Q1")
    assert table_rows(html, "data-region", within="bulletin-below-target") == {}
    assert "各地区新增托位目标完成率均达到时序进度（25.00%）。" in html


def test_a_quarter_compares_with_the_previous_quarter(computed, login, users):
    html = page(login(users["city_admin"]), region="1301", year=2024, period="Q3")
    assert "石家庄市托育服务发展情况通报（2024年第三季度）" in html
    metrics = table_rows(html, "data-metric")
    assert metrics["slots"][2:] == ["300", "310", "−10"]  # Q3 against Q2: I3 (10 slots) deregistered 07-01
    assert metrics["new_slots"][2:] == ["50", "60", "−10"]  # the quarter's own increase
    assert metrics["target_completion_pct"][2:] == ["50.00", "60.00", "−10.00个百分点"]
    assert "较2024年第二季度末减少0.12个" in html  # 3.66 against 3.78 (310 / 82,000 × 1000)


def test_the_first_quarter_does_not_compare_year_to_date_flows_across_the_year_end(computed, login, users):
    html = page(login(users["city_admin"]), region="1301", year=2024, period="Q1")
    metrics = table_rows(html, "data-metric")
    assert metrics["slots"][2:] == ["310", "250", "+60"]  # against the end of 2023
    assert metrics["new_slots"][2:] == ["60", "140", "不可比*"]
    assert "较2023年第四季度末增加" in html


def test_half_years_map_onto_the_stored_rows(computed, login, users):
    client = login(users["city_admin"])
    h1 = page(client, region="1301", year=2024, period="H1")
    assert "（2024年上半年）" in h1 and "2024年6月30日" in h1  # the Q2 row
    assert table_rows(h1, "data-metric")["slots"][2:] == ["310", "250", "+60"]  # against the end of 2023
    h2 = page(client, region="1301", year=2024, period="H2")
    assert "（2024年下半年）" in h2 and "2024年12月31日" in h2  # the year row
    assert table_rows(h2, "data-metric")["new_slots"][2:] == ["50", "60", "−10"]  # against H1


def test_filings_decided_in_the_period_are_counted_by_kind(computed, login, users):
    decided(FilingKind.NEW, "130102", at(2024, 7, 1, 0, 0))  # the quarter's first minute
    decided(FilingKind.NEW, "130104", at(2024, 9, 30, 23, 59))  # and its last
    decided(FilingKind.CHANGE, "130102001", at(2024, 8, 15, 10, 0))
    decided(FilingKind.DEREGISTER, "130104", at(2024, 9, 1, 9, 0))
    decided(FilingKind.NEW, "130102", at(2024, 6, 30, 23, 59))  # Q2: counts from 1 January only
    decided(FilingKind.NEW, "130102", at(2024, 10, 1, 0, 0))  # Q4
    decided(FilingKind.NEW, "130102", at(2024, 8, 1, 9, 0), status=FilingStatus.REJECTED)
    decided(FilingKind.NEW, "130102", at(2024, 8, 1, 9, 0), status=FilingStatus.SUBMITTED)
    decided(FilingKind.NEW, "370830", at(2024, 8, 1, 9, 0))  # another province
    html = page(login(users["city_admin"]), region="1301", year=2024, period="Q3")
    filings = table_rows(html, "data-kind")
    assert filings == {"new": ["新设备案", "2", "3"], "change": ["变更备案", "1", "1"],
                       "deregister": ["注销备案", "1", "1"]}
    assert "2024年第三季度，共办结新设备案2件、变更备案1件、注销备案1件。" in html
    county_b = page(login(users["admin_b"]), region="130104", year=2024, period="Q3")
    assert table_rows(county_b, "data-kind")["new"] == ["新设备案", "1", "1"]


def test_a_county_bulletin_ranks_its_townships(computed, login, users):
    html = page(login(users["reviewer_a"]), region="130102", year=2024, period="Y")
    assert "长安区托育服务发展情况通报（2024年）" in html
    ranking = table_rows(html, "data-region", within="bulletin-ranking")
    assert ranking["130102001"][:5] == ["—", "建北街道", "1", "60", "—"]  # no population: not ranked
    assert "未下达新增托位目标的地区：建北街道" in html
    # No township has a target: nothing is compared with the time progress (rather than "all meet it").
    assert 'id="bulletin-no-child-target"' in html and "均达到时序进度" not in html
    township = page(login(users["reviewer_a"]), region="130102001", year=2024, period="Y")
    assert 'id="bulletin-ranking"' not in township and "建北街道托育服务发展情况通报" in township


def test_the_page_is_printable(computed, login, users):
    html = page(login(users["city_admin"]), region="1301", year=2024, period="Y")
    assert "css/bulletin.css" in html and "js/bulletin.js" in html
    assert "data-bulletin-print hidden" in html  # shown by the script; without JavaScript, the browser's print


@pytest.mark.parametrize("region_code", ["130104", "1301", "13", "", "370830"])
def test_reviewer_of_other_county_gets_404(computed, login, users, region_code):
    client = login(users["reviewer_a"])
    assert client.get(URL, {"region": region_code, "year": 2024, "period": "Y"}).status_code == 404


def test_operators_get_404_and_anonymous_users_are_sent_to_log_in(computed, login, users, client):
    assert client.get(URL, {"region": "1301", "year": 2024, "period": "Y"}).status_code == 302
    operator = login(users["operator_a"])
    assert operator.get(URL, {"region": "130102", "year": 2024, "period": "Y"}).status_code == 404
    assert operator.get(URL).status_code == 404


def test_the_region_defaults_to_the_users_own(computed, login, users):
    html = page(login(users["province_admin"]), year=2024, period="Y")
    assert "河北省托育服务发展情况通报（2024年）" in html
    national = page(login(users["national_admin"]), region="", year=2024, period="Y")
    assert "全国托育服务发展情况通报（2024年）" in national
    assert list(table_rows(national, "data-region", within="bulletin-ranking")) == ["13", "37"]


def test_a_period_not_computed_gets_a_404_page_that_says_how_to_compute_it(computed, login, users):
    client = login(users["city_admin"])
    response = client.get(URL, {"region": "1301", "year": 2022, "period": "Y"})
    assert response.status_code == 404
    text = response.content.decode()
    assert "没有石家庄市2022年的统计数据" in text and "compute_rollups --year 2022" in text
    english = client.get(URL, {"region": "1301", "year": 2022, "period": "Y"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "No figures are stored for 1301" in english.content.decode() and "没有石家庄市" not in english.content.decode()
    future = client.get(URL, {"region": "1301", "year": timezone.localdate().year + 1, "period": "Q1"})
    assert future.status_code == 404 and "尚未开始" in future.content.decode()
    bad = client.get(URL, {"region": "1301", "year": 2024, "period": "Q5"})
    assert bad.status_code == 400 and 'id="bulletin-invalid"' in bad.content.decode()
    assert MSG_BAD_PERIOD  # the selector's own check, behind the form's


def test_queries_do_not_grow_with_the_child_regions(computed, login, users, django_assert_max_num_queries):
    client = login(users["city_admin"])
    params = {"region": "1301", "year": 2024, "period": "Q3"}
    with django_assert_max_num_queries(8) as few:
        page(client, **params)
    for code in ("130105", "130107", "130108", "130109"):
        region(code)
    for year in ("2023", "2024"):
        call_command("compute_rollups", "--year", year, stdout=io.StringIO())
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(client, **params)
    assert len(table_rows(html, "data-region", within="bulletin-ranking")) == 6


@pytest.mark.parametrize(("today", "expected"), [
    (datetime.date(2026, 11, 29), "（2026年第三季度）"),  # the last quarter that has ended
    (datetime.date(2026, 2, 10), "（2025年第四季度）"),  # none has ended this year: last year's Q4
])
def test_the_period_defaults_to_the_last_quarter_that_has_ended(dataset, login, users, monkeypatch, today,
                                                               expected):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: today)
    call_command("compute_rollups", "--year", str(today.year - 1), stdout=io.StringIO())
    if today.month > 3:
        call_command("compute_rollups", "--year", str(today.year), stdout=io.StringIO())
    html = login(users["city_admin"]).get(URL).content.decode()
    assert expected in html
    past = login(users["city_admin"]).get(URL, {"year": today.year - 1}).content.decode()
    assert f"（{today.year - 1}年）" in past  # a past year alone: the whole year


def test_a_running_period_is_marked_as_provisional(dataset, login, users, monkeypatch):
    """A bulletin of a period that has not ended says so, with the date its figures describe; a finished
    period's does not."""
    today = datetime.date(2026, 11, 29)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: today)
    call_command("compute_rollups", "--year", "2026", stdout=io.StringIO())
    client = login(users["city_admin"])
    running = page(client, region="1301", year=2026, period="Q4")
    assert 'id="bulletin-provisional"' in running
    assert "本期至2026年12月31日止，尚未结束；本通报为截至2026年11月29日的阶段性数据。" in running
    assert 'id="bulletin-provisional"' not in page(client, region="1301", year=2026, period="Q3")


def test_the_overview_is_one_paragraph_of_sentences_in_either_language(computed, login, users):
    """The paragraph is written one sentence per line ({% oneline %}): Chinese sentences follow each other without
    a space, English ones with the space their translation carries."""
    import re

    def overview(html):
        start = html.index('<p class="bulletin-text">', html.index('id="bulletin-overview"'))
        return re.sub(r"<[^>]+>", "", html[start:html.index("</p>", start)])

    client = login(users["city_admin"])
    chinese = overview(page(client, region="1301", year=2024, period="Y"))
    assert chinese == ("截至2024年12月31日，石家庄市共有备案托育机构4个，托位300个，在托婴幼儿215人。"
                       "每千人口拥有3岁以下婴幼儿托位数3.66个，较2023年末增加0.53个。其中普惠托位220个，占73.33%。")
    response = client.get(URL, {"region": "1301", "year": 2024, "period": "Y"}, HTTP_ACCEPT_LANGUAGE="en")
    english = overview(response.content.decode())
    assert "\n" not in english and "  " not in english and ". Inclusive slots: 220 (73.33%)." in english


def test_the_bulletin_reports_monthly_reporting_and_safety_incidents(computed, login, users, settings,
                                                                     django_assert_max_num_queries):
    """2024 Q3 with monthly reports from July 2024. Owed each month: A I1, I2 (I3 deregistered on 1 July), B I4, I5.
    Reports: I1 July on time, August late, September none; I2 all on time; I4 July on time; I5 none; I3 a July report,
    which does not count (it did not owe July).
    A 6 owed, 5 sent, 4 on time (83.33 %, 66.67 %); B 6, 1, 1 (16.67 %, 16.67 %); city 12, 6, 5 (50.00 %, 41.67 %).
    Incidents: I1 injury 10 July, I2 suspected abuse 30 September 23:30 — in; I4 fire 1 October 00:10 and I5 injury
    30 June 23:59 — out. Enrolled on 30 September: A 135, B 80, city 215 → per 1,000: 14.81, 0.00, 9.30."""
    from incidents.models import Incident
    from monthly.models import MonthlyReport

    settings.MONTHLY_REPORTS_FROM = "2024-07"
    d = computed
    sent = [("I1", 7, True), ("I1", 8, False), ("I2", 7, True), ("I2", 8, True), ("I2", 9, True), ("I4", 7, True),
            ("I3", 7, True)]
    for name, month, on_time in sent:
        MonthlyReport.objects.create(institution=d[name], month=datetime.date(2024, month, 1),
                                     due_on=datetime.date(2024, month + 1, 5), on_time=on_time,
                                     submitted_at=at(2024, month + 1, 3 if on_time else 20),
                                     submitted_by=users["operator_a"])
    for name, kind, when in (("I1", "injury", at(2024, 7, 10, 9)), ("I2", "abuse", at(2024, 9, 30, 23, 30)),
                             ("I4", "fire", at(2024, 10, 1, 0, 10)), ("I5", "injury", at(2024, 6, 30, 23, 59))):
        Incident.objects.create(institution=d[name], kind=kind, occurred_at=when, children_affected=1,
                                description="经过", measures="措施", reported_by=users["operator_a"])
    client = login(users["city_admin"])
    with django_assert_max_num_queries(12):
        html = page(client, region="1301", year=2024, period="Q3")
    rows = table_rows(html, "data-region", within="bulletin-safety")
    # [region, owed, sent, completeness, on time, incidents, of which abuse, per 1,000]
    assert rows["130104"] == ["桥西区", "6", "1", "16.67", "16.67", "0", "0", "0.00"]
    assert rows["130102"] == ["长安区", "6", "5", "83.33", "66.67", "2", "1", "14.81"]
    assert rows["1301"] == ["合计", "12", "6", "50.00", "41.67", "2", "1", "9.30"]
    assert "本期应报机构月报12份，已报6份，报送率50.00%，按时报送率41.67%。" in html
    assert "发生安全事件2起（意外伤害1起、疑似虐待、伤害婴幼儿1起），每千名在托婴幼儿9.30起。" in html
    assert "2024年7月至2024年9月" in html
    english = client.get(URL, {"region": "1301", "year": 2024, "period": "Q3"}, HTTP_ACCEPT_LANGUAGE="en")
    sentence = english.content.decode().split('id="bulletin-safety"')[1].split("</p>")[0]
    assert "completeness 50.00%, on time 41.67%. Safety incidents: 2 (" in sentence
    assert "9.30 per 1,000 children enrolled." in sentence and "（" not in sentence and "。" not in sentence
    # A county's bulletin: its township (I2, 45 enrolled) and the county, whose own institutions count only in its total.
    county = table_rows(page(client, region="130102", year=2024, period="Q3"), "data-region", within="bulletin-safety")
    assert county == {"130102001": ["建北街道", "3", "3", "100.00", "100.00", "1", "1", "22.22"],
                      "130102": ["合计", "6", "5", "83.33", "66.67", "2", "1", "14.81"]}
