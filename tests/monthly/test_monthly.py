"""Monthly reports (issue 17 point 4), hand-computed. Reports are owed from 2026-09 (MONTHLY_REPORTS_FROM); the
clock is set for each submission (due by the 5th of the next month).

Institutions: A (county 130102, filed 2024), C (130102, filed 2026-10-15), B (130104, filed 2024), D (130104,
deregistered 2026-10-20).
Reports: A Sep on time (10-03), Oct late (11-09), Nov on time (12-04); B Oct on time (11-02), Sep missing, Nov not
yet (today 12-04, due 12-05); C Nov on time, Oct missing; D Sep late (10-10).

By hand (city 1301):
  Sep: owed A, B, D (C not filed): received A, D (late) → completeness 2/3 = 66.67 %, timeliness 1/3 = 33.33 %;
       county A 1/1 → 100.00 / 100.00; county B (B, D) 1/2 → 50.00 / 0.00.
  Oct: owed A, B, C (D gone on 10-20): received A (late), B → 66.67 / 33.33; A (A, C): 1/2 → 50.00 / 0.00;
       B: 1/1 → 100.00 / 100.00.
  Nov: owed A, B, C: received A, C on time → 66.67 / 66.67 (B pending, not yet due).
"""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEvent
from institutions.models import CapacityRecord, FilingState, NurseryClass
from monthly.models import MonthlyReport
from notifications.models import Notification
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TZ = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture(autouse=True)
def first_month(settings):
    settings.MONTHLY_REPORTS_FROM = "2026-09"


@pytest.fixture
def clock(monkeypatch):
    def _set(day: datetime.date, hour: int = 10):
        moment = datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)
        monkeypatch.setattr(timezone, "now", lambda: moment)
    _set(D(2026, 12, 4))
    return _set


@pytest.fixture
def nurseries(institutions, users, regions):
    a, b = institutions["a"], institutions["b"]
    for name, class_type, capacity in (("乳儿一班", "infant", 10), ("托小一班", "toddler_small", 15),
                                       ("托大一班", "toddler_large", 15)):
        NurseryClass.objects.create(institution=a, name=name, class_type=class_type, capacity=capacity,
                                    enrolled=0, caregivers=3)
    c = InstitutionFactory(name="长安区新苗托育园", region=regions["county_a"], filed_on=D(2026, 10, 15),
                           capacity=(30, 10))
    c.operators.add(users["operator_a"])
    d = InstitutionFactory(name="桥西区已注销托育园", region=regions["county_b"], capacity=(20, 10))
    d.operators.add(users["operator_b"])
    d.filing_state, d.deregistered_on = FilingState.DEREGISTERED, D(2026, 10, 20)
    d.save(update_fields=["filing_state", "deregistered_on"])
    CapacityRecord.objects.filter(institution=d).update(effective_to=D(2026, 10, 20))
    return {"a": a, "b": b, "c": c, "d": d}


def values(b6=0, b12=0, b24=0, full=None, half=0, **extra):
    total = b6 + b12 + b24
    return {"enrolled_6_12": b6, "enrolled_12_24": b12, "enrolled_24_36": b24,
            "full_day": total - half if full is None else full, "half_day": half, "hourly": 0, "temporary": 0,
            "attendance_days": total * 20, "staff": 8, "fees_charged": total * 1500, "incidents": 0, **extra}


def submit(client, institution, month, data):
    return client.post(reverse("monthly:report", args=[institution.pk, month]), data)


@pytest.fixture
def reported(client, users, nurseries, clock):
    n = nurseries
    client.force_login(users["operator_a"])
    for day, institution, month, data in (
            (D(2026, 10, 3), n["a"], "2026-09", values(5, 10, 10)),
            (D(2026, 11, 9), n["a"], "2026-10", values(6, 12, 10)),
            (D(2026, 12, 4), n["a"], "2026-11", values(8, 15, 10, half=3)),
            (D(2026, 12, 4), n["c"], "2026-11", values(0, 4, 6))):
        clock(day)
        assert submit(client, institution, month, data).status_code == 302, (institution, month)
    client.force_login(users["operator_b"])
    for day, institution, month, data in ((D(2026, 11, 2), n["b"], "2026-10", values(0, 20, 40)),
                                          (D(2026, 10, 10), n["d"], "2026-09", values(0, 5, 5))):
        clock(day)
        assert submit(client, institution, month, data).status_code == 302, (institution, month)
    clock(D(2026, 12, 4))
    return n


EXPECTED = {  # (region, month): (expected, received, on time, completeness %, timeliness %)
    ("1301", "2026-09"): (3, 2, 1, 66.67, 33.33),
    ("130102", "2026-09"): (1, 1, 1, 100.0, 100.0),
    ("130104", "2026-09"): (2, 1, 0, 50.0, 0.0),
    ("1301", "2026-10"): (3, 2, 1, 66.67, 33.33),
    ("130102", "2026-10"): (2, 1, 0, 50.0, 0.0),
    ("130104", "2026-10"): (1, 1, 1, 100.0, 100.0),
    ("1301", "2026-11"): (3, 2, 2, 66.67, 66.67),
}


