"""Issue 6's supervision figures in the rollups, by hand, through stats_report, the API and the dashboard.

This year, in the fixtures' regions (tests/conftest.py: one institution per county, one in Shandong):
- 长安区 (130102): a routine visit with one failed item → a rectification order, whose deadline then
  passes (overdue); a quality assessment with every item met → grade A; 4 stars.
- 桥西区 (130104): a fire-safety visit, nothing found; 3 stars.
- 汶上县 (370830): no visit, no stars.
"""
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from inspections.models import OrderStatus, RectificationOrder, Result, Visit
from inspections.services import rectification_issue
from inspections.tasks import mark_overdue_and_notify
from institutions.models import Institution
from tests.inspections.conftest import finished_visit, items_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervised(institutions, users, checklists):
    inspector_a, inspector_b = users["inspector_a"], users["inspector_b"]
    first = next(iter(items_of(Visit(template=checklists["routine"]))))
    routine = finished_visit(institutions["a"], inspector_a, "routine", overrides={first: Result.NOT_MET})
    order = rectification_issue(visit=routine, by=inspector_a)
    finished_visit(institutions["a"], inspector_a, "quality")
    finished_visit(institutions["b"], inspector_b, "fire")
    Institution.objects.filter(pk=institutions["a"].pk).update(star_rating=4)
    Institution.objects.filter(pk=institutions["b"].pk).update(star_rating=3)
    return {"order": order}


def report(region: str, year: int) -> dict:
    out = io.StringIO()
    call_command("stats_report", "--region", region, "--year", str(year), stdout=out)
    return json.loads(out.getvalue())


def supervision(data: dict) -> dict:
    keys = ("visits", "visits_by_type", "inspected_institutions", "inspected_share_pct", "open_orders",
            "overdue_orders", "grades", "stars")
    return {key: data[key] for key in keys}


def by_type(**counts) -> dict:
    return {"routine": 0, "health": 0, "fire": 0, "quality": 0, "complaint": 0, "follow_up": 0, **counts}


def grades(**counts) -> dict:
    return {"A": 0, "B": 0, "C": 0, "D": 0, **counts}


def stars(**counts) -> dict:
    return {str(n): counts.get(f"s{n}", 0) for n in range(1, 6)}


def test_visits_inspected_share_orders_grades_and_stars_by_hand(supervised, api, users):
    RectificationOrder.objects.filter(pk=supervised["order"].pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1))  # its deadline has passed
    year = timezone.localdate().year
    call_command("compute_rollups", "--year", str(year), stdout=io.StringIO())

    assert supervision(report("130102", year)) == {
        "visits": 2, "visits_by_type": by_type(routine=1, quality=1), "inspected_institutions": 1,
        "inspected_share_pct": 100.0, "open_orders": 1, "overdue_orders": 1, "grades": grades(A=1),
        "stars": stars(s4=1)}
    city = {"visits": 3, "visits_by_type": by_type(routine=1, quality=1, fire=1), "inspected_institutions": 2,
            "inspected_share_pct": 100.0, "open_orders": 1, "overdue_orders": 1, "grades": grades(A=1),
            "stars": stars(s3=1, s4=1)}
    assert supervision(report("1301", year)) == city
    assert supervision(report("13", year)) == city
    # The country: 2 of 3 institutions inspected = 66.67 %.
    assert supervision(report("", year)) == {**city, "inspected_share_pct": 66.67}
    assert supervision(report("370830", year)) == {
        "visits": 0, "visits_by_type": by_type(), "inspected_institutions": 0, "inspected_share_pct": 0.0,
        "open_orders": 0, "overdue_orders": 0, "grades": grades(), "stars": stars()}
    api_data = api(users["city_admin"]).get("/api/v1/stats/", {"region": "1301", "year": year}).json()
    assert supervision(api_data) == city

    # The year before: nothing had happened yet (stars are the institutions' current rating).
    call_command("compute_rollups", "--year", str(year - 1), stdout=io.StringIO())
    before = supervision(report("1301", year - 1))
    assert (before["visits"], before["open_orders"], before["grades"]) == (0, 0, grades())


