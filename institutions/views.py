"""Pages: the public directory (信息公示) and the staff institution pages, all scoped."""
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts.models import AuditEvent
from accounts.policy import can
from core.pagination import CountCachingPaginator
from regions.selectors import region_paths

from .filters import InstitutionFilter, StaffInstitutionFilter
from .forms import StarRatingForm
from .models import CapacityRecord, Institution
from .selectors import (
    figures_attach,
    institution_list,
    institution_sorted,
    public_institution,
    region_path,
    today,
    vacancies_attach,
)
from .services import star_rating_set

PAGE_SIZE = 20
# The monthly report's age bands (monthly.models.AgeBand; institutions does not import monthly).
AGE_BANDS = (("6_12", _("6–12个月（乳儿班）")), ("12_24", _("12–24个月（托小班）")), ("24_36", _("24–36个月（托大班）")))
SORT_LABELS = {
    "region": _("按区划"), "name": _("按名称"), "-slots": _("托位数从多到少"),
    "-star": _("星级从高到低"), "-filed_on": _("最近备案"),
}


# What the list pages show (directory.html, staff_list.html): the other columns stay in the database, and the
# region path comes from the cached regions (regions.selectors.region_paths), not from four joins per row.
LIST_FIELDS = ("id", "name", "credit_code", "region", "operating_model", "nature", "inclusive", "pilot_level",
               "star_rating", "filing_state", "filing_number")


def _page(request, queryset, sort: str, **figures):
    """One page of a list, sorted; current capacity (and the `figures` figures_attach is asked for) computed for the
    page's rows only (capacity not again when sorted by it)."""
    listed = queryset.with_capacity_at(today()) if sort == "-slots" else queryset
    listed = institution_sorted(listed, sort).only(*LIST_FIELDS)
    page_obj = CountCachingPaginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = figures_attach(page_obj.object_list, **figures)
    paths = region_paths(row.region_id for row in rows)
    for row in rows:
        row.region_path_text = paths.get(row.region_id, "")
    page_obj.object_list = rows
    return page_obj


def directory(request):
    """信息公示: filed institutions, searchable by anyone without logging in."""
    filterset = InstitutionFilter(request.GET or None, queryset=Institution.objects.public())
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else Institution.objects.public()
    sort = request.GET.get("sort", "region")
    page_obj = _page(request, queryset, sort, vacancies=True, fees=True)
    return render(request, "institutions/directory.html", {
        "filter": filterset, "form": filterset.form, "page_obj": page_obj, "nav": "directory",
        "sort": sort, "sort_labels": SORT_LABELS, "as_of": today(),
    })


def public_detail(request, pk: int):
    institution = public_institution(pk)
    [institution] = vacancies_attach([institution])
    return render(request, "institutions/public_detail.html", {
        "institution": institution, "path": region_path(institution.region), "nav": "directory", "as_of": today(),
        "bands": AGE_BANDS,
    })


@login_required
def staff_list(request):
    base = Institution.objects.visible_to(request.user)
    filterset = StaffInstitutionFilter(request.GET or None, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    sort = request.GET.get("sort", "region")
    page_obj = _page(request, queryset, sort)
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


def _basis_visits(institution) -> list[tuple[int, str]]:
    """The institution's finished visits to base a rating on, quality assessments first, newest first (inspections
    is read through the app registry: it depends on institutions, not the other way round)."""
    visit_model = apps.get_model("inspections", "Visit")
    visits = (visit_model.objects.filter(institution=institution, status="finished")
              .annotate(quality_first=Case(When(type="quality", then=0), default=1))
              .order_by("quality_first", "-finished_on", "-id")
              .only("id", "type", "finished_on", "grade")[:30])
    labels = []
    for visit in visits:
        grade = (" · " + gettext("%(g)s 级") % {"g": visit.grade}) if visit.grade else ""
        labels.append((visit.pk, f"#{visit.pk} {visit.get_type_display()} {visit.finished_on or ''}{grade}"))
    return labels


@login_required
@require_http_methods(["GET", "POST"])
def star_rating(request, pk: int):
    """星级评定: set or revoke the rating with a reason; the history of every change below the form."""
    institution = get_object_or_404(Institution.objects.visible_to(request.user).select_related("region"), pk=pk)
    if not can(request.user, "institution.rate", institution):
        raise PermissionDenied
    form = StarRatingForm(request.POST or None, initial={"rating": str(institution.star_rating or "")},
                          basis_visits=_basis_visits(institution))
    if request.method == "POST" and form.is_valid():
        try:
            star_rating_set(institution=institution, rating=form.rating_value(), by=request.user,
                            reason=form.cleaned_data["reason"], visit_ref=form.cleaned_data["visit_ref"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("星级已更新。"))
            return redirect("institutions:star_rating", pk=institution.pk)
    return render(request, "institutions/star_rating.html", {
        "institution": institution, "form": form, "nav": "staff_institutions",
        "history": institution.star_rating_changes.select_related("actor"),
    }, status=400 if form.is_bound else 200)


@login_required
def staff_export(request, fmt: str):
    """The staff list as CSV or XLSX, with the list's filters and the user's scope (never more).

    Up to EXPORT_MAX_SYNC_ROWS rows are streamed at once. A larger export is a background job: this GET
    only sends the user to the export job's confirmation page (exports app), whose POST creates the job
    (docs/exports.md). The page is reached by its URL name, so this app does not import the exports app.
    """
    from .exports import csv_response, export_queryset, max_sync_rows, xlsx_response

    if fmt not in ("csv", "xlsx"):
        raise Http404
    queryset = export_queryset(user=request.user, data=request.GET)
    if queryset.count() > max_sync_rows():
        query = request.GET.copy()
        query.pop("page", None)
        url = reverse("exports:new", args=["institutions", fmt])
        return redirect(f"{url}?{query.urlencode()}" if query else url)
    filename = f"tuoyu-institutions-{today():%Y%m%d}"
    if fmt == "xlsx":
        return xlsx_response(queryset, filename, title=gettext("托育机构"))
    return csv_response(queryset, filename)
