"""Pages: the public directory (信息公示) and the staff institution pages, all scoped."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent

from .filters import InstitutionFilter, StaffInstitutionFilter
from .models import CapacityRecord, Institution
from .selectors import institution_list, public_institution, region_path, today

PAGE_SIZE = 20
SORTS = {
    "name": ("name", "id"),
    "-slots": ("-slots", "name", "id"),
    "-star": ("-star_rating", "name", "id"),
    "-filed_on": ("-filed_on", "name", "id"),
    "region": ("region_id", "name", "id"),
}
SORT_LABELS = {
    "region": _("按区划"), "name": _("按名称"), "-slots": _("托位数从多到少"),
    "-star": _("星级从高到低"), "-filed_on": _("最近备案"),
}


def _sorted(queryset, sort: str):
    order = SORTS.get(sort, SORTS["region"])
    if order[0] in ("-slots", "-star_rating"):
        from django.db.models import F

        field = order[0][1:]
        return queryset.order_by(F(field).desc(nulls_last=True), *order[1:])
    return queryset.order_by(*order)


def _page(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def directory(request):
    """信息公示: filed institutions, searchable by anyone without logging in."""
    filterset = InstitutionFilter(request.GET or None, queryset=Institution.objects.public())
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else Institution.objects.public()
    sort = request.GET.get("sort", "region")
    page_obj = _page(request, _sorted(institution_list(base=queryset), sort))
    return render(request, "institutions/directory.html", {
        "filter": filterset, "form": filterset.form, "page_obj": page_obj, "nav": "directory",
        "sort": sort, "sort_labels": SORT_LABELS, "as_of": today(),
    })


def public_detail(request, pk: int):
    institution = public_institution(pk)
    return render(request, "institutions/public_detail.html", {
        "institution": institution, "path": region_path(institution.region), "nav": "directory", "as_of": today(),
    })


@login_required
def staff_list(request):
    base = Institution.objects.visible_to(request.user)
    filterset = StaffInstitutionFilter(request.GET or None, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    sort = request.GET.get("sort", "region")
    page_obj = _page(request, _sorted(institution_list(base=queryset), sort))
    return render(request, "institutions/staff_list.html", {
        "filter": filterset, "form": filterset.form, "page_obj": page_obj, "nav": "staff_institutions",
        "sort": sort, "sort_labels": SORT_LABELS, "as_of": today(),
    })


@login_required
def staff_detail(request, pk: int):
    institution = get_object_or_404(institution_list(base=Institution.objects.visible_to(request.user)), pk=pk)
    capacity = CapacityRecord.objects.filter(institution=institution).select_related("created_by").order_by(
        "-effective_from")
    audit = AuditEvent.objects.filter(object_type=institution._meta.label_lower,
                                      object_id=str(institution.pk)).select_related("actor")[:50]
    return render(request, "institutions/staff_detail.html", {
        "institution": institution, "path": region_path(institution.region), "capacity": capacity,
        "classes": institution.classes.all(), "operators": institution.operators.all(), "audit": audit,
        "nav": "staff_institutions", "as_of": today(),
    })
