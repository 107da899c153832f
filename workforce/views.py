"""/workforce/banned/: the province's banned-person list (its admins add entries; no identity number is shown or
kept), and a check of one number for any admin (audited)."""
import pathlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.audit_text import AuditText
from accounts.policy import can
from accounts.services import audit_record
from core import identity
from core.dates import programme_date, validity_date
from core.files import check_upload, private_file_response
from core.pagination import CountCachingPaginator
from core.personal import mask_name
from core.spreadsheets import csv_response
from institutions.models import Institution, StaffRole

from . import register as staff
from . import services
from .models import BannedPerson, HealthCheck, Qualification, RecordCheck, Training, Worker

TEXT = {"class": "form-control"}
DATE = {"class": "form-control", "type": "date"}


class IdentityField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(label=gettext_lazy("身份证号"), max_length=24, widget=forms.TextInput(
            attrs={**TEXT, "class": "form-control font-monospace", "autocomplete": "off"}), **kwargs)

    def clean(self, value):
        return identity.validate(super().clean(value))


class BannedForm(forms.Form):
    id_number = IdentityField(help_text=gettext_lazy("只保存加密摘要，不保存号码本身"))
    reference = forms.CharField(label=gettext_lazy("决定文书"), max_length=200, widget=forms.TextInput(attrs=TEXT),
                                help_text=gettext_lazy("判决书、行政处罚决定书等的文号"))
    reason = forms.CharField(label=gettext_lazy("禁止从业原因"), max_length=500, widget=forms.TextInput(attrs=TEXT))
    decided_on = forms.DateField(label=gettext_lazy("决定日期"), validators=[programme_date],
                                 widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))
    until = forms.DateField(label=gettext_lazy("禁止期限至"), required=False, validators=[validity_date],
                            help_text=gettext_lazy("空为终身禁止"), widget=forms.DateInput(format="%Y-%m-%d",
                                                                                          attrs=DATE))


class CheckForm(forms.Form):
    id_number = IdentityField()


@login_required
@require_http_methods(["GET", "POST"])
def banned_list(request):
    user = request.user
    may_check, may_manage = can(user, "banned.check"), can(user, "banned.manage")
    if not may_check:
        raise PermissionDenied
    add_form = BannedForm(request.POST if request.POST.get("form") == "add" else None, prefix="add")
    check_form = CheckForm(request.POST if request.POST.get("form") == "check" else None, prefix="check")
    result = None
    if request.method == "POST":
        if request.POST.get("form") == "add":
            if not may_manage:
                raise PermissionDenied
            if add_form.is_valid():
                try:
                    services.banned_add(by=user, **add_form.cleaned_data)
                except services.BannedError as error:
                    add_form.add_error(None, error.message)
                else:
                    messages.success(request, _("已加入从业禁止名单。"))
                    return redirect("workforce:banned_list")
        elif check_form.is_valid():
            result = services.banned_check(by=user, id_number=check_form.cleaned_data["id_number"])
    entries = BannedPerson.objects.visible_to(user).select_related("added_by") if may_manage else \
        BannedPerson.objects.none()
    page_obj = CountCachingPaginator(entries, 30).get_page(request.GET.get("page"))
    bound = add_form.is_bound and add_form.errors
    return render(request, "workforce/banned_list.html", {
        "page_obj": page_obj, "add_form": add_form, "check_form": check_form, "result": result,
        "may_manage": may_manage, "nav": "stats",
    }, status=400 if bound or (check_form.is_bound and check_form.errors) else 200)


# --- the staff register (/workforce/institutions/<id>/, /workforce/workers/<id>/) ------------------------------

ROLE_SELECT = {"class": "form-select"}


class WorkerForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=32, widget=forms.TextInput(attrs=TEXT))
    role = forms.ChoiceField(label=gettext_lazy("岗位"), choices=StaffRole.choices,
                             widget=forms.Select(attrs=ROLE_SELECT))
    id_number = IdentityField(help_text=gettext_lazy("自动核查从业禁止名单；只保存加密摘要"))
    joined_on = forms.DateField(label=gettext_lazy("入职日期"), validators=[programme_date],
                                widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))


