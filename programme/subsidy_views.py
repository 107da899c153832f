"""/programme/subsidies/: subsidy programmes of the user's scope with their figures (admins set one up), each
programme's page (figures by county, applications, claw-backs due, the operator's application, exports), and each
application's page with the step the user may take."""
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
from core.dates import programme_date
from core.pagination import CountCachingPaginator
from core.spreadsheets import csv_response, workbook_response
from institutions.forms import FiledInstitutionForm
from regions.selectors import region_paths

from . import subsidies
from .models import SubsidyApplication, SubsidyKind, SubsidyProgramme

DATE = {"class": "form-control", "type": "date"}
NUMBER = {"class": "form-control"}


def _number(label, *, minimum=0, maximum=subsidies.AMOUNT_MAX, required=True, initial=None):
    return forms.IntegerField(label=label, min_value=minimum, max_value=maximum, required=required, initial=initial,
                              widget=forms.NumberInput(attrs=NUMBER))


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("项目名称"), max_length=100,
                           widget=forms.TextInput(attrs={"class": "form-control"}))
    kind = forms.ChoiceField(label=gettext_lazy("补贴类型"), choices=SubsidyKind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    amount = _number(gettext_lazy("补贴标准（元）"), minimum=1)
    budget = _number(gettext_lazy("预算（元）"), minimum=1, maximum=subsidies.BUDGET_MAX)
    share_central = _number(gettext_lazy("中央分担（%）"), maximum=100, initial=0)
    share_province = _number(gettext_lazy("省级分担（%）"), maximum=100, initial=0)
    share_city = _number(gettext_lazy("市级分担（%）"), maximum=100, initial=0)
    share_county = _number(gettext_lazy("县级分担（%）"), maximum=100, initial=0)
    period_from = forms.DateField(label=gettext_lazy("计算期间起"), validators=[programme_date],
                                  widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))
    period_to = forms.DateField(label=gettext_lazy("计算期间止"), validators=[programme_date],
                                widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))
    max_months = _number(gettext_lazy("每年最多补贴月数（运营补贴）"), minimum=1, maximum=12, required=False)
    min_star = _number(gettext_lazy("星级不低于（可空）"), minimum=1, maximum=5, required=False)
    clawback_years = _number(gettext_lazy("追回期限（年）"), minimum=0, maximum=10, initial=3)
    require_inclusive = forms.BooleanField(label=gettext_lazy("须为普惠性托育机构"), required=False, initial=True)
    no_open_high_risk = forms.BooleanField(label=gettext_lazy("无未完成的高风险整改"), required=False, initial=True)

    def cleaned_shares(self) -> dict:
        data = self.cleaned_data
        return {source: data.pop(f"share_{source}") for source in subsidies.SOURCES}


class ApplyForm(FiledInstitutionForm):
    children = _number(gettext_lazy("在托婴幼儿人数（运营补贴）"), required=False)
    months = _number(gettext_lazy("补贴月数（运营补贴）"), maximum=12, required=False)


