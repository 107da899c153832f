"""Checklist versions: the shipped checklists, copy into a new draft version, edit, publish; a visit keeps the
version it used; published versions are frozen; only national admins edit."""
import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from inspections import services
from inspections.models import ChecklistItem, ChecklistTemplate, Result
from inspections.services.checklists import MSG_NOT_DRAFT, MSG_SECTION_POINTS

from .conftest import answer_all, finished_visit, items_of

pytestmark = pytest.mark.django_db

DIMENSIONS = {"办托条件": 100, "托育队伍": 140, "保育照护": 200, "卫生保健": 210, "养育支持": 80, "安全保障": 200,
              "机构管理": 70}


def test_the_quality_checklist_has_the_seven_dimensions_and_points_of_ws_t_821(checklists):
    quality = checklists["quality"]
    sections = quality.sections.annotate(points=Sum("items__points"))
    assert {s.title: s.max_points for s in sections} == DIMENSIONS
    assert all(s.points == s.max_points for s in sections)
    baseline = ChecklistItem.objects.filter(section__template=quality, is_baseline=True)
    assert baseline.count() >= 3 and all(item.severity == "high" for item in baseline)
    texts = " ".join(baseline.values_list("text", flat=True))
    assert "备案" in texts and "90天" in texts and "安全责任事故" in texts
    fire = " ".join(ChecklistItem.objects.filter(section__template=checklists["fire"]).values_list("text", flat=True))
    assert all(word in fire for word in ("疏散通道", "安全出口", "灭火器", "电气线路", "演练", "三层及以下"))
    health = " ".join(ChecklistItem.objects.filter(section__template=checklists["health"])
                      .values_list("text", flat=True))
    assert all(word in health for word in ("晨午检", "健康检查", "90天", "消毒", "留样"))
    assert all(services.checklist_problems(t) == [] for t in checklists.values())


def test_seeding_again_changes_nothing(checklists):
    before = ChecklistTemplate.objects.count(), ChecklistItem.objects.count()
    call_command("seed_checklists")
    assert (ChecklistTemplate.objects.count(), ChecklistItem.objects.count()) == before


def test_copy_edit_publish_and_visits_keep_their_version(client, users, institutions, checklists):
    old = checklists["routine"]
    in_progress = services.visit_start(institution=institutions["a"], type="routine", by=users["inspector_a"])
    client.force_login(users["national_admin"])
    response = client.post(reverse("inspections:checklist_detail", args=[old.pk]), {"action": "copy"})
    draft = ChecklistTemplate.objects.get(kind="routine", version=2)
    assert response["Location"] == reverse("inspections:checklist_detail", args=[draft.pk])
    assert draft.is_draft and not draft.is_active and draft.based_on == old

    section = draft.sections.order_by("order").first()
    formset = {"items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
               "items-MAX_NUM_FORMS": "1000", "title": "备案与公示（修订）"}
    rows = [(item.pk, item.text, item.severity) for item in section.items.order_by("order")]
    formset["items-TOTAL_FORMS"] = str(len(rows) + 1)
    for index, (pk, text, severity) in enumerate(rows):
        formset |= {f"items-{index}-id": pk, f"items-{index}-text": text, f"items-{index}-severity": severity,
                    f"items-{index}-order": index + 1}
    formset[f"items-{len(rows) - 1}-delete"] = "on"
    formset |= {f"items-{len(rows)}-text": "托育服务合同示范文本使用情况", f"items-{len(rows)}-severity": "low"}
    response = client.post(reverse("inspections:checklist_section", args=[draft.pk, section.pk]), formset)
    assert response.status_code == 302, response.content.decode()[:2000]
    section.refresh_from_db()
    assert section.title == "备案与公示（修订）"
    assert list(section.items.order_by("order", "id").values_list("text", flat=True))[-1] == "托育服务合同示范文本使用情况"
    assert section.items.count() == len(rows)

    client.post(reverse("inspections:checklist_detail", args=[draft.pk]), {"action": "publish"})
    draft.refresh_from_db()
    old.refresh_from_db()
    assert draft.is_active and not draft.is_draft and not old.is_active

    # The visit started before keeps version 1; a new visit uses version 2.
    in_progress.refresh_from_db()
    assert in_progress.template == old
    answer_all(in_progress, users["inspector_a"])
    assert services.visit_finish(visit=in_progress, by=users["inspector_a"]).template.version == 1
    assert services.visit_start(institution=institutions["a"], type="routine",
                                by=users["inspector_a"]).template == draft

    # Published versions are frozen.
    with pytest.raises(services.InspectionActionError, match=MSG_NOT_DRAFT.split(" / ")[0]):
        services.checklist_section_save(section=section, by=users["national_admin"], title="x", max_points=None,
                                        items=[])


def test_a_quality_draft_whose_points_do_not_add_up_cannot_be_published(users, checklists):
    draft = services.checklist_copy(template=checklists["quality"], by=users["national_admin"])
    item = ChecklistItem.objects.filter(section__template=draft, section__title="机构管理").first()
    ChecklistItem.objects.filter(pk=item.pk).update(points=item.points + 5)
    with pytest.raises(services.ChecklistProblems) as refused:
        services.checklist_publish(template=draft, by=users["national_admin"])
    assert MSG_SECTION_POINTS.format(section="机构管理", sum=75, max=70) in refused.value.problems


def test_only_national_admins_edit_checklists_and_the_grade_scale(client, users, checklists):
    template = checklists["quality"]
    for username in ("inspector_a", "admin_a", "city_admin"):
        client.force_login(users[username])
        assert client.get(reverse("inspections:checklist_detail", args=[template.pk])).status_code == 200
        assert client.post(reverse("inspections:checklist_detail", args=[template.pk]),
                           {"action": "copy"}).status_code == 403
    client.force_login(users["operator_a"])
    assert client.get(reverse("inspections:checklist_list")).status_code == 403
    client.force_login(users["national_admin"])
    refused = client.post(reverse("standards:list"), {"key": "grade.a_min", "value": 700, "basis": "国家",
                                                      "valid_from": timezone.localdate().isoformat()})
    assert refused.status_code == 400 and "A级最低分 &gt; B级最低分 &gt; C级最低分" in refused.content.decode()
    assert client.post(reverse("standards:list"), {"key": "grade.a_min", "value": 880, "basis": "国家",
                                                   "valid_from": timezone.localdate().isoformat()}).status_code == 302


def test_a_finished_visit_reads_as_logged_after_a_new_version(users, institutions, checklists):
    visit = finished_visit(institutions["a"], users["inspector_a"], overrides={("安全", 1): Result.NOT_MET})
    services.checklist_copy(template=checklists["routine"], by=users["national_admin"])
    assert len(items_of(visit)) == 14 and visit.findings.get().item.section.template == checklists["routine"]