def _date(label, required=True, validator=programme_date, help_text=""):
    return forms.DateField(label=label, required=required, validators=[validator], help_text=help_text,
                           widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))


class QualificationForm(forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["type", "level", "number", "issuer", "issued_on", "expires_on", "scan"]
        widgets = {"type": forms.Select(attrs=ROLE_SELECT), "level": forms.NumberInput(attrs={**TEXT, "min": 1,
                                                                                                 "max": 5}),
                   "number": forms.TextInput(attrs=TEXT), "issuer": forms.TextInput(attrs=TEXT),
                   "issued_on": forms.DateInput(format="%Y-%m-%d", attrs=DATE),
                   "expires_on": forms.DateInput(format="%Y-%m-%d", attrs=DATE),
                   "scan": forms.ClearableFileInput(attrs={"class": "form-control",
                                                           "accept": ".pdf,.jpg,.jpeg,.png"})}

    def clean_scan(self):
        upload = self.cleaned_data.get("scan")
        if upload:
            self.scan_content_type, _suffix = check_upload(upload)
        return upload


class HealthCheckForm(forms.ModelForm):
    class Meta:
        model = HealthCheck
        fields = ["checked_on", "passed"]
        widgets = {"checked_on": forms.DateInput(format="%Y-%m-%d", attrs=DATE)}


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["course", "hours", "completed_on", "passed"]
        widgets = {"course": forms.TextInput(attrs=TEXT), "hours": forms.NumberInput(attrs=TEXT),
                   "completed_on": forms.DateInput(format="%Y-%m-%d", attrs=DATE)}


class RecordCheckForm(forms.ModelForm):
    class Meta:
        model = RecordCheck
        fields = ["checked_on", "clear", "reference"]
        widgets = {"checked_on": forms.DateInput(format="%Y-%m-%d", attrs=DATE),
                   "reference": forms.TextInput(attrs=TEXT)}


RECORD_FORMS = {"qualification": QualificationForm, "health_check": HealthCheckForm, "training": TrainingForm,
                "record_check": RecordCheckForm}


class LeaveForm(forms.Form):
    left_on = _date(gettext_lazy("离职日期"))


@login_required
@require_http_methods(["GET", "POST"])
def register(request, pk: int):
    """The institution's staff register: its operators keep it; reviewers, inspectors and admins in scope read it
    as a roster with names masked (shown in full after a logged reveal); anybody else 404."""
    user = request.user
    institution = get_object_or_404(Institution.objects.visible_to(user), pk=pk)
    may_manage = can(user, "staff.manage", institution)
    if not can(user, "staff.read", institution):
        raise Http404  # viewers do not need staff records
    form = WorkerForm(request.POST or None, initial={"joined_on": timezone.localdate()})
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                worker = staff.worker_add(by=user, institution=institution, **form.cleaned_data)
            except staff.RegisterError as error:
                form.add_error("id_number" if error.message in (staff.MSG_BANNED, staff.MSG_DUPLICATE) else None,
                               error.message)
            else:
                messages.success(request, _("已加入名册，请登记其证书、健康检查和无犯罪记录查询。"))
                return redirect("workforce:worker", pk=worker.pk)
    may_reveal = not may_manage and can(user, "staff.reveal", institution)
    reveal = may_reveal and request.GET.get("reveal") == "1"
    if reveal:
        audit_record(actor=user, action="staff.reveal", obj=institution, region_code=institution.region_id,
                     summary=AuditText(gettext_lazy("查看工作人员名册（姓名）")))
    today = timezone.localdate()
    show_left = request.GET.get("left") == "1"
    workers = Worker.objects.filter(institution=institution).select_related("institution").prefetch_related(
        "qualifications", "health_checks", "record_checks", "trainings")
    workers = workers if show_left else workers.current(today)
    if request.GET.get("export") == "csv":
        rows = [[_("姓名"), _("岗位"), _("身份证号"), _("入职日期"), _("离职日期"), _("上岗证书"), _("证书编号"),
                 _("有效期至"), _("待办")]]
        for worker in workers:
            state = staff.standing(worker, today)
            certificate = state.certificate
            rows.append([worker.name if may_manage or reveal else mask_name(worker.name), worker.get_role_display(),
                         worker.id_masked, worker.joined_on.isoformat(),
                         worker.left_on.isoformat() if worker.left_on else "",
                         certificate.get_type_display() if certificate else "", certificate.number if certificate else "",
                         certificate.expires_on.isoformat() if certificate and certificate.expires_on else "",
                         "；".join([*state.issues, *state.warnings])])
        return csv_response(rows, f"staff-{institution.pk}")
    page_obj = CountCachingPaginator(workers, 50).get_page(request.GET.get("page"))
    for worker in page_obj.object_list:
        worker.standing = staff.standing(worker, today)
        worker.shown_name = worker.name if may_manage or reveal else mask_name(worker.name)
    return render(request, "workforce/register.html", {
        "institution": institution, "page_obj": page_obj, "form": form, "may_manage": may_manage,
        "reveal": reveal, "may_reveal": may_reveal, "show_left": show_left,
        "nav": "staff_institutions"}, status=400 if form.is_bound and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def worker_detail(request, pk: int):
    user = request.user
    worker = get_object_or_404(Worker.objects.visible_to(user).select_related("institution"), pk=pk)
    may_manage = can(user, "staff.manage", worker.institution)
    kind = request.POST.get("kind", "")
    forms_by_kind = {name: cls(request.POST if kind == name else None,
                               request.FILES if kind == name else None, prefix=name)
                     for name, cls in RECORD_FORMS.items()}
    leave = LeaveForm(request.POST if kind == "leave" else None, prefix="leave")
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        bound = leave if kind == "leave" else forms_by_kind.get(kind)
        if bound is not None and bound.is_valid():
            try:
                if kind == "leave":
                    staff.worker_leave(by=user, worker=worker, on=bound.cleaned_data["left_on"])
                else:
                    fields = dict(bound.cleaned_data)
                    if kind == "qualification":
                        if fields.get("scan"):
                            fields["scan_content_type"] = bound.scan_content_type
                        else:
                            fields.pop("scan", None)
                    staff.record_add(by=user, worker=worker, kind=kind, **fields)
            except staff.RegisterError as error:
                bound.add_error(None, error.message)
            else:
                messages.success(request, _("已保存。"))
                return redirect("workforce:worker", pk=worker.pk)
    # Supervisors read the record with the name masked, as on the roster; the name after a reveal. Both audited.
    may_reveal = not may_manage and can(user, "staff.reveal", worker.institution)
    reveal = may_reveal and request.GET.get("reveal") == "1"
    if not may_manage:
        audit_record(actor=user, action="staff.reveal", obj=worker.institution, region_code=worker.institution.region_id,
                     summary=AuditText(gettext_lazy("查看工作人员档案（姓名）") if reveal
                                       else gettext_lazy("查看工作人员档案")))
    bound_errors = any(f.is_bound and f.errors for f in [leave, *forms_by_kind.values()])
    return render(request, "workforce/worker.html", {
        "worker": worker, "standing": staff.standing(worker), "forms": forms_by_kind, "leave": leave,
        "shown_name": worker.name if may_manage or reveal else mask_name(worker.name),
        "may_reveal": may_reveal, "reveal": reveal,
        "labels": staff.RECORD_LABELS, "may_manage": may_manage, "nav": "staff_institutions"},
        status=400 if bound_errors else 200)


@login_required
def qualification_scan(request, pk: int):
    """A certificate's scan, for whoever may read the register (audited as every private file)."""
    qualification = get_object_or_404(Qualification.objects.select_related("worker__institution"), pk=pk)
    if not Worker.objects.visible_to(request.user).filter(pk=qualification.worker_id).exists() or \
            not qualification.scan:
        raise Http404
    institution = qualification.worker.institution
    return private_file_response(request, qualification.scan, name=f"certificate-{qualification.pk}"
                                 f"{pathlib.Path(qualification.scan.name).suffix}",
                                 content_type=qualification.scan_content_type or "application/octet-stream",
                                 obj=institution, region_code=institution.region_id, inline=request.GET.get(
                                     "inline") == "1")
