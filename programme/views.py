"""/programme/supervision/: supervision items (督办) of the user's scope — list, open, and each item's page with
its timeline and the step the user may take."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.policy import can
from accounts.scoping import STAFF, audience
from core.dates import deadline_date, programme_date, validity_date
from core.pagination import CountCachingPaginator
from core.spreadsheets import csv_response, workbook_response
from institutions.forms import FiledInstitutionForm
from institutions.models import InclusiveRecognition, Institution
from institutions.validators import normalise_credit_code
from regions.scope import code_prefix_q

from . import designations, fees, services
from .models import (
    CityStatus,
    DemonstrationCity,
    Designation,
    DesignationKind,
    DesignationLevel,
    Fee,
    FeeCap,
    FeeClass,
    SupervisionEventKind,
    SupervisionItem,
    SupervisionStatus,
)

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


# --- fees and guide prices (/programme/fees/<institution>/, /programme/fee-caps/) ---------------------------------

def _class_type():
    return forms.ChoiceField(label=gettext_lazy("班型"), choices=FeeClass.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))


def _yuan_a_month(label):
    return forms.IntegerField(label=label, min_value=1, max_value=services.FEE_MAX,
                              widget=forms.NumberInput(attrs={"class": "form-control"}))


def _from_date(validator):
    return forms.DateField(label=gettext_lazy("执行日期"), initial=timezone.localdate, validators=[validator],
                           widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))


class FeeForm(forms.Form):
    class_type = _class_type()
    monthly_fee = _yuan_a_month(gettext_lazy("基本保育费（元/月）"))
    valid_from = _from_date(deadline_date)  # today or later: a published price is not rewritten


class FeeCapForm(forms.Form):
    region_code = forms.CharField(label=gettext_lazy("制定地区区划代码（市或县）"), max_length=12,
                                  widget=forms.TextInput(attrs={"class": "form-control"}))
    class_type = _class_type()
    cap = _yuan_a_month(gettext_lazy("指导价上限（元/月）"))
    valid_from = _from_date(programme_date)
    basis = forms.CharField(label=gettext_lazy("文件依据"), max_length=200,
                            widget=forms.TextInput(attrs={"class": "form-control"}))


def _export(fmt: str, name: str, headers, rows):
    """A list page's rows as a CSV or XLSX download (the page's scope and filters; no pagination)."""
    table = [[str(header) for header in headers], *rows]
    if fmt == "csv":
        return csv_response(table, name)
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name[:30])
    for row in table:
        sheet.append([value.isoformat() if hasattr(value, "isoformat") else value for value in row])
    return workbook_response(workbook, name)


EXPORTS = ("csv", "xlsx")


# Class types in age order (乳儿班, 托小班, 托大班), not in the order of their codes.
CLASS_ORDER = Case(*(When(class_type=value, then=position) for position, value in enumerate(FeeClass.values)))


@login_required
@require_http_methods(["GET", "POST"])
def institution_fees(request, pk: int):
    """An institution's basic fees: in force, declared from a later date, the guide price it is held to, history;
    its operators declare a fee here. Staff in scope read it; anybody else gets 404."""
    institution = get_object_or_404(Institution.objects.visible_to(request.user).select_related("region"), pk=pk)
    may_declare = can(request.user, "fee.declare", institution)
    form = FeeForm(request.POST or None)
    if request.method == "POST":
        if not may_declare:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.fee_declare(by=request.user, institution=institution, **form.cleaned_data)
            except services.FeeError as error:
                form.add_error("monthly_fee", error.message)
            else:
                messages.success(request, _("收费标准已申报，执行日起在信息公示页公开。"))
                return redirect("programme:institution_fees", pk=institution.pk)
    today = timezone.localdate()
    history = institution.fees.select_related("declared_by").order_by("-valid_from", "-id")
    page_obj = CountCachingPaginator(history, 20).get_page(request.GET.get("page"))
    return render(request, "programme/fees.html", {
        "institution": institution, "rows": fees.fee_table(institution, today), "page_obj": page_obj,
        "form": form, "may_declare": may_declare, "today": today,
        "nav": "filings" if request.user.is_operator else "staff_institutions",
    }, status=400 if form.is_bound and form.errors else 200)


CAP_EXPORT_HEADERS = (gettext_lazy("制定地区"), gettext_lazy("区划代码"), gettext_lazy("班型"),
                      gettext_lazy("指导价上限（元/月）"), gettext_lazy("执行日期"), gettext_lazy("文件依据"),
                      gettext_lazy("录入人"))
FEE_EXPORT_HEADERS = (gettext_lazy("机构"), gettext_lazy("统一社会信用代码"), gettext_lazy("所在区划"),
                      gettext_lazy("普惠性"), gettext_lazy("班型"), gettext_lazy("基本保育费（元/月）"),
                      gettext_lazy("执行日期"), gettext_lazy("指导价上限（元/月）"), gettext_lazy("制定地区"),
                      gettext_lazy("超出指导价"))


@login_required
@require_http_methods(["GET", "POST"])
def fee_caps(request):
    """Guide prices of the user's scope (and of the city above a county), the form for admins, and the inclusive
    institutions whose fee in force is above the guide price in force."""
    user = _staff(request)
    may_set = can(user, "fee_cap.set")
    form = FeeCapForm(request.POST or None, initial={"region_code": user.admin_scope or ""})
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.fee_cap_set(by=user, **form.cleaned_data)
            except services.FeeError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("指导价已保存。"))
                return redirect("programme:fee_caps")
    today = timezone.localdate()
    caps = FeeCap.objects.visible_to(user).select_related("region", "set_by").order_by(
        "region_id", "-valid_from", CLASS_ORDER, "-id")
    export = request.GET.get("export")
    if export in EXPORTS and request.GET.get("what") == "fees":
        return _export(export, f"fees-{today.isoformat()}", FEE_EXPORT_HEADERS, (
            [fee.institution.name, fee.institution.credit_code, fee.institution.region_id,
             _("是") if fee.institution.inclusive else _("否"), str(fee.get_class_type_display()), fee.monthly_fee,
             fee.valid_from, fee.cap_now, fee.cap_region or "",
             _("是") if fee.institution.inclusive and fee.cap_now is not None and fee.monthly_fee > fee.cap_now
             else ""]
            for fee in fees.with_caps(Fee.objects.visible_to(user), today).iterator(chunk_size=2000)))
    if export in EXPORTS:
        return _export(export, "fee-caps", CAP_EXPORT_HEADERS, (
            [cap.region.name, cap.region_id, str(cap.get_class_type_display()), cap.cap, cap.valid_from, cap.basis,
             cap.set_by.get_full_name() or cap.set_by.username] for cap in caps.iterator(chunk_size=2000)))
    page_obj = CountCachingPaginator(caps, 30).get_page(request.GET.get("page"))
    over = fees.over_cap(Fee.objects.visible_to(user), today)[:100]
    return render(request, "programme/fee_caps.html", {
        "page_obj": page_obj, "form": form, "may_set": may_set, "over": over, "today": today, "nav": "stats",
    }, status=400 if form.is_bound and form.errors else 200)


# --- inclusive recognition (/programme/inclusive/, the public list /programme/inclusive-list/) ---------------------

class RecogniseForm(forms.Form):
    credit_code = forms.CharField(label=gettext_lazy("机构统一社会信用代码"), max_length=18,
                                  widget=forms.TextInput(attrs={"class": "form-control font-monospace"}))
    valid_from = forms.DateField(label=gettext_lazy("认定起始日"), initial=timezone.localdate,
                                 validators=[programme_date], widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))
    valid_to = forms.DateField(label=gettext_lazy("有效期至"), required=False, validators=[validity_date],
                               help_text=gettext_lazy("空为长期有效（直至终止）"),
                               widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))
    basis = forms.CharField(label=gettext_lazy("认定文件"), max_length=200,
                            help_text=gettext_lazy("例如：长安区2026年普惠性托育机构名单（第一批）"),
                            widget=forms.TextInput(attrs={"class": "form-control"}))

    def clean_credit_code(self):
        return normalise_credit_code(self.cleaned_data["credit_code"])


class EndForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("终止日期（最后一个普惠日）"), initial=timezone.localdate,
                         validators=[validity_date], widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))
    reason = forms.CharField(label=gettext_lazy("终止原因"), max_length=500,
                             widget=forms.TextInput(attrs={"class": "form-control"}))


INCLUSIVE_TABS = (("current", gettext_lazy("现行名单")), ("all", gettext_lazy("全部认定记录")))


@login_required
@require_http_methods(["GET", "POST"])
def inclusive_list(request):
    """The inclusive list of the user's scope (recognitions in force today, or every recognition) and, for admins,
    the form to recognise an institution of their scope by its credit code."""
    user = _staff(request)
    may_recognise = can(user, "inclusive.recognise")
    form = RecogniseForm(request.POST or None, initial={"credit_code": request.GET.get("credit_code", "")})
    if request.method == "POST":
        if not may_recognise:
            raise PermissionDenied
        if form.is_valid():
            institution = Institution.objects.visible_to(user).filter(
                credit_code=form.cleaned_data.pop("credit_code")).first()
            if institution is None:
                form.add_error("credit_code", _("在您的辖区内没有该统一社会信用代码的机构"))
            else:
                try:
                    services.inclusive_recognise(by=user, institution=institution, **form.cleaned_data)
                except services.RecognitionError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, _("已认定并列入普惠名单。"))
                    return redirect("programme:inclusive_list")
    today = timezone.localdate()
    tab = request.GET.get("tab") if request.GET.get("tab") in dict(INCLUSIVE_TABS) else "current"
    rows = InclusiveRecognition.objects.visible_to(user).select_related("institution__region")
    if tab == "current":
        rows = rows.valid_on(today)
    rows = rows.order_by("institution__region_id", "institution__name", "-valid_from", "-id")
    if request.GET.get("export") in EXPORTS:
        return _export(request.GET["export"], f"inclusive-{tab}", (
            _("机构"), _("统一社会信用代码"), _("所在区划"), _("认定起始日"), _("有效期至"), _("认定文件"), _("终止原因")),
            ([r.institution.name, r.institution.credit_code, r.institution.region_id, r.valid_from, r.valid_to or "",
              r.basis, r.end_reason] for r in rows.iterator()))
    page_obj = CountCachingPaginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "programme/inclusive_list.html", {
        "page_obj": page_obj, "form": form, "may_recognise": may_recognise, "tab": tab, "tabs": INCLUSIVE_TABS,
        "today": today, "nav": "stats",
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def inclusive_end(request, pk: int):
    recognition = get_object_or_404(InclusiveRecognition.objects.visible_to(request.user)
                                    .select_related("institution"), pk=pk)
    if not can(request.user, "inclusive.recognise", recognition.institution):
        raise PermissionDenied
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.inclusive_end(by=request.user, recognition=recognition, **form.cleaned_data)
        except services.RecognitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("普惠认定已终止。"))
            return redirect(f"{reverse('programme:inclusive_list')}?tab=all")
    return render(request, "programme/inclusive_end.html", {"recognition": recognition, "form": form, "nav": "stats"},
                  status=400 if form.is_bound and form.errors else 200)


def inclusive_public(request):
    """普惠性托育机构名单 for anybody: the recognitions in force today, by county (`?county=`), with their dates and
    the document that published them."""
    today = timezone.localdate()
    county = request.GET.get("county", "").strip()
    rows = InclusiveRecognition.objects.valid_on(today).filter(
        institution__in=Institution.objects.public()).select_related("institution__region")
    if county:
        rows = rows.filter(code_prefix_q("institution__region_id", county)) if county.isdigit() else rows.none()
    rows = rows.order_by("institution__region_id", "institution__name", "id")
    page_obj = CountCachingPaginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "programme/inclusive_public.html", {
        "page_obj": page_obj, "county": county, "today": today, "nav": "directory"})


# --- pilots and demonstration institutions (/programme/designations/) ----------------------------------------------

class ApplyForm(FiledInstitutionForm):
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=DesignationKind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    level = forms.ChoiceField(label=gettext_lazy("级别"), choices=DesignationLevel.choices,
                              widget=forms.Select(attrs={"class": "form-select"}))
    statement = forms.CharField(label=gettext_lazy("申报材料说明"), max_length=4000,
                                help_text=gettext_lazy("办托条件、服务质量、特色做法及申报材料清单"),
                                widget=forms.Textarea(attrs={"class": "form-control", "rows": 5}))


class StepForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, label) for a, label in designations.ACTION_LABELS.items()
                                        if a in designations.STEPS])
    reason = forms.CharField(label=gettext_lazy("意见或理由"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
    on = forms.DateField(label=gettext_lazy("日期"), required=False, validators=[programme_date],
                         widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))
    valid_to = forms.DateField(label=gettext_lazy("有效期至"), required=False, validators=[validity_date],
                               widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))
    acceptance_due = forms.DateField(label=gettext_lazy("新的验收期限"), required=False, validators=[validity_date],
                                     widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))
    visit_ref = forms.CharField(label=gettext_lazy("评估检查编号"), max_length=32, required=False,
                                widget=forms.TextInput(attrs={"class": "form-control"}))
    grade = forms.CharField(label=gettext_lazy("等次"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"class": "form-control"}))


class ImprovementForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("提升事项"), max_length=500,
                           widget=forms.TextInput(attrs={"class": "form-control"}))
    deadline = forms.DateField(label=gettext_lazy("完成期限"), validators=[deadline_date],
                               widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))


class ProgressForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    progress = forms.CharField(label=gettext_lazy("进展与佐证"), max_length=4000,
                               widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
    done = forms.BooleanField(label=gettext_lazy("已完成"), required=False)


DESIGNATION_TABS = (("todo", gettext_lazy("待我办理")), ("all", gettext_lazy("全部")))


@login_required
def designation_list(request):
    user = request.user
    rows = Designation.objects.visible_to(user).select_related("institution__region")
    tab = request.GET.get("tab") if request.GET.get("tab") in dict(DESIGNATION_TABS) else "all"
    if tab == "todo" and not user.is_operator:
        rows = rows.filter(designations.todo_q(user))
    if request.GET.get("export") in EXPORTS and audience(user) == STAFF:
        return _export(request.GET["export"], f"designations-{tab}", (
            _("机构"), _("统一社会信用代码"), _("所在区划"), _("类别"), _("级别"), _("状态"), _("命名日期"), _("有效期至"),
            _("验收通过日期"), _("终止日期")),
            ([d.institution.name, d.institution.credit_code, d.institution.region_id, d.get_kind_display(),
              d.get_level_display(), d.get_status_display(), d.designated_on or "", d.valid_to or "",
              d.accepted_on or "", d.ended_on or ""] for d in rows.order_by("institution__region_id", "id").iterator()))
    page_obj = CountCachingPaginator(rows.order_by("-updated_at", "-id"), 30).get_page(request.GET.get("page"))
    return render(request, "programme/designation_list.html", {
        "page_obj": page_obj, "tab": tab, "tabs": DESIGNATION_TABS, "today": timezone.localdate(),
        "may_apply": user.is_operator or len(user.admin_scope or "") == designations.LEVEL_LENGTH["county"],
        "nav": "filings" if user.is_operator else "stats"})


@login_required
@require_http_methods(["GET", "POST"])
def designation_new(request):
    user = request.user
    form = ApplyForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        institution = form.cleaned_data["institution"]
        if not can(user, "designation.apply", institution):
            raise PermissionDenied
        try:
            designation = designations.designation_apply(
                by=user, institution=institution, kind=form.cleaned_data["kind"], level=form.cleaned_data["level"],
                statement=form.cleaned_data["statement"])
        except designations.DesignationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已提交，等待县级初审。"))
            return redirect("programme:designation_detail", pk=designation.pk)
    return render(request, "programme/designation_new.html", {
        "form": form, "nav": "filings" if user.is_operator else "stats"},
        status=400 if form.is_bound and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def designation_detail(request, pk: int):
    user = request.user
    designation = get_object_or_404(Designation.objects.visible_to(user).select_related(
        "institution__region", "created_by"), pk=pk)
    actions = designations.actions_for(user, designation)
    may_improve, may_report = can(user, "designation.improve", designation), can(user, "designation.report",
                                                                               designation)
    what = request.POST.get("form")
    step_form = StepForm(request.POST if what == "step" else None)
    improvement_form = ImprovementForm(request.POST if what == "improvement" else None)
    progress_form = ProgressForm(request.POST if what == "progress" else None)
    if request.method == "POST":
        try:
            if what == "step" and step_form.is_valid():
                if step_form.cleaned_data["action"] not in actions:
                    raise PermissionDenied
                designations.designation_step(by=user, designation=designation, **step_form.cleaned_data)
                messages.success(request, _("已办理。"))
                return redirect("programme:designation_detail", pk=designation.pk)
            if what == "improvement" and improvement_form.is_valid():
                if not may_improve:
                    raise PermissionDenied
                designations.improvement_add(by=user, designation=designation, **improvement_form.cleaned_data)
                return redirect("programme:designation_detail", pk=designation.pk)
            if what == "progress" and progress_form.is_valid():
                if not may_report:
                    raise PermissionDenied
                item = get_object_or_404(designation.improvements, pk=progress_form.cleaned_data["item"])
                designations.improvement_report(by=user, item=item, progress=progress_form.cleaned_data["progress"],
                                                done=progress_form.cleaned_data["done"])
                return redirect("programme:designation_detail", pk=designation.pk)
        except designations.DesignationError as error:
            (step_form if what == "step" else improvement_form if what == "improvement" else progress_form) \
                .add_error(None, error.message)
        if not any(form.is_bound and form.errors for form in (step_form, improvement_form, progress_form)):
            raise PermissionDenied
    return render(request, "programme/designation_detail.html", {
        "d": designation, "events": designation.events.select_related("by"),
        "improvements": designation.improvements.all(), "actions": [(a, designations.ACTION_LABELS[a])
                                                                    for a in actions],
        "step_form": step_form, "improvement_form": improvement_form, "may_improve": may_improve,
        "may_report": may_report, "today": timezone.localdate(),
        "nav": "filings" if user.is_operator else "stats",
    }, status=400 if request.method == "POST" else 200)


# --- demonstration cities (/programme/demonstration-cities/) -------------------------------------------------------

class CityForm(forms.Form):
    region_code = forms.CharField(label=gettext_lazy("城市区划代码（4 位）"), max_length=4,
                                  widget=forms.TextInput(attrs={"class": "form-control"}))
    year = forms.IntegerField(label=gettext_lazy("批次年份"), min_value=2019, max_value=2100,
                              widget=forms.NumberInput(attrs={"class": "form-control"}))
    status = forms.ChoiceField(label=gettext_lazy("状态"), choices=CityStatus.choices,
                               widget=forms.Select(attrs={"class": "form-select"}))
    basis = forms.CharField(label=gettext_lazy("依据"), max_length=200, required=False,
                            widget=forms.TextInput(attrs={"class": "form-control"}))


@login_required
@require_http_methods(["GET", "POST"])
def demonstration_cities(request):
    """The national demonstration city status of the cities of the user's scope; admins set the step of their
    level (a city declares, its province recommends, the nation names)."""
    user = _staff(request)
    may_set = user.admin_scope is not None and not user.is_superuser
    form = CityForm(request.POST or None, initial={"region_code": (user.admin_scope or "")[:4],
                                                   "year": timezone.localdate().year})
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.demonstration_city_set(by=user, **form.cleaned_data)
            except services.CityError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已保存。"))
                return redirect("programme:demonstration_cities")
    rows = DemonstrationCity.objects.visible_to(user).select_related("region", "updated_by")
    page_obj = CountCachingPaginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "programme/demonstration_cities.html", {
        "page_obj": page_obj, "form": form, "may_set": may_set, "nav": "stats"},
        status=400 if form.is_bound and form.errors else 200)
