"""Admin pages: checklist versions (copy, edit a draft, publish) and the grade cut-offs and planning intervals.
Government users read them; national admins (and superusers) change them."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regions.models import Region

from .. import services
from ..forms import ChecklistForm, GradeScaleForm, ItemFormSet, PolicyForm, SectionForm
from ..models import ChecklistItem, ChecklistSection, ChecklistTemplate, GradeScale, InspectionPolicy


def _reader(user):
    if user.is_operator or user.scope_code is None:
        raise PermissionDenied


def _editor(user):
    if not services.can_edit_settings(user):
        raise PermissionDenied


@login_required
def checklist_list(request):
    _reader(request.user)
    templates = (_with_province_name(ChecklistTemplate.objects.visible_to(request.user))
                 .select_related("based_on", "created_by")
                 .annotate(items_count=Count("sections__items", distinct=True), visits_count=Count("visits", distinct=True))
                 .order_by("kind", "province_code", "-version"))
    return render(request, "inspections/checklist_list.html", {
        "templates": templates, "nav": "inspections", "editable": services.can_edit_settings(request.user),
        "keeps_province": services.checklist_province_of(request.user)})


def _with_province_name(queryset):
    return queryset.annotate(province_name=Subquery(
        Region.objects.filter(code=OuterRef("province_code")).values("name")[:1]))


def _template(request, pk: int) -> ChecklistTemplate:
    """A version the user sees (another province's: 404)."""
    return get_object_or_404(_with_province_name(ChecklistTemplate.objects.visible_to(request.user)
                                                 .select_related("based_on")), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def checklist_detail(request, pk: int):
    _reader(request.user)
    template = _template(request, pk)
    editable = services.can_edit_checklist(request.user, template)
    copyable = services.can_copy_checklist(request.user, template)
    form = ChecklistForm(initial={"title": template.title, "description": template.description})
    section_form = SectionForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if not (copyable if action == "copy" else editable):
            raise PermissionDenied
        try:
            if action == "copy":
                copy = services.checklist_copy(template=template, by=request.user)
                messages.success(request, _("已复制为新版本（草稿），修改后发布即可启用。"))
                return redirect("inspections:checklist_detail", pk=copy.pk)
            if action == "publish":
                services.checklist_publish(template=template, by=request.user)
                messages.success(request, _("已发布，新的检查将使用此版本。"))
                return redirect("inspections:checklist_detail", pk=template.pk)
            if action == "discard":
                services.checklist_discard(template=template, by=request.user)
                messages.success(request, _("草稿已删除。"))
                return redirect("inspections:checklist_list")
            if action == "edit":
                form = ChecklistForm(request.POST)
                if form.is_valid():
                    services.checklist_update(template=template, by=request.user, **form.cleaned_data)
                    messages.success(request, _("已保存。"))
                    return redirect("inspections:checklist_detail", pk=template.pk)
            if action == "add_section":
                section_form = SectionForm(request.POST)
                if section_form.is_valid():
                    section = services.checklist_section_add(template=template, by=request.user,
                                                             **section_form.cleaned_data)
                    return redirect("inspections:checklist_section", pk=template.pk, section_pk=section.pk)
        except services.ChecklistProblems as error:
            messages.error(request, error.message)
            for problem in error.problems:
                messages.error(request, problem)
        except services.InspectionActionError as error:
            messages.error(request, error.message)
    sections = list(template.sections.prefetch_related(
        Prefetch("items", queryset=ChecklistItem.objects.order_by("order", "id"))))
    problems = services.checklist_problems(template) if template.is_draft else []
    return render(request, "inspections/checklist_detail.html", {
        "template": template, "sections": sections, "editable": editable, "copyable": copyable, "form": form,
        "section_form": section_form, "problems": problems, "nav": "inspections",
        "visits_count": template.visits.count()}, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def checklist_section(request, pk: int, section_pk: int):
    """Edit one section of a draft: its title and points and its items (add, change, delete)."""
    _reader(request.user)
    template = _template(request, pk)
    if not services.can_edit_checklist(request.user, template):
        raise PermissionDenied
    section = get_object_or_404(ChecklistSection.objects.filter(template=template), pk=section_pk)
    if not template.is_draft:
        messages.error(request, services.checklists.MSG_NOT_DRAFT)
        return redirect("inspections:checklist_detail", pk=template.pk)
    items = list(section.items.order_by("order", "id"))
    if request.method == "POST":
        if request.POST.get("action") == "delete_section":
            services.checklist_section_delete(section=section, by=request.user)
            messages.success(request, _("已删除该部分。"))
            return redirect("inspections:checklist_detail", pk=template.pk)
        form = SectionForm(request.POST)
        formset = ItemFormSet(request.POST, prefix="items")
        if form.is_valid() and formset.is_valid():
            rows = [row for row in formset.cleaned_data if row]
            services.checklist_section_save(section=section, by=request.user, items=rows, **form.cleaned_data)
            messages.success(request, _("已保存。"))
            return redirect("inspections:checklist_detail", pk=template.pk)
    else:
        form = SectionForm(initial={"title": section.title, "max_points": section.max_points})
        formset = ItemFormSet(prefix="items", initial=[
            {"id": item.pk, "order": item.order, "text": item.text, "severity": item.severity, "points": item.points,
             "is_baseline": item.is_baseline} for item in items])
    return render(request, "inspections/checklist_section.html", {
        "template": template, "section": section, "form": form, "formset": formset, "nav": "inspections"},
        status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    """Grade cut-offs (quality assessment) and the planning intervals and rectification deadlines."""
    _reader(request.user)
    editable = services.can_edit_settings(request.user)
    scale, policy = GradeScale.current(), InspectionPolicy.current()
    scale_form, policy_form = GradeScaleForm(instance=scale), PolicyForm(instance=policy)
    if request.method == "POST":
        _editor(request.user)
        if request.POST.get("action") == "grades":
            scale_form = GradeScaleForm(request.POST, instance=GradeScale.current())
            if scale_form.is_valid():
                try:
                    services.grade_scale_save(by=request.user, **scale_form.cleaned_data)
                except services.InspectionActionError as error:
                    scale_form.add_error(None, error.message)
                else:
                    messages.success(request, _("等级分数线已保存，适用于此后完成的质量评估。"))
                    return redirect("inspections:settings")
        else:
            policy_form = PolicyForm(request.POST, instance=InspectionPolicy.current())
            if policy_form.is_valid():
                services.inspection_policy_save(by=request.user, **policy_form.cleaned_data)
                messages.success(request, _("检查计划规则已保存。"))
                return redirect("inspections:settings")
    return render(request, "inspections/settings.html", {
        "scale_form": scale_form, "policy_form": policy_form, "editable": editable, "scale": scale,
        "policy": policy, "nav": "inspections"}, status=400 if request.method == "POST" else 200)

