"""/programme/supervision/: supervision items (督办) of the user's scope — list, open, and each item's page with
its timeline and the step the user may take."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.policy import can
from accounts.scoping import STAFF, audience
from core.dates import deadline_date
from core.pagination import CountCachingPaginator

from . import services
from .models import SupervisionEventKind, SupervisionItem, SupervisionStatus

DATE = {"class": "form-control", "type": "date"}


class OpenForm(forms.Form):
    region_code = forms.CharField(label=gettext_lazy("督办对象区划代码"), max_length=12,
                                  widget=forms.TextInput(attrs={"class": "form-control"}))
    basis = forms.CharField(label=gettext_lazy("依据"), max_length=200, required=False,
                            widget=forms.TextInput(attrs={"class": "form-control"}))
    issue = forms.CharField(label=gettext_lazy("督办事项"), max_length=2000,
                            widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}))
    responsible = forms.CharField(label=gettext_lazy("责任人"), max_length=100,
                                  widget=forms.TextInput(attrs={"class": "form-control"}))
    deadline = forms.DateField(label=gettext_lazy("办结期限"), validators=[deadline_date],
                               widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=[
        (k, label) for k, label in SupervisionEventKind.choices if k != SupervisionEventKind.CLOSE],
        widget=forms.Select(attrs={"class": "form-select"}))
    on = forms.DateField(label=gettext_lazy("日期"), initial=timezone.localdate,
                         widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))
    text = forms.CharField(label=gettext_lazy("内容"), max_length=4000,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}))


class CloseForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("办结意见"), max_length=2000,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))


def _staff(request):
    if audience(request.user) != STAFF:
        raise PermissionDenied
    return request.user


@login_required
def supervision_list(request):
    _staff(request)
    items = SupervisionItem.objects.visible_to(request.user).select_related("region", "opened_by")
    status = request.GET.get("status", SupervisionStatus.OPEN)
    if status in SupervisionStatus.values:
        items = items.filter(status=status)
    page = CountCachingPaginator(items.order_by("deadline", "id"), 50).get_page(request.GET.get("page"))
    return render(request, "programme/supervision_list.html", {
        "page_obj": page, "status": status, "statuses": SupervisionStatus.choices, "today": timezone.localdate(),
        "may_open": can(request.user, "supervision.open"), "nav": "stats"})


@login_required
@require_http_methods(["GET", "POST"])
def supervision_new(request):
    if not can(request.user, "supervision.open"):
        raise PermissionDenied
    form = OpenForm(request.POST or None, initial={"region_code": request.GET.get("region", ""),
                                                   "basis": request.GET.get("basis", "")})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.supervision_open(by=request.user, **form.cleaned_data)
        except services.SupervisionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("督办事项已发起。"))
            return redirect("programme:supervision_detail", pk=item.pk)
    return render(request, "programme/supervision_new.html", {"form": form, "nav": "stats"},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def supervision_detail(request, pk: int):
    item = get_object_or_404(SupervisionItem.objects.visible_to(request.user)
                             .select_related("region", "opened_by"), pk=pk)
    manage, report = can(request.user, "supervision.manage", item), can(request.user, "supervision.report", item)
    action = request.POST.get("action")
    event_form = EventForm(request.POST if action == "event" else None,
                           initial={"kind": SupervisionEventKind.REPORT if report else SupervisionEventKind.INTERVIEW})
    if not manage:
        event_form.fields["kind"].choices = [(SupervisionEventKind.REPORT, SupervisionEventKind.REPORT.label)]
    elif not report:
        event_form.fields["kind"].choices = [(k, k.label) for k in services.SUPERVISOR_KINDS]
    close_form = CloseForm(request.POST if action == "close" else None)
    if request.method == "POST":
        if not (manage or report):
            raise PermissionDenied
        try:
            if action == "event" and event_form.is_valid():
                services.supervision_record(by=request.user, item=item, **event_form.cleaned_data)
                messages.success(request, _("已记录。"))
                return redirect("programme:supervision_detail", pk=item.pk)
            if action == "close" and close_form.is_valid():
                services.supervision_close(by=request.user, item=item, text=close_form.cleaned_data["text"])
                messages.success(request, _("督办事项已办结。"))
                return redirect("programme:supervision_detail", pk=item.pk)
        except services.SupervisionError as error:
            messages.error(request, error.message)
            return redirect("programme:supervision_detail", pk=item.pk)
    return render(request, "programme/supervision_detail.html", {
        "item": item, "events": item.events.select_related("by"), "manage": manage, "report": report,
        "event_form": event_form, "close_form": close_form, "today": timezone.localdate(), "nav": "stats"},
        status=400 if (event_form.is_bound and event_form.errors) or (close_form.is_bound and close_form.errors)
        else 200)
