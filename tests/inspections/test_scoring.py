"""Scores and grades of finished visits, logged and finished through the pages (the real interface), with the
arithmetic written out. The seeded quality checklist (WS/T 821—2023) has these points per item:

    办托条件 100: 15(否决) 15 15 15 15 10 10 5
    托育队伍 140: 20 30 25 20 20 15 10
    保育照护 200: 30 35 35 30(否决) 25 25 20
    卫生保健 210: 30 30 30 30 30 20 20 20
    养育支持  80: 20 20 20 20
    安全保障 200: 25 30(否决) 25 30 25 25 20 20(否决)
    机构管理  70: 15 15 10 15 15
"""
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from inspections.models import Finding, Result, Severity, VisitStatus
from standards.services import StandardActionError, standard_set
from tests.factories import UserFactory

from .conftest import finished_visit, items_of

pytestmark = pytest.mark.django_db

MET, NOT_MET, NA = Result.MET, Result.NOT_MET, Result.NA

# The answers of the quality test: everything met except these.
QUALITY_ANSWERS = {
    ("办托条件", 7): NOT_MET,   # −10
    ("托育队伍", 2): NOT_MET,   # −30 (high severity)
    ("保育照护", 7): NA,        # 20 points not applicable
    ("卫生保健", 6): NOT_MET,   # −20
    ("卫生保健", 8): NA,        # 20 points not applicable
    ("安全保障", 5): NOT_MET,   # −25
    ("机构管理", 3): NA,        # 10 points not applicable
    ("机构管理", 5): NOT_MET,   # −15
}


def log_through_pages(client, visit, answers: dict):
    """Answer every item of the visit through its page, one POST per item, then finish."""
    for key, item in items_of(visit).items():
        response = client.post(reverse("inspections:visit_answer", args=[visit.pk, item.pk]),
                               {"result": answers.get(key, MET), "note": ""})
        assert response.status_code == 302
    response = client.post(reverse("inspections:visit_finish", args=[visit.pk]), {"summary": "总体良好"})
    assert response.status_code == 302
    visit.refresh_from_db()
    return visit


def start_through_page(client, institution, type_):
    response = client.post(reverse("inspections:visit_start", args=[institution.pk]), {"type": type_})
    assert response.status_code == 302, response.content
    from inspections.models import Visit
    return Visit.objects.get(institution=institution, status=VisitStatus.IN_PROGRESS)


def test_quality_assessment_exact_scores_total_and_grade(client, users, institutions, checklists):
    client.force_login(users["inspector_a"])
    visit = log_through_pages(client, start_through_page(client, institutions["a"], "quality"), QUALITY_ANSWERS)

    scores = {d["title"]: Decimal(d["score"]) for d in visit.dimension_scores}
    assert scores == {
        "办托条件": Decimal("90.00"),    # 100 − 10
        "托育队伍": Decimal("110.00"),   # 140 − 30
        "保育照护": Decimal("200.00"),   # 180 of 180 applicable → 200 × 180/180
        "卫生保健": Decimal("187.89"),   # met 170 of 190 applicable → 210 × 170/190 = 187.894… → 187.89
        "养育支持": Decimal("80.00"),
        "安全保障": Decimal("175.00"),   # 200 − 25
        "机构管理": Decimal("52.50"),    # met 45 of 60 applicable → 70 × 45/60 = 52.5
    }
    # 90 + 110 + 200 + 187.89 + 80 + 175 + 52.50 = 895.39 → B (750 ≤ 895.39 < 900)
    assert visit.score == Decimal("895.39") and visit.max_score == 1000
    assert visit.grade == "B" and visit.baseline_failed is False
    # Each not-met item is a finding with the item's severity; not-applicable ones are not.
    findings = Finding.objects.filter(visit=visit)
    assert findings.count() == 5
    assert findings.filter(severity=Severity.HIGH).count() == 1

    page = client.get(reverse("inspections:visit_detail", args=[visit.pk])).content.decode()
    assert 'id="visit-grade"' in page and "895.39" in page and "187.89" in page


def test_one_failed_baseline_item_gives_d_whatever_the_score(client, users, institutions, checklists):
    client.force_login(users["inspector_a"])
    answers = QUALITY_ANSWERS | {("安全保障", 2): NOT_MET}   # 监控录像未保存90天 (否决项, 30 points)
    visit = log_through_pages(client, start_through_page(client, institutions["a"], "quality"), answers)
    # 895.39 − 30 = 865.39: a B by the score, D because a baseline item failed.
    assert visit.score == Decimal("865.39")
    assert visit.baseline_failed is True and visit.grade == "D"
    assert Finding.objects.get(visit=visit, is_baseline=True).severity == Severity.HIGH
    page = client.get(reverse("inspections:visit_detail", args=[visit.pk])).content.decode()
    assert 'id="baseline-failed"' in page


def test_everything_met_is_a_thousand_and_a(users, institutions, checklists):
    visit = finished_visit(institutions["a"], users["inspector_a"], "quality")
    assert visit.score == Decimal("1000.00") and visit.grade == "A"
    assert len(visit.dimension_scores) == 7 and not visit.findings.exists()


def test_dimension_with_every_item_not_applicable_keeps_its_points(users, institutions, checklists):
    overrides = {("养育支持", n): NA for n in range(1, 5)} | {("机构管理", 1): NOT_MET}
    visit = finished_visit(institutions["a"], users["inspector_a"], "quality", overrides)
    scores = {d["title"]: d["score"] for d in visit.dimension_scores}
    assert scores["养育支持"] == "80.00"   # nothing applicable: full points
    assert visit.score == Decimal("985.00")   # 1000 − 15


def test_grade_cut_offs_are_the_standards_of_the_institutions_province(users, institutions, checklists):
    today = timezone.localdate()
    # Hebei raises A to 990 (a province may only raise a cut-off); the cut-offs must stay A > B > C.
    standard_set(key="grade.a_min", province_code="13", value=990, valid_from=today, basis="冀",
                 by=users["province_admin"])
    with pytest.raises(StandardActionError, match="A级最低分 > B级最低分 > C级最低分"):
        standard_set(key="grade.b_min", province_code="13", value=995, valid_from=today, basis="冀",
                     by=users["province_admin"])
    with pytest.raises(StandardActionError):  # lower than the national 900: not a tightening
        standard_set(key="grade.a_min", province_code="37", value=850, valid_from=today, basis="鲁",
                     by=users["national_admin"])
    overrides = {("机构管理", 1): NOT_MET}   # 985
    assert finished_visit(institutions["a"], users["inspector_a"], "quality", overrides).grade == "B"
    inspector = UserFactory(role=Role.INSPECTOR, region=institutions["other"].region)
    assert finished_visit(institutions["other"], inspector, "quality", overrides).grade == "A"  # Shandong: 900


def test_other_checklists_score_the_severity_weighted_share_of_met_items(users, institutions, checklists):
    # Routine checklist weights: 6 high (3) + 7 medium (2) + 1 low (1) = 33.
    # Not met: 人员配备 1 (high, 3); not applicable: 备案与公示 3 (low, 1) → 100 × (32 − 3) / 32 = 90.625 → 90.63
    overrides = {("人员配备", 1): NOT_MET, ("备案与公示", 3): NA}
    visit = finished_visit(institutions["a"], users["inspector_a"], "routine", overrides)
    assert visit.score == Decimal("90.63") and visit.max_score == 100
    assert visit.grade == "" and visit.dimension_scores == []