@pytest.mark.parametrize(("region", "month"), sorted(EXPECTED))
def test_completeness_and_timeliness_match_the_hand_computed_values(reported, users, region, month,
                                                                    django_assert_max_num_queries):
    api = APIClient()
    api.force_authenticate(users["city_admin"])
    with django_assert_max_num_queries(12):
        response = api.get("/api/v1/monthly-reports/completeness/", {"region": region, "month": month})
    assert response.status_code == 200, response.content
    total = response.json()["total"]
    assert (total["expected"], total["received"], total["on_time"], total["completeness_pct"],
            total["timeliness_pct"]) == EXPECTED[(region, month)]
    if region == "1301":  # the child rows are the counties' own figures
        children = {row["region_code"]: row for row in response.json()["children"]}
        for county in ("130102", "130104"):
            if (county, month) in EXPECTED:
                row = children[county]
                assert (row["expected"], row["received"], row["on_time"], row["completeness_pct"],
                        row["timeliness_pct"]) == EXPECTED[(county, month)]


def test_the_county_page_lists_each_institution_with_its_status_and_exports(reported, client, users):
    client.force_login(users["admin_a"])
    page = client.get(reverse("monthly:completeness"), {"month": "2026-10"}).content.decode()
    rows = {part.split('"')[0]: part.split('data-status="')[1].split('"')[0]
            for part in page.split('data-institution="')[1:]}
    assert rows == {str(reported["a"].pk): "late", str(reported["c"].pk): "missing"}
    assert 'data-key="completeness_pct">50.00%' in page
    assert "未报" in page and "待报（未到截止日）" not in page  # October was due on 5 November
    # November is due on 5 December (today is the 4th): what has not come is pending, not missing.
    november = client.get(reverse("monthly:completeness"), {"month": "2026-11"}).content.decode()
    assert "待报（未到截止日）" in november and "stat-card-warn" not in november
    export = client.get(reverse("monthly:completeness"), {"month": "2026-10", "export": "csv"})
    text = export.content.decode("utf-8-sig")
    assert "逾期报送" in text and "未报送（已逾期）" in text and reported["b"].name not in text
    assert client.get(reverse("monthly:completeness"), {"region": "130104"}).status_code == 404  # out of scope
    client.force_login(users["operator_a"])
    assert client.get(reverse("monthly:completeness")).status_code == 403


def test_the_reported_enrolment_drives_the_public_vacancies_and_the_filter(reported, client):
    a = reported["a"]
    report = MonthlyReport.objects.get(institution=a, month=D(2026, 11, 1))
    # Classes: 乳儿班 10, 托小班 15, 托大班 15; reported 8, 15, 10 → places 2, 0, 5.
    assert (report.enrolled, report.vacancies_6_12, report.vacancies_12_24, report.vacancies_24_36,
            report.vacancies_mixed, report.vacancies) == (33, 2, 0, 5, 0, 7)
    client.logout()
    page = client.get(reverse("institutions:public_detail", args=[a.pk])).content.decode()
    card = page.split('id="public-vacancies"')[1].split("</div>\n{% endwith")[0]
    assert "2026年11月" in card
    assert [card.split(f'data-band="{band}"')[1].split('fs-4')[1].split(">")[1].split("<")[0]
            for band in ("6_12", "12_24", "24_36")] == ["2", "0", "5"]
    directory = client.get(reverse("institutions:directory"), {"has_vacancy": "yes"}).content.decode()
    # B's latest report (October: 60 children in 60 slots, no classes on record) leaves no place.
    assert a.name in directory and reported["c"].name in directory and reported["b"].name not in directory
    assert "有空位 7" in directory


def test_the_form_is_prefilled_refuses_bad_totals_and_keeps_what_was_typed(reported, client, users, clock):
    client.force_login(users["operator_b"])
    url = reverse("monthly:report", args=[reported["b"].pk, "2026-11"])
    page = client.get(url).content.decode()
    assert 'name="enrolled_24_36" value="40"' in page  # from October's report
    response = submit(client, reported["b"], "2026-11", values(0, 20, 40, full=50))
    text = response.content.decode()
    assert response.status_code == 400 and "60" in text and "50" in text
    assert 'name="full_day" value="50"' in text  # what the user typed is kept
    # The figures the message is about are marked; the pre-fill hint is gone (the values are the user's own).
    assert 'class="form-control is-invalid" inputmode="numeric" min="0" max="' in text and "已按上月月报" not in text
    marked = [part.split('name="')[1].split('"')[0] for part in text.split("<input")[1:] if "is-invalid" in part]
    assert marked == ["enrolled_6_12", "enrolled_12_24", "enrolled_24_36", "full_day", "half_day", "hourly",
                      "temporary"]
    response = submit(client, reported["b"], "2026-11", values(0, 30, 40))
    assert response.status_code == 400 and "60" in response.content.decode()  # more than its 60 slots
    assert submit(client, reported["b"], "2026-12", values(0, 1, 1)).status_code == 400  # not ended
    assert submit(client, reported["b"], "2026-11", values(0, 20, 40)).status_code == 302
    assert MonthlyReport.objects.get(institution=reported["b"], month=D(2026, 11, 1)).on_time  # due 12-05
    clock(D(2026, 12, 9))
    assert submit(client, reported["b"], "2026-11", values(0, 21, 39)).status_code == 302  # a revision
    revised = MonthlyReport.objects.get(institution=reported["b"], month=D(2026, 11, 1))
    assert revised.on_time and revised.revised_at is not None and revised.enrolled_12_24 == 21
    assert AuditEvent.objects.filter(action="monthly.revise").count() == 1
    client.force_login(users["operator_a"])  # not B's operator: 404 on B
    assert client.get(url).status_code == 404
    client.force_login(users["admin_b"])  # staff in scope read (the sender by name), cannot submit
    users["operator_b"].display_name = "张丽"
    users["operator_b"].save(update_fields=["display_name"])
    assert "张丽 于" in client.get(url).content.decode()
    assert submit(client, reported["b"], "2026-11", values(0, 20, 40)).status_code == 403


