"""Keeping the checklists: a published version is never edited; admins copy it into a new draft version, edit
the draft's sections and items, and publish it (it becomes the version new visits use).

National admins keep the national versions (and may keep any province's); a province's admins keep their
province's own versions: their copy of any version they see becomes a draft of their province, and once
published it is the version the province's inspectors use (docs/inspections.md "Provincial checklists")."""
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext_lazy

from accounts.models import User

from ..models import ChecklistItem, ChecklistSection, ChecklistTemplate, Severity
from ..scoring import QUALITY_MAX
from .common import InspectionActionError, audit, now

MSG_NOT_DRAFT = gettext_lazy("已发布的检查表不能修改，请复制为新版本")
MSG_COPY_RACE = gettext_lazy("另一位管理员刚刚复制了该检查表，请刷新后重试")
MSG_EMPTY_SECTION = gettext_lazy("“{section}”没有检查项")
MSG_NO_SECTIONS = gettext_lazy("检查表至少需要一个部分")
MSG_SECTION_POINTS = (gettext_lazy("“{section}”各项分值合计 {sum}，与该部分分值 {max} 不一致"))
MSG_TOTAL_POINTS = gettext_lazy("各部分分值合计 {sum}，应为 {max}")
MSG_ITEM_POINTS = gettext_lazy("“{section}”有检查项未设分值")
MSG_PROBLEMS = gettext_lazy("检查表还有问题，不能发布")
MSG_NOT_YOURS = gettext_lazy("您只能维护本省的检查表版本")


class ChecklistProblems(InspectionActionError):
    def __init__(self, problems: list[str]):
        super().__init__(MSG_PROBLEMS)
        self.problems = problems


def checklist_province_of(user: User) -> str | None:
    """The checklists a user keeps: "" for national admins (every version), a province code for a province's
    admins, None for everybody else."""
    return user.rules_province


def can_copy_checklist(user: User, template: ChecklistTemplate) -> bool:
    province = checklist_province_of(user)
    return province is not None and (province == "" or template.province_code in ("", province))


def can_edit_checklist(user: User, template: ChecklistTemplate) -> bool:
    province = checklist_province_of(user)
    return province == "" or (bool(province) and template.province_code == province)


def _audit(template: ChecklistTemplate, *, by, action: str, summary: str = "", after=None):
    audit(template, by=by, action=f"checklist.{action}", summary=summary or str(template), after=after)


def _draft(template: ChecklistTemplate) -> ChecklistTemplate:
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    if not template.is_draft:
        raise InspectionActionError(MSG_NOT_DRAFT)
    return template


def checklist_copy(*, template: ChecklistTemplate, by: User) -> ChecklistTemplate:
    """A new draft version of the template's kind with the same sections and items: of the same province for a
    national admin, of the admin's own province for a province's admin."""
    if not can_copy_checklist(by, template):
        raise InspectionActionError(MSG_NOT_YOURS)
    province = checklist_province_of(by) or template.province_code
    try:
        with transaction.atomic():
            latest = ChecklistTemplate.objects.filter(kind=template.kind).aggregate(v=Max("version"))["v"] or 0
            copy = ChecklistTemplate.objects.create(kind=template.kind, version=latest + 1, title=template.title,
                                                    description=template.description, based_on=template,
                                                    province_code=province, created_by=by)
            for section in template.sections.prefetch_related("items"):
                new_section = ChecklistSection.objects.create(template=copy, order=section.order, title=section.title,
                                                              max_points=section.max_points)
                ChecklistItem.objects.bulk_create([
                    ChecklistItem(section=new_section, order=item.order, text=item.text, severity=item.severity,
                                  points=item.points, is_baseline=item.is_baseline)
                    for item in section.items.all()])
            _audit(copy, by=by, action="copy", summary=f"{template} → v{copy.version}")
            return copy
    except IntegrityError:
        raise InspectionActionError(MSG_COPY_RACE) from None


def checklist_update(*, template: ChecklistTemplate, by: User, title: str, description: str) -> ChecklistTemplate:
    with transaction.atomic():
        template = _draft(template)
        template.title, template.description = title.strip(), description.strip()
        template.save(update_fields=["title", "description"])
        _audit(template, by=by, action="edit")
        return template


