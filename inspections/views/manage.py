"""Admin pages: checklist versions (copy, edit a draft, publish). Government users read them; national admins
(and a province's admins, for its own versions) change them. Grade cut-offs and intervals are standards."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regions.models import Region

from .. import services
from ..forms import ChecklistForm, ItemFormSet, SectionForm
from ..models import ChecklistItem, ChecklistSection, ChecklistTemplate


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
def settings_page(request):
    """The grade cut-offs, planning intervals and rectification deadlines are standards (standards/): a province
    may tighten them. The old address leads to their part of the standards page."""
    _reader(request.user)
    return redirect(reverse("standards:list") + "#rules-inspection")
