"""/monthly/: an operator's months (owed, on time, late, missing) and the report form (pre-filled); a staff member's
completeness and timeliness of their region's reports with each institution's status, exported as XLSX/CSV."""
import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.policy import can
from accounts.scoping import STAFF, audience
from core.pagination import CountCachingPaginator
from core.spreadsheets import csv_response, workbook_response
from institutions.models import Institution
from regions.selectors import region_by_code, region_paths

from . import selectors, services
from .models import AgeBand, MonthlyReport

NUMBER = {"class": "form-control", "inputmode": "numeric"}
RECENT_MONTHS = 6


class ReportForm(forms.ModelForm):
    """The month's figures (the model's fields; saved by monthly.services.report_submit, never by the form)."""

    BANDS = ("enrolled_6_12", "enrolled_12_24", "enrolled_24_36")
    TYPES = ("full_day", "half_day", "hourly", "temporary")
    OTHERS = ("attendance_days", "staff", "fees_charged", "incidents")

    class Meta:
        model = MonthlyReport
        fields = services.COUNT_FIELDS
        labels = {"enrolled_6_12": gettext_lazy("6–12个月"), "enrolled_12_24": gettext_lazy("12–24个月"),
                  "enrolled_24_36": gettext_lazy("24–36个月"), "full_day": gettext_lazy("全日托"),
                  "half_day": gettext_lazy("半日托"), "hourly": gettext_lazy("计时托"),
                  "temporary": gettext_lazy("临时托")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required, field.max_value = True, services.maximum(name)
            field.validators.append(MaxValueValidator(field.max_value))
            field.widget = forms.NumberInput(attrs={**NUMBER, "min": 0, "max": field.max_value})


def _month(text: str):
    month = services.parse_month(text)
    if month is None:
        raise Http404
    return month


@login_required
def home(request):
    """Operators: each institution's recent months with their status; staff go to the completeness page."""
    user = request.user
    if audience(user) == STAFF:
        return redirect("monthly:completeness")
    if not user.is_operator:
        raise PermissionDenied
    today = timezone.localdate()
    institutions = list(Institution.objects.visible_to(user).order_by("name", "id"))
    reports = {(r.institution_id, r.month): r for r in MonthlyReport.objects.filter(
        institution__in=institutions, month__gte=services.first_month())}
    rows = []
    for institution in institutions:
        months = services.expected_months(institution, today)[-RECENT_MONTHS:]
        entries = []
        for month in reversed(months):
            report = reports.get((institution.pk, month))
            due = services.due_date(institution.region_id, month)
            entries.append({"month": month, "due": due, "report": report,
                            "status": services.status(report, due, today)})
        rows.append({"institution": institution, "months": entries})
    return render(request, "monthly/home.html", {"rows": rows, "nav": "monthly", "today": today,
                                                 "first_month": services.first_month()})


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk: int, month: str):
    """The month's report of an institution: the form for its operators (a revision once sent), read-only for
    staff in scope; 404 for anybody else."""
    user = request.user
    institution = get_object_or_404(Institution.objects.visible_to(user).select_related("region"), pk=pk)
    month = _month(month)
    existing = MonthlyReport.objects.filter(institution=institution, month=month).select_related(
        "submitted_by").first()
    may_submit = can(user, "monthly.submit", institution)
    today = timezone.localdate()
    due = services.due_date(institution.region_id, month)
    initial = ({field: getattr(existing, field) for field in services.COUNT_FIELDS} if existing
               else services.prefill(institution, month))
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not may_submit:
            raise PermissionDenied
        if form.is_valid():
            try:
                saved, created = services.report_submit(by=user, institution=institution, month=month,
                                                        values=form.cleaned_data)
            except services.MonthlyReportError as error:
                form.add_error(None, error.message)
                for name in error.fields:  # the figures the message is about, marked in the form
                    attrs = form.fields[name].widget.attrs
                    attrs.update({"class": f"{attrs.get('class', '')} is-invalid", "aria-invalid": "true"})
            else:
                messages.success(request, _("月报已报送。") if created else _("月报已修改。"))
                return redirect("monthly:report", pk=institution.pk, month=f"{month:%Y-%m}")
    return render(request, "monthly/report.html", {
        "institution": institution, "month": month, "report": existing, "form": form, "may_submit": may_submit,
        "due": due, "status": services.status(existing, due, today), "bands": AgeBand.choices,
        "owed": services.counted_at_month_end(institution, month) and services.first_month() <= month
        <= services.last_ended_month(today),
        "nav": "monthly" if user.is_operator else "stats",
    }, status=400 if form.is_bound and form.errors else 200)


EXPORT_HEADERS = (gettext_lazy("机构"), gettext_lazy("统一社会信用代码"), gettext_lazy("所在区划"),
                  gettext_lazy("状态"), gettext_lazy("报送时间"), gettext_lazy("在托总数"), gettext_lazy("空位合计"))


@login_required
def completeness(request):
    """Completeness and timeliness of a month's reports in the user's region or a region below it: per child region,
    then every institution that owes the report with its status (paginated; XLSX/CSV of all)."""
    user = request.user
    if audience(user) != STAFF:
        raise PermissionDenied
    scope = user.scope_code or ""
    today = timezone.localdate()
    month = services.parse_month(request.GET.get("month", "")) or services.last_ended_month(today)
    region_code = request.GET.get("region", scope).strip()
    if not region_code.startswith(scope) or (region_code and region_by_code(region_code) is None):
        raise Http404
    figures = selectors.completeness(region_code, month)
    due = services.due_date(region_code, month)
    statuses = selectors.institution_statuses(region_code, month)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        labels = services.STATUS_LABELS
        rows = [[str(h) for h in EXPORT_HEADERS]]
        for institution in statuses.iterator(chunk_size=2000):
            state = _state(institution, due, today)
            rows.append([institution.name, institution.credit_code, institution.region_id, str(labels[state]),
                         timezone.localtime(institution.report_submitted_at).strftime("%Y-%m-%d %H:%M")
                         if institution.report_submitted_at else "", institution.report_enrolled,
                         institution.report_vacancies])
        name = f"monthly-{region_code or 'CN'}-{month:%Y-%m}"
        if export == "csv":
            return csv_response(rows, name)
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(f"{month:%Y-%m}")
        for row in rows:
            sheet.append(row)
        return workbook_response(workbook, name)
    page_obj = CountCachingPaginator(statuses, 50).get_page(request.GET.get("page"))
    paths = region_paths([institution.region_id for institution in page_obj.object_list])
    for institution in page_obj.object_list:
        institution.state = _state(institution, due, today)
        institution.path = paths.get(institution.region_id, "")
    months = []
    cursor = services.last_ended_month(today)
    while cursor >= services.first_month() and len(months) < 12:
        months.append(cursor)
        cursor = services.month_of(cursor - datetime.timedelta(days=1))
    return render(request, "monthly/completeness.html", {
        "figures": figures, "month": month, "months": months, "due": due, "page_obj": page_obj,
        "still_open": today <= due,  # reports not sent yet are pending, not missing, until the due day has passed
        "region_code": region_code, "region": region_by_code(region_code) if region_code else None,
        "labels": services.STATUS_LABELS, "before_start": month < services.first_month(), "nav": "stats",
    })


def _state(institution, due, today) -> str:
    """The status of an institution annotated by selectors.institution_statuses."""
    return services.status_of(received=institution.report_id is not None, on_time=bool(institution.report_on_time),
                              due=due, today=today)
