"""/standards/: the rules of the standards in force for a province, their history, and setting them."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from regions.models import Region, RegionLevel

from . import registry
from .forms import StandardForm
from .permissions import can_read, can_set, editable_province
from .selectors import history, province_shown, standards_for
from .services import StandardActionError, standard_set


@login_required
def standard_list(request):
    if not can_read(request.user):
        raise PermissionDenied
    province_code = province_shown(request.user, request.GET.get("province", ""))
    editing = editable_province(request.user)
    # A national admin sets national rules with no province chosen, or the chosen province's rules.
    target = province_code if editing == "" else editing
    form = None
    if target is not None and can_set(request.user, target):
        form = StandardForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
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
    return render(request, "standards/list.html", {
        "groups": groups, "province": Region.objects.filter(code=province_code).first() if province_code else None,
        "province_code": province_code, "provinces": provinces, "form": form, "target": target,
        "history": history(province_code)[:50], "labels": registry.BY_KEY, "nav": "standards",
    }, status=400 if form is not None and form.is_bound and form.errors else 200)