class StepForm(forms.Form):
    action = forms.ChoiceField(choices=list(subsidies.STEP_LABELS.items()))
    note = forms.CharField(label=gettext_lazy("意见或理由"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
    on = forms.DateField(label=gettext_lazy("日期"), required=False, validators=[programme_date],
                         widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))
    voucher = forms.CharField(label=gettext_lazy("拨付凭证号"), max_length=64, required=False,
                              widget=forms.TextInput(attrs={"class": "form-control"}))
    amount = forms.IntegerField(label=gettext_lazy("本次拨付金额（元，空为全部未拨付金额）"), min_value=1,
                                max_value=subsidies.BUDGET_MAX, required=False,
                                widget=forms.NumberInput(attrs=NUMBER))


class PeriodForm(forms.Form):
    """The figures' period and the level of their regional breakdown (GET; every field optional)."""

    start = forms.DateField(label=gettext_lazy("期间起"), required=False, validators=[programme_date],
                            widget=forms.DateInput(format="%Y-%m-%d", attrs={**DATE, "class": "form-control-sm form-control"}))
    end = forms.DateField(label=gettext_lazy("期间止"), required=False, validators=[programme_date],
                          widget=forms.DateInput(format="%Y-%m-%d", attrs={**DATE, "class": "form-control-sm form-control"}))
    by = forms.ChoiceField(label=gettext_lazy("分地区"), required=False, initial="county",
                           choices=[("province", gettext_lazy("按省")), ("city", gettext_lazy("按市")),
                                    ("county", gettext_lazy("按县区"))],
                           widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", subsidies.MSG_PERIOD)
        return data


def _visible_programmes(user):
    return SubsidyProgramme.objects.visible_to(user)


@login_required
@require_http_methods(["GET", "POST"])
def subsidy_list(request):
    user = request.user
    programmes = _visible_programmes(user)
    may_create = audience(user) == STAFF and user.admin_scope is not None
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST":
        if not may_create:
            raise PermissionDenied
        if form.is_valid():
            shares = form.cleaned_shares()
            try:
                programme = subsidies.programme_create(by=user, shares=shares, **form.cleaned_data)
            except subsidies.SubsidyError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("补贴项目已设立。"))
                return redirect("programme:subsidy_detail", pk=programme.pk)
    applications = SubsidyApplication.objects.visible_to(user).filter(programme__in=programmes)
    by_programme = {row["programme"]: row for row in subsidies.figures(applications)}
    page_obj = CountCachingPaginator(programmes, 20).get_page(request.GET.get("page"))
    for programme in page_obj.object_list:
        programme.figures = by_programme.get(programme.pk)
    return render(request, "programme/subsidy_list.html", {
        "page_obj": page_obj, "form": form, "may_create": may_create,
        "nav": "filings" if user.is_operator else "stats"}, status=400 if form.is_bound and form.errors else 200)


EXPORT_HEADERS = (gettext_lazy("机构"), gettext_lazy("统一社会信用代码"), gettext_lazy("所在区划"),
                  gettext_lazy("补贴数量"), gettext_lazy("申请金额（元）"), gettext_lazy("状态"),
                  gettext_lazy("批准日期"), gettext_lazy("已拨付金额（元）"), gettext_lazy("最近拨付日期"),
                  gettext_lazy("最近拨付凭证号"), gettext_lazy("已追回金额（元）"), gettext_lazy("追回日期"),
                  gettext_lazy("计算依据"))


@login_required
@require_http_methods(["GET", "POST"])
def subsidy_detail(request, pk: int):
    user = request.user
    programme = get_object_or_404(_visible_programmes(user), pk=pk)
    applications = SubsidyApplication.objects.visible_to(user).filter(programme=programme).select_related(
        "institution__region")
    export = request.GET.get("export")
    if export in ("csv", "xlsx") and audience(user) == STAFF:
        rows = [[str(h) for h in EXPORT_HEADERS], *([
            a.institution.name, a.institution.credit_code, a.institution.region_id, a.units, a.amount,
            a.get_status_display(), a.approved_on, a.paid_amount, a.paid_on, a.voucher, a.clawed_back_amount,
            a.clawed_back_on, a.basis]
            for a in applications.order_by("institution__region_id", "id").iterator())]
        if export == "csv":
            return csv_response(rows, f"subsidy-{programme.pk}")
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(programme.name[:30])
        for row in rows:
            sheet.append([str(v) if hasattr(v, "isoformat") else v for v in row])
        return workbook_response(workbook, f"subsidy-{programme.pk}")
    form = ApplyForm(request.POST or None, user=user) if user.is_operator else None
    if form is not None and programme.kind != SubsidyKind.OPERATING:  # children and months: operating only
        del form.fields["children"], form.fields["months"]
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                application = subsidies.subsidy_apply(
                    by=user, programme=programme, institution=form.cleaned_data["institution"],
                    children=form.cleaned_data.get("children") or 0, months=form.cleaned_data.get("months") or 0)
            except subsidies.SubsidyError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已提交补贴申请，等待县级审核。"))
                return redirect("programme:subsidy_application", pk=application.pk)
    page_obj = CountCachingPaginator(applications.order_by("-applied_at", "-id"), 30).get_page(request.GET.get("page"))
    period = PeriodForm(request.GET if {"start", "end", "by"} & set(request.GET) else None)
    window = period.cleaned_data if period.is_bound and period.is_valid() else {}
    start, end, level = window.get("start"), window.get("end"), window.get("by") or "county"
    by_region = subsidies.figures(applications, level=level, start=start, end=end)
    names = region_paths([row["region"] for row in by_region])
    for row in by_region:
        row["name"] = names.get(row["region"], row["region"])
    return render(request, "programme/subsidy_detail.html", {
        "programme": programme, "page_obj": page_obj, "form": form, "period": period, "level": level,
        "totals": subsidies.figures(applications, start=start, end=end), "by_region": by_region,
        "due": subsidies.clawback_due(applications)[:50] if audience(user) == STAFF else [],
        "nav": "filings" if user.is_operator else "stats"}, status=400 if form is not None and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def subsidy_application(request, pk: int):
    user = request.user
    application = get_object_or_404(SubsidyApplication.objects.visible_to(user).select_related(
        "programme", "institution__region", "applied_by"), pk=pk)
    actions = subsidies.actions_for(user, application)
    form = StepForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST":
        if not actions:
            raise PermissionDenied
        if form.is_valid():
            try:
                subsidies.subsidy_step(by=user, application=application, **form.cleaned_data)
            except subsidies.SubsidyError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已办理。"))
                return redirect("programme:subsidy_application", pk=application.pk)
    return render(request, "programme/subsidy_application.html", {
        "a": application, "form": form, "payments": application.payments.all(),
        "actions": [(a, subsidies.STEP_LABELS[a]) for a in actions],
        "nav": "filings" if user.is_operator else "stats"}, status=400 if form.is_bound and form.errors else 200)
