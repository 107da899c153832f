"""/incidents/: the incidents an operator reported or a staff member's region had (filtered, paginated, exported),
the report form for operators and each incident's page with the step its handler may take."""
import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.scoping import STAFF, audience
from core.pagination import CountCachingPaginator
from core.spreadsheets import csv_response
from institutions.forms import FiledInstitutionForm
from notifications.services import notification_mark_read_at

from . import services
from .models import Incident, IncidentKind, IncidentStatus

TEXTAREA = {"class": "form-control", "rows": 3}


class ReportForm(FiledInstitutionForm):
    kind = forms.ChoiceField(label=gettext_lazy("事件类型"), choices=IncidentKind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    occurred_at = forms.DateTimeField(label=gettext_lazy("发生时间"), input_formats=["%Y-%m-%dT%H:%M"],
                                      widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M",
                                                                 attrs={"class": "form-control",
                                                                        "type": "datetime-local"}))
    children_affected = forms.IntegerField(label=gettext_lazy("涉及婴幼儿数"), min_value=0, max_value=10_000,
                                           widget=forms.NumberInput(attrs={"class": "form-control"}))
    description = forms.CharField(label=gettext_lazy("事件经过"), max_length=2000,
                                  widget=forms.Textarea(attrs=TEXTAREA))
    measures = forms.CharField(label=gettext_lazy("已采取的措施"), max_length=2000,
                               widget=forms.Textarea(attrs=TEXTAREA))


class StepForm(forms.Form):
    action = forms.ChoiceField(choices=list(services.STEP_LABELS.items()))
    note = forms.CharField(label=gettext_lazy("处置意见"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))


NAV = "incidents"


@login_required
def incident_list(request):
    user = request.user
    rows = Incident.objects.visible_to(user).select_related("institution__region")
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    if status in IncidentStatus.values:
        rows = rows.filter(status=status)
    if kind in IncidentKind.values:
        rows = rows.filter(kind=kind)
    if request.GET.get("export") == "csv" and audience(user) == STAFF:
        return csv_response([[_("机构"), _("事件类型"), _("发生时间"), _("报告时间"), _("超过24小时报告"),
                              _("涉及婴幼儿数"), _("状态")], *([
            i.institution.name, i.get_kind_display(), timezone.localtime(i.occurred_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(i.reported_at).strftime("%Y-%m-%d %H:%M"), _("是") if i.late else _("否"),
            i.children_affected, i.get_status_display()] for i in rows.iterator(chunk_size=2000))], "incidents")
    page_obj = CountCachingPaginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "incidents/list.html", {
        "page_obj": page_obj, "status": status, "kind": kind, "statuses": IncidentStatus.choices,
        "kinds": IncidentKind.choices, "may_report": user.is_operator, "nav": NAV})


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request):
    user = request.user
    if not user.is_operator:
        raise PermissionDenied
    form = ReportForm(request.POST or None, user=user,
                      initial={"occurred_at": timezone.localtime().replace(second=0, microsecond=0)})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            incident = services.incident_report(by=user, **data)
        except services.IncidentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已报告，县级卫生健康部门将确认处置。"))
            return redirect("incidents:detail", pk=incident.pk)
    return render(request, "incidents/new.html", {"form": form, "nav": NAV,
                                                  "hours": services.REPORT_HOURS},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def incident_detail(request, pk: int):
    user = request.user
    incident = get_object_or_404(Incident.objects.visible_to(user).select_related(
        "institution__region", "reported_by", "acknowledged_by", "closed_by", "visit"), pk=pk)
    actions = services.actions_for(user, incident)
    form = StepForm(request.POST or None)
    if request.method == "POST":
        if not actions:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.incident_step(by=user, incident=incident, **form.cleaned_data)
            except services.IncidentError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已办理。"))
                return redirect("incidents:detail", pk=incident.pk)
    else:
        notification_mark_read_at(user=user, url=request.path)  # the notices that led here are read
    return render(request, "incidents/detail.html", {
        "incident": incident, "form": form, "actions": [(a, services.STEP_LABELS[a]) for a in actions],
        "nav": NAV, "deadline": incident.occurred_at + datetime.timedelta(hours=services.REPORT_HOURS)},
        status=400 if form.is_bound and form.errors else 200)
