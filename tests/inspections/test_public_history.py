"""The public page shows the last five years of inspections in plain words: no inspector names, notes or photos."""
import datetime

import pytest
from django.urls import reverse

from inspections.models import Finding, InspectionType, Severity, Visit, VisitStatus
from inspections.templatetags.inspection_public import public_inspections

pytestmark = pytest.mark.django_db


def _visit(institution, template, inspector, on, **kwargs):
    visit = Visit.objects.create(institution=institution, type=kwargs.pop("type", InspectionType.ROUTINE),
                                 template=template, status=VisitStatus.FINISHED, finished_on=on,
                                 finished_at=datetime.datetime.combine(on, datetime.time(10), tzinfo=datetime.UTC),
                                 summary="内部意见：厨房地面湿滑", **kwargs)
    visit.inspectors.add(inspector)
    return visit


def test_public_page_lists_recent_visits_without_people_or_notes(client, users, institutions):
    from inspections.models import ChecklistTemplate

    template = ChecklistTemplate.objects.filter(is_active=True).first()
    item = template.sections.first().items.first()
    inst = institutions["a"]
    today = datetime.date.today()
    recent = _visit(inst, template, users["inspector_a"], today - datetime.timedelta(days=30))
    Finding.objects.create(visit=recent, item=item, severity=Severity.HIGH, note="监控录像只保存了30天")
    _visit(inst, template, users["inspector_a"], today - datetime.timedelta(days=400),
           type=InspectionType.QUALITY, grade="B")
    _visit(inst, template, users["inspector_a"], today - datetime.timedelta(days=6 * 365))  # too old

    rows = public_inspections(inst.pk)
    assert [(r["grade"], r["high"], r["rectified"]) for r in rows] == [("", 1, False), ("B", 0, False)]
    page = client.get(reverse("institutions:public_detail", args=[inst.pk])).content.decode()
    assert "public-inspections" in page and "质量评估 B 级" in page and "高风险 1 项" in page
    inspector = users["inspector_a"]
    for private in ("监控录像只保存了30天", "内部意见", inspector.username):
        assert private not in page
    if inspector.display_name:
        assert inspector.display_name not in page


def test_public_history_query_count_is_constant(client, institutions, django_assert_max_num_queries, users):
    from inspections.models import ChecklistTemplate

    template = ChecklistTemplate.objects.filter(is_active=True).first()
    for days in range(1, 30):
        _visit(institutions["a"], template, users["inspector_a"], datetime.date.today() - datetime.timedelta(days=days))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("institutions:public_detail", args=[institutions["a"].pk])).status_code == 200


def test_rectifying_counts_only_findings_under_an_order(client, users, institutions):
    """Issue 13, point 11: "3 项整改中" was shown for an institution that never had a rectification order."""
    from inspections.models import ChecklistTemplate, RectificationOrder

    template = ChecklistTemplate.objects.filter(is_active=True).first()
    items = list(template.sections.first().items.all()[:3])
    inst = institutions["a"]
    visit = _visit(inst, template, users["inspector_a"], datetime.date.today() - datetime.timedelta(days=3))
    findings = [Finding.objects.create(visit=visit, item=item, severity=Severity.LOW) for item in items]
    page = client.get(reverse("institutions:public_detail", args=[inst.pk])).content.decode()
    assert "整改中" not in page and "3 项待下达整改通知" in page
    order = RectificationOrder.objects.create(visit=visit, institution=inst,
                                              deadline=datetime.date.today() + datetime.timedelta(days=15))
    Finding.objects.filter(pk__in=[f.pk for f in findings[:2]]).update(order=order)
    page = client.get(reverse("institutions:public_detail", args=[inst.pk])).content.decode()
    assert "2 项整改中" in page and "1 项待下达整改通知" in page