def test_the_overdue_task_and_an_accepted_order_update_the_stored_figures(supervised, users,
                                                                          django_capture_on_commit_callbacks):
    year = timezone.localdate().year
    call_command("compute_rollups", "--year", str(year), stdout=io.StringIO())
    assert (report("130102", year)["open_orders"], report("130102", year)["overdue_orders"]) == (1, 0)

    # The deadline passes: the overdue task marks the order and the figures count it as overdue.
    order = supervised["order"]
    RectificationOrder.objects.filter(pk=order.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=3))
    mark_overdue_and_notify()
    call_command("compute_rollups", "--year", str(year), "--region", "130102", stdout=io.StringIO())
    assert RectificationOrder.objects.get(pk=order.pk).status == OrderStatus.OVERDUE
    assert (report("130102", year)["open_orders"], report("1301", year)["overdue_orders"]) == (1, 1)

    # Accepted: no longer open, and the change recomputes the figures by itself after the commit.
    RectificationOrder.objects.filter(pk=order.pk).update(status=OrderStatus.ANSWERED)
    from inspections.services import rectification_verify

    with django_capture_on_commit_callbacks(execute=True):
        rectification_verify(order=RectificationOrder.objects.get(pk=order.pk), by=users["inspector_a"],
                             decision="accept")
    assert (report("130102", year)["open_orders"], report("13", year)["overdue_orders"]) == (0, 0)


def test_a_finished_visit_recomputes_the_figures_after_commit(institutions, users, checklists,
                                                              django_capture_on_commit_callbacks):
    year = timezone.localdate().year
    call_command("compute_rollups", "--year", str(year), stdout=io.StringIO())
    assert report("130104", year)["visits"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        finished_visit(institutions["b"], users["inspector_b"], "health")
    assert report("130104", year)["visits_by_type"]["health"] == 1 and report("", year)["visits"] == 1


def test_the_dashboard_shows_the_supervision_figures(supervised, client, users):
    year = timezone.localdate().year
    call_command("compute_rollups", "--year", str(year), stdout=io.StringIO())
    client.force_login(users["city_admin"])
    html = client.get("/stats/", {"region": "1301", "year": year}).content.decode()
    assert 'id="supervision"' in html
    assert 'data-key="visits">3<' in html and 'data-key="inspected_share_pct">100.00%<' in html
    assert 'data-key="open_orders">1<' in html


def test_an_order_awaiting_verification_is_open_but_not_overdue(supervised, users):
    order = supervised["order"]
    year = timezone.localdate().year
    past = timezone.localdate() - datetime.timedelta(days=2)
    from inspections.services import rectification_answer

    rectification_answer(order=order, by=users["operator_a"], text="已补全消毒记录。")
    RectificationOrder.objects.filter(pk=order.pk).update(deadline=past)
    call_command("compute_rollups", "--year", str(year), stdout=io.StringIO())
    assert (report("130102", year)["open_orders"], report("130102", year)["overdue_orders"]) == (1, 0)
    assert mark_overdue_and_notify()["marked"] == 0  # the overdue task agrees


def test_the_grade_is_that_of_the_latest_quality_assessment_at_each_date(institutions, users, checklists):
    """The latest graded quality visit finished on or before the period's date decides (on the same day, the
    later visit): last year's C counts for last year, this year's assessments for this year."""
    year = timezone.localdate().year
    inspector = users["inspector_a"]
    old = finished_visit(institutions["a"], inspector, "quality")
    first = finished_visit(institutions["a"], inspector, "quality")
    second = finished_visit(institutions["a"], inspector, "quality")
    Visit.objects.filter(pk=old.pk).update(finished_on=datetime.date(year - 1, 6, 1), grade="C")
    same_day = min(timezone.localdate(), datetime.date(year, 1, 2))
    Visit.objects.filter(pk=first.pk).update(finished_on=same_day, grade="A")
    Visit.objects.filter(pk=second.pk).update(finished_on=same_day, grade="B")  # the later visit that day
    ungraded = finished_visit(institutions["b"], users["inspector_b"], "quality")
    Visit.objects.filter(pk=ungraded.pk).update(grade="")  # not assessed: not in the distribution
    for each in (year - 1, year):
        call_command("compute_rollups", "--year", str(each), stdout=io.StringIO())
    assert report("130102", year - 1)["grades"] == grades(C=1)
    assert report("130102", year)["grades"] == grades(B=1)
    assert report("1301", year)["grades"] == grades(B=1)
