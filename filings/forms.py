"""Forms of the filing pages other than the wizard's steps: document upload and the reviewer's decisions."""
import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from core.dates import past_date, programme_date, validity_date
from core.files import check_upload

from . import steps
from .models import DocumentType

MSG_REASON_REQUIRED = gettext_lazy("请填写理由")
MSG_DATE_FUTURE_LIMIT = gettext_lazy("日期不能晚于今天起一年")
COMMENT_ROWS = 6


class DocumentUploadForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("材料类型"), choices=DocumentType.choices,
                                 widget=forms.Select(attrs={"class": "form-select"}))
    file = forms.FileField(label=_("文件"), help_text=_("PDF、JPEG 或 PNG，不超过 10 MB"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control",
                                                                  "accept": ".pdf,.jpg,.jpeg,.png"}))
    valid_until = forms.DateField(label=_("有效期至（如有）"), required=False, validators=[validity_date],
                                  widget=forms.DateInput(format="%Y-%m-%d", attrs={"class": "form-control", "type": "date"}))

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:  # the national types and the filing's province's additions (prechecks)
            self.fields["doc_type"].choices = choices

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


def field_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """'<step>.<field>' keys of every wizard field, grouped by step, for per-item comments."""
    groups = []
    for step in steps.STEPS:
        if step.key in steps.FORM_STEPS:
            form, formset = steps.bind(step.key, None)
            items = [(f"{step.key}.{name}", str(field.label)) for name, field in (form.fields.items() if form
                                                                                     else [])]
            if formset is not None:
                label = _("班级") if step.key == "service" else _("工作人员名单")
                items.append((f"{step.key}.rows", str(label)))
            groups.append((str(step.title), items))
        elif step.key == "documents":
            groups.append((str(step.title), [(f"documents.{value}", str(label))
                                             for value, label in DocumentType.choices]))
    return groups


def comment_label(key: str) -> str:
    """The label of a per-item comment's key in the active language: "场地与地址 · 详细地址" for
    "premises.address", "备案材料 · 场地证明" for "documents.premises"; an unknown key is shown as it is."""
    for group, items in field_choices():
        for item_key, label in items:
            if item_key == key:
                return f"{group} · {label}"
    return key


class DecisionForm(forms.Form):
    ACTIONS = [("accept", _("受理")), ("approve", _("通过")), ("return", _("退回补正")), ("reject", _("不予备案"))]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("意见/理由"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))
    on = forms.DateField(label=_("备案日期"), required=False, validators=[past_date],
                         widget=forms.DateInput(format="%Y-%m-%d", attrs={"class": "form-control", "type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— 选择字段 —")), *field_choices()]
        for index in range(COMMENT_ROWS):
            self.fields[f"comment_field_{index}"] = forms.ChoiceField(
                label=_("字段"), required=False, choices=choices, widget=forms.Select(attrs={"class": "form-select"}))
            self.fields[f"comment_text_{index}"] = forms.CharField(
                label=_("意见"), required=False, max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control"}))

    def clean_on(self):
        on = self.cleaned_data.get("on")
        if on and on > timezone.localdate() + datetime.timedelta(days=365):
            raise forms.ValidationError(MSG_DATE_FUTURE_LIMIT)
        return on

    def comments(self) -> dict:
        result = {}
        for index in range(COMMENT_ROWS):
            key = self.cleaned_data.get(f"comment_field_{index}")
            text = (self.cleaned_data.get(f"comment_text_{index}") or "").strip()
            if key and text:
                result[key] = f"{result[key]}；{text}" if key in result else text
        return result

    def comment_rows(self):
        return [(self[f"comment_field_{i}"], self[f"comment_text_{i}"]) for i in range(COMMENT_ROWS)]


class DeregisterForm(forms.Form):
    on = forms.DateField(label=_("注销日期"), validators=[programme_date], widget=forms.DateInput(format="%Y-%m-%d", attrs={"class": "form-control", "type": "date"}))
    reason = forms.CharField(label=_("注销原因"), max_length=500, error_messages={"required": MSG_REASON_REQUIRED},
                             widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))


class HolidayForm(forms.Form):
    date = forms.DateField(label=_("日期"), validators=[programme_date], widget=forms.DateInput(format="%Y-%m-%d", attrs={"class": "form-control",
                                                                                          "type": "date"}))
    name = forms.CharField(label=_("名称"), max_length=64, widget=forms.TextInput(attrs={"class": "form-control",
                                                                                      "placeholder": "春节"}))
    is_workday = forms.BooleanField(label=_("调休上班（周末上班日）"), required=False,
                                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
