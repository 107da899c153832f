"""Forms of the inspection pages. They check the shape of the input (and files by content); services decide."""
import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from core.dates import deadline_date

from .models import (
    ChecklistTemplate,
    InspectionType,
    OrderStatus,
    Result,
    Severity,
    VisitStatus,
)
from .selectors import inspectors_for
from .uploads import MAX_FILES_PER_UPLOAD, MSG_TOO_MANY_FILES, check_evidence, check_photo

MSG_REASON_REQUIRED = gettext_lazy("请填写理由")
MSG_TEMPLATE_KIND = gettext_lazy("质量评估须使用质量评估表")

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"class": "form-control", "type": "date"})


MSG_PLANNED_ON_REQUIRED = gettext_lazy("请选择计划检查日期")
WHEN_CHOICES = [("now", _("现在开始（已在现场）")), ("plan", _("安排日期，列入检查计划"))]


class StartVisitForm(forms.Form):
    when = forms.ChoiceField(label=_("何时检查"), choices=WHEN_CHOICES, initial="now", required=False,
                             widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    planned_on = forms.DateField(label=_("计划日期"), required=False, validators=[deadline_date], widget=DATE_INPUT)
    inspectors = forms.ModelMultipleChoiceField(
        label=_("检查人员"), required=False, queryset=None,
        help_text=_("安排给本地区的监督员；不选则由开始检查的人员执行。按住 Ctrl 可多选。"),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 4}))
    type = forms.ChoiceField(label=_("检查类型"), choices=InspectionType.choices, initial=InspectionType.ROUTINE,
                             widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    template = forms.ModelChoiceField(
        label=_("检查表"), required=False, queryset=ChecklistTemplate.objects.none(), empty_label=_("按检查类型自动选择"),
        widget=forms.Select(attrs={"class": "form-select"}))
    complaint_ref = forms.CharField(label=_("投诉编号（投诉核查时填写）"), required=False, max_length=32,
                                    widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, institution=None, **kwargs):
        super().__init__(*args, **kwargs)
        province = institution.region_id[:2] if institution is not None else ""
        self.fields["template"].queryset = (ChecklistTemplate.objects.usable_in(province).filter(is_active=True)
                                            .order_by("kind", "province_code"))
        self.fields["inspectors"].queryset = inspectors_for(institution) if institution is not None else \
            get_user_model().objects.none()
        self.fields["inspectors"].label_from_instance = lambda user: user.display_name or user.username

    def clean(self):
        data = super().clean()
        data["when"] = data.get("when") or "now"
        if data["when"] == "plan" and not data.get("planned_on") and "planned_on" not in self.errors:
            self.add_error("planned_on", MSG_PLANNED_ON_REQUIRED)
        template = data.get("template")
        if data.get("type") == InspectionType.QUALITY and template is not None and not template.uses_points:
            self.add_error("template", MSG_TEMPLATE_KIND)
        return data


class AnswerForm(forms.Form):
    """One item of the visit page. `result` may be empty when only a note or photo is added to a saved answer."""
    result = forms.ChoiceField(choices=[("", "—"), *Result.choices], required=False)
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)
    photo = forms.FileField(required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            check_photo(photo)
        return photo


class FinishForm(forms.Form):
    summary = forms.CharField(label=_("检查意见（可选）"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=1000, error_messages={"required": MSG_REASON_REQUIRED},
                             widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("取消原因")}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control",
                                                             "accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class IssueOrderForm(forms.Form):
    findings = forms.MultipleChoiceField(label=_("整改问题"), required=False,
                                         widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    deadline = forms.DateField(label=_("整改期限"), validators=[deadline_date], widget=DATE_INPUT)
    requirements = forms.CharField(label=_("整改要求"), required=False, max_length=4000,
                                   widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))

    def __init__(self, *args, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].choices = [(str(f.pk), f.item.text) for f in findings]


class EvidenceForm(forms.Form):
    text = forms.CharField(label=_("整改情况说明"), max_length=4000,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}))
    files = MultipleFileField(label=_("整改材料（PDF、JPEG 或 PNG，每个不超过 10 MB）"), required=False)

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise forms.ValidationError(MSG_TOO_MANY_FILES.format(n=MAX_FILES_PER_UPLOAD))
        for upload in files:
            check_evidence(upload)
        return files


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("整改通过")), ("reject", _("退回重改"))],
                                 widget=forms.HiddenInput)
    reason = forms.CharField(label=_("核验意见"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
    deadline = forms.DateField(label=_("新的整改期限（退回时可选）"), required=False, validators=[deadline_date],
                               widget=DATE_INPUT)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", MSG_REASON_REQUIRED)
        return data


class FollowUpForm(forms.Form):
    on = forms.DateField(label=_("复查日期"), validators=[deadline_date], widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate() + datetime.timedelta(days=7)})
        super().__init__(*args, **kwargs)


class VisitFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *VisitStatus.choices],
                               widget=forms.Select(attrs={"class": "form-select"}))
    type = forms.ChoiceField(label=_("检查类型"), required=False, choices=[("", _("全部")), *InspectionType.choices],
                             widget=forms.Select(attrs={"class": "form-select"}))
    q = forms.CharField(label=_("机构名称"), required=False, max_length=64,
                        widget=forms.TextInput(attrs={"class": "form-control"}))


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *OrderStatus.choices],
                               widget=forms.Select(attrs={"class": "form-select"}))


# --- admin pages -----------------------------------------------------------------------------------

class ChecklistForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=128, widget=forms.TextInput(attrs={"class": "form-control"}))
    description = forms.CharField(label=_("说明"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))


class SectionForm(forms.Form):
    title = forms.CharField(label=_("部分名称"), max_length=128, widget=forms.TextInput(attrs={"class": "form-control"}))
    max_points = forms.IntegerField(label=_("分值"), required=False, min_value=0, max_value=1000,
                                    widget=forms.NumberInput(attrs={"class": "form-control"}))


class ItemForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    order = forms.IntegerField(label=_("顺序"), required=False, min_value=0, max_value=999,
                               widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))
    text = forms.CharField(label=_("检查内容"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"class": "form-control form-control-sm", "rows": 2}))
    severity = forms.ChoiceField(label=_("风险等级"), choices=Severity.choices, initial=Severity.MEDIUM,
                                 widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    points = forms.IntegerField(label=_("分值"), required=False, min_value=0, max_value=1000,
                                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))
    is_baseline = forms.BooleanField(label=_("否决项"), required=False)
    delete = forms.BooleanField(label=_("删除"), required=False)


ItemFormSet = forms.formset_factory(ItemForm, extra=2, max_num=200)
