"""Risk-based planning: never inspected → due now; after a high-severity finding or a D grade → within 90 days;
once rectified and re-inspected in good standing → a year again. The inspector's page lists the plan of their
scope (overdue first) in a fixed number of queries."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from inspections import selectors, services
from inspections.models import Result, Visit, VisitStatus
from tests.factories import InstitutionFactory, UserFactory

from .conftest import finished_visit

pytestmark = pytest.mark.django_db

HIGH_ITEM = ("人员配备", 1)   # high severity on the routine checklist


def plan_row(institution, on=None):
    on = on or timezone.localdate()
    return next(row for row in selectors.inspection_plan(institution.county_code, on) if row.institution == institution)


def days(n):
    return datetime.timedelta(days=n)


def test_never_inspected_is_due_now(institutions, checklists):
    today = timezone.localdate()
    row = plan_row(institutions["a"])
    assert row.never_inspected and row.next_due == today and row.status == selectors.DUE


def test_high_severity_finding_makes_the_institution_due_within_three_months_then_a_year_after_rectification(
        users, institutions, checklists):
    inspector, operator = users["inspector_a"], users["operator_a"]
    today = timezone.localdate()
    visit = finished_visit(institutions["a"], inspector, overrides={HIGH_ITEM: Result.NOT_MET})
    row = plan_row(institutions["a"])
    assert row.open_high_findings and row.high_risk
    assert row.last_visit_on == today and row.next_due == today + days(90)
    # 100 days later it is overdue (a regular institution would not be due for another 265 days).
    assert plan_row(institutions["a"], today + days(100)).status == selectors.OVERDUE

    order = services.rectification_issue(visit=visit, by=inspector)
    services.rectification_answer(order=order, by=operator, text="已按1:5配齐保育人员")
    assert plan_row(institutions["a"]).next_due == today + days(90)   # still open until accepted
    services.rectification_verify(order=order, by=inspector, decision=services.ACCEPT)
    follow_up = services.rectification_schedule_follow_up(order=order, by=inspector, on=today)
    services.visit_begin(visit=follow_up, by=inspector)
    from .conftest import answer_all
    answer_all(follow_up, inspector)
    services.visit_finish(visit=follow_up, by=inspector)

    row = plan_row(institutions["a"])
    assert not row.high_risk and row.last_visit_type == "follow_up"
    assert row.next_due == today + days(365) and row.status == selectors.LATER


def test_a_d_grade_makes_the_institution_due_within_three_months(users, institutions, checklists):
    today = timezone.localdate()
    finished_visit(institutions["a"], users["inspector_a"], "quality", overrides={("安全保障", 8): Result.NOT_MET})
    row = plan_row(institutions["a"])
    assert row.last_grade == "D" and row.next_due == today + days(90)


def set_rule(client, key, value):
    return client.post(reverse("standards:list"), {"key": key, "value": value, "basis": "冀卫人口〔2026〕1号",
                                                   "valid_from": timezone.localdate().isoformat()})


def test_intervals_and_deadlines_are_standards_a_province_may_tighten(client, users, institutions, checklists):
    today = timezone.localdate()
    client.force_login(users["admin_a"])  # a county admin keeps no rules
    assert set_rule(client, "inspection.regular_interval_days", 180).status_code == 403
    assert client.get(reverse("inspections:settings")).url.endswith("#rules-inspection")
    client.force_login(users["province_admin"])  # Hebei
    assert set_rule(client, "inspection.regular_interval_days", 400).status_code == 400  # looser: refused
    assert set_rule(client, "inspection.regular_interval_days", 180).status_code == 302
    assert set_rule(client, "rectification.high_deadline_days", 10).status_code == 302
    finished_visit(institutions["a"], users["inspector_a"])
    assert plan_row(institutions["a"]).next_due == today + days(180)
    risky = InstitutionFactory(region=institutions["a"].region)
    visit = finished_visit(risky, users["inspector_a"], overrides={HIGH_ITEM: Result.NOT_MET})
    assert plan_row(risky).next_due == today + days(90)  # the national risk interval still holds
    order = services.rectification_issue(visit=visit, by=users["inspector_a"])
    assert order.deadline == today + days(10)
    # Shandong keeps the national intervals.
    inspector = UserFactory(role=Role.INSPECTOR, region=institutions["other"].region)
    finished_visit(institutions["other"], inspector)
    assert plan_row(institutions["other"]).next_due == today + days(365)


def test_inspectors_page_lists_the_plan_of_their_scope_overdue_first(client, users, institutions, checklists):
    today = timezone.localdate()
    overdue = InstitutionFactory(name="长安区逾期托育园", region=institutions["a"].region)
    finished_visit(overdue, users["inspector_a"], overrides={HIGH_ITEM: Result.NOT_MET})
    Visit.objects.filter(institution=overdue).update(finished_on=today - days(120))
    finished_visit(InstitutionFactory(name="长安区良好托育园", region=institutions["a"].region), users["inspector_a"])
    client.force_login(users["inspector_a"])
    page = client.get(reverse("inspections:home")).content.decode()
    assert page.index("长安区逾期托育园") < page.index(institutions["a"].name) < page.index("长安区良好托育园")
    assert 'data-status="overdue"' in page and "table-danger" in page
    assert institutions["b"].name not in page   # another county
    assert reverse("inspections:visit_start", args=[institutions["a"].pk]) in page


def test_wide_scopes_choose_a_county_first(client, users, institutions, checklists):
    client.force_login(users["city_admin"])
    page = client.get(reverse("inspections:home")).content.decode()
    assert 'id="region-children"' in page and "?region=130102" in page
    page = client.get(reverse("inspections:home") + "?region=130102").content.decode()
    assert institutions["a"].name in page and institutions["b"].name not in page
    # Outside the scope the request falls back to the scope itself.
    client.force_login(users["inspector_a"])
    page = client.get(reverse("inspections:home") + "?region=130104").content.decode()
    assert institutions["b"].name not in page and institutions["a"].name in page


def test_operators_are_sent_to_their_orders(client, users):
    client.force_login(users["operator_a"])
    assert client.get(reverse("inspections:home"))["Location"] == reverse("inspections:order_list")


@pytest.mark.parametrize("count", [10, 200])
def test_plan_page_query_count_is_constant(client, users, regions, checklists, django_assert_max_num_queries, count):
    county = regions["county_a"]
    made = [InstitutionFactory(region=county) for _ in range(count)]
    now, today = timezone.now(), timezone.localdate()
    Visit.objects.bulk_create([
        Visit(institution=institution, type="routine", template=checklists["routine"], status=VisitStatus.FINISHED,
              finished_at=now, finished_on=today - days(index), grade="D" if index % 7 == 0 else "")
        for index, institution in enumerate(made)])
    client.force_login(users["inspector_a"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("inspections:home"))
    assert response.status_code == 200
    assert response.content.decode().count('data-institution="') == min(count, 50)