def checklist_section_add(*, template: ChecklistTemplate, by: User, title: str,
                          max_points: int | None = None) -> ChecklistSection:
    with transaction.atomic():
        template = _draft(template)
        last = template.sections.aggregate(o=Max("order"))["o"] or 0
        section = ChecklistSection.objects.create(template=template, order=last + 1, title=title.strip(),
                                                  max_points=max_points if template.uses_points else None)
        _audit(template, by=by, action="edit", summary=f"{template}: + {section.title}")
        return section


def checklist_section_save(*, section: ChecklistSection, by: User, title: str, max_points: int | None,
                           items: list[dict]) -> ChecklistSection:
    """Replace a draft section's title, points and items. `items`: dicts with `id` (None for a new item), `text`,
    `severity`, `points`, `is_baseline`, `order` and `delete`."""
    with transaction.atomic():
        template = _draft(section.template)
        section = ChecklistSection.objects.select_for_update().get(pk=section.pk, template=template)
        section.title = title.strip()
        section.max_points = max_points if template.uses_points else None
        section.save(update_fields=["title", "max_points"])
        existing = {item.pk: item for item in section.items.all()}
        for index, row in enumerate(items, start=1):
            item = existing.get(row.get("id")) if row.get("id") else None
            if row.get("delete"):
                if item is not None:
                    item.delete()
                continue
            text = (row.get("text") or "").strip()
            if not text:
                continue
            item = item or ChecklistItem(section=section)
            item.text, item.severity = text, row.get("severity") or Severity.MEDIUM
            item.points = row.get("points") if template.uses_points else None
            item.is_baseline = bool(row.get("is_baseline"))
            item.order = row.get("order") or index
            item.save()
        _audit(template, by=by, action="edit", summary=f"{template}: {section.title}")
        return section


def checklist_section_delete(*, section: ChecklistSection, by: User) -> None:
    with transaction.atomic():
        template = _draft(section.template)
        _audit(template, by=by, action="edit", summary=f"{template}: − {section.title}")
        section.delete()


def checklist_problems(template: ChecklistTemplate) -> list[str]:
    """What keeps a draft from being published: empty sections; for quality assessments, points that do not add
    up (each item has points, the items add up to their section, the sections to 1,000)."""
    sections = list(template.sections.annotate(points_sum=Sum("items__points")).prefetch_related("items"))
    if not sections:
        return [MSG_NO_SECTIONS]
    problems = []
    for section in sections:
        items = list(section.items.all())
        if not items:
            problems.append(MSG_EMPTY_SECTION.format(section=section.title))
            continue
        if template.uses_points:
            if any(item.points is None for item in items):
                problems.append(MSG_ITEM_POINTS.format(section=section.title))
            elif (section.points_sum or 0) != (section.max_points or 0):
                problems.append(MSG_SECTION_POINTS.format(section=section.title, sum=section.points_sum or 0,
                                                          max=section.max_points or 0))
    if template.uses_points:
        total = sum(section.max_points or 0 for section in sections)
        if total != QUALITY_MAX:
            problems.append(MSG_TOTAL_POINTS.format(sum=total, max=QUALITY_MAX))
    return problems


def checklist_publish(*, template: ChecklistTemplate, by: User) -> ChecklistTemplate:
    """Publish a draft: frozen from now on, and the version new visits of its kind use."""
    with transaction.atomic():
        template = _draft(template)
        problems = checklist_problems(template)
        if problems:
            raise ChecklistProblems(problems)
        ChecklistTemplate.objects.filter(kind=template.kind, province_code=template.province_code,
                                         is_active=True).update(is_active=False)
        template.is_active, template.published_at = True, now()
        template.save(update_fields=["is_active", "published_at"])
        _audit(template, by=by, action="publish")
        return template


def checklist_discard(*, template: ChecklistTemplate, by: User) -> None:
    """Delete a draft (never used: only published versions can be used by visits)."""
    with transaction.atomic():
        template = _draft(template)
        _audit(template, by=by, action="discard")
        template.delete()
