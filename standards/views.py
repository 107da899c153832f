"""/standards/: the rules of the standards in force for a province, their history, and setting them."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.models import Region, RegionLevel

from . import registry
from .forms import DocumentEndForm, DocumentRequirementForm, StandardForm
from .models import DocumentRequirement
from .permissions import can_read, can_set, editable_province
from .selectors import document_history, documents_in_force, history, province_shown, standards_for
from .services import StandardActionError, document_requirement_add, document_requirement_end, standard_set


@login_required
def standard_list(request):
    if not can_read(request.user):
        raise PermissionDenied
    province_code = province_shown(request.user, request.GET.get("province", ""))
    editing = editable_province(request.user)
    # A national admin sets national rules with no province chosen, or the chosen province's rules.
    target = province_code if editing == "" else editing
    form = document_form = None
    posted = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "rule")
    if target is not None and can_set(request.user, target):
        form = StandardForm(posted if action == "rule" else None)
        if target:  # materials are added for one province
            # Prefixed: its fields must not share ids (valid_from, basis) with the rule form on the same page.
            document_form = DocumentRequirementForm(posted if action == "document" else None, prefix="document")
        if request.method == "POST" and action in ("document", "end_document"):
            if not target:
                raise PermissionDenied  # a national admin chooses the province first
            done = _documents_post(request, target, action, document_form)
            if done:
                return done
        elif request.method == "POST" and form.is_valid():
            try:
                standard_set(by=request.user, province_code=target, **form.cleaned_data)
            except StandardActionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已保存。"))
                url = reverse("standards:list")
                return redirect(f"{url}?province={target}" if target and not request.user.scope_code else url)
    elif request.method == "POST":
        raise PermissionDenied
    in_force = standards_for(province_code)
    groups = [(group, label, [item for item in in_force if item.rule.group == group])
              for group, label in registry.GROUPS.items()]
    provinces = Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code") if request.user.scope_code == "" else []
    today = timezone.localdate()
    return render(request, "standards/list.html", {
        "groups": groups, "province": Region.objects.filter(code=province_code).first() if province_code else None,
        "province_code": province_code, "provinces": provinces, "form": form, "target": target,
        "history": history(province_code)[:50], "labels": registry.BY_KEY, "nav": "standards",
        "national_documents": registry.national_documents(),
        "documents": documents_in_force(province_code, today),
        "document_history": document_history(province_code)[:50] if province_code else [],
        "document_form": document_form, "today": today,
    }, status=400 if any(f is not None and f.is_bound and f.errors for f in (form, document_form)) else 200)


def _documents_post(request, target: str, action: str, document_form):
    """Add a material the province requires, or stop requiring one; a redirect when done, else None (errors on
    the form, or a message)."""
    url = reverse("standards:list") + (f"?province={target}" if not request.user.scope_code else "") + "#documents"
    if action == "document":
        if not document_form.is_valid():
            return None
        try:
            document_requirement_add(by=request.user, province_code=target,
                                     national_labels=[name for name, _always in registry.national_documents()],
                                     **document_form.cleaned_data)
        except StandardActionError as exc:
            document_form.add_error(None, exc.message)
            return None
        messages.success(request, _("已增加备案材料要求。"))
        return redirect(url)
    end = DocumentEndForm(request.POST)
    if not end.is_valid():
        messages.error(request, _("请填写停止要求日期。"))
        return redirect(url)
    requirement = get_object_or_404(DocumentRequirement, pk=end.cleaned_data["requirement"], province_code=target)
    try:
        document_requirement_end(requirement=requirement, on=end.cleaned_data["on"], by=request.user)
    except StandardActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已设定停止要求日期。"))
    return redirect(url)