def test_the_api_submits_revises_and_lists_in_scope(reported, users, clock, django_assert_max_num_queries):
    api = APIClient()
    api.force_authenticate(users["operator_b"])
    body = {"institution": reported["b"].pk, "month": "2026-11", **values(0, 20, 40)}
    response = api.post("/api/v1/monthly-reports/", body, format="json")
    assert response.status_code == 201 and response.json()["vacancies"] == 0
    assert api.post("/api/v1/monthly-reports/", body, format="json").status_code == 200
    assert api.post("/api/v1/monthly-reports/", {**body, "half_day": 5}, format="json").status_code == 409
    assert api.post("/api/v1/monthly-reports/", {**body, "institution": reported["a"].pk},
                    format="json").status_code == 404
    api.force_authenticate(users["city_admin"])
    with django_assert_max_num_queries(6):
        rows = api.get("/api/v1/monthly-reports/", {"month": "2026-11"}).json()["results"]
    assert {row["institution_name"] for row in rows} == {reported["a"].name, reported["b"].name, reported["c"].name}
    api.force_authenticate(users["other_province_admin"])
    assert api.get("/api/v1/monthly-reports/").json()["results"] == []
    assert api.get("/api/v1/monthly-reports/completeness/", {"region": "1301"}).status_code == 404


def test_the_figures_count_the_reported_enrolment(reported, users):
    from django.core.management import call_command

    call_command("compute_rollups", "--year", "2026", stdout=__import__("io").StringIO())
    api = APIClient()
    api.force_authenticate(users["province_admin"])
    data = api.get("/api/v1/stats/", {"region": "130102", "year": 2026}).json()
    # As of 2026-12-04 the last ended month is November: A reported 33 and C 10 (their records say 30 and 10).
    assert data["enrolled"] == 43


def test_reminders_before_the_due_day_and_after_it(reported, users, clock):
    from monthly.tasks import remind_monthly_reports

    clock(D(2026, 12, 2))  # November is due on 12-05: B has not sent it
    assert remind_monthly_reports.delay().get() == 1
    [notice] = Notification.objects.filter(kind="monthly.due")
    assert notice.recipient == users["operator_b"] and reported["b"].name in notice.title
    assert remind_monthly_reports.delay().get() == 0  # once
    clock(D(2026, 12, 6))
    assert remind_monthly_reports.delay().get() == 2  # overdue to its operator; one notice to county B's admin
    assert Notification.objects.get(kind="monthly.missing").recipient == users["admin_b"]


def test_the_dashboard_shows_last_months_completeness(reported, client, users):
    from django.core.management import call_command

    call_command("compute_rollups", "--year", "2026", stdout=__import__("io").StringIO())
    client.force_login(users["city_admin"])
    page = client.get(reverse("stats:dashboard"), {"region": "1301", "year": 2026}).content.decode()
    card = page.split('data-key="reporting_completeness">')[1].split("</div>")[0]
    assert card.strip() == "66.67%"  # November: 2 of 3 (see above)
    assert "2026年11月" in page.split('data-key="reporting_completeness"')[0][-400:]


def test_staff_on_the_months_last_day_is_prefilled_from_the_register(reported, client, users):
    """B's October report said 8 staff (values()); B keeps a register: 3 people joined before November, one of whom left
    on 30 November (gone that day), and one joined on 1 December → 2 on 30 November."""
    from workforce.models import Worker

    b = reported["b"]
    url = reverse("monthly:report", args=[b.pk, "2026-11"])
    client.force_login(users["operator_b"])
    before = client.get(url).content.decode()
    assert 'name="staff" value="2"' not in before
    for i, (joined, left) in enumerate(((D(2025, 1, 1), None), (D(2026, 3, 1), None), (D(2026, 3, 1), D(2026, 11, 30)),
                                        (D(2026, 12, 1), None))):
        Worker.objects.create(institution=b, name=f"员工{i}", role="caregiver", id_hash=f"{i:064d}",
                              id_masked="130***", joined_on=joined, left_on=left)
    assert 'name="staff" value="2"' in client.get(url).content.decode()
