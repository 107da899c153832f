"""Forms of the complaint pages: the public complaint form, the tracking look-up and the staff actions.
They validate input only; the services decide."""
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from regions.forms import RegionCascadeField
from regions.models import RegionLevel

from .models import ComplaintCategory, normalize_tracking_number
from .services import MSG_COUNTY_REQUIRED, MSG_NOTE_REQUIRED, MSG_RESOLUTION_REQUIRED

DESCRIPTION_MIN_LENGTH = 10
DESCRIPTION_MAX_LENGTH = 2000
MSG_DESCRIPTION_SHORT = gettext_lazy("请至少用{n}个字说明情况")
MSG_DESCRIPTION_LONG = gettext_lazy("投诉内容不能超过{n}个字")
MSG_TOO_LONG = gettext_lazy("不能超过{n}个字")
MSG_PHONE = gettext_lazy("请填写有效的电话号码（数字，可含 + - 和空格）")
MSG_CATEGORY_REQUIRED = gettext_lazy("请选择投诉类别")
MSG_HONEYPOT = gettext_lazy("提交未成功，请勿填写隐藏的“网站”一栏")
MSG_TRACKING_NUMBER = (gettext_lazy("请输入完整的投诉编号，如 TS-4K7QM2XR9B"))
MSG_TRACKING_REQUIRED = gettext_lazy("请输入投诉编号")


def _text(label, max_length, *, required=False, help_text="", rows=None, **attrs):
    widget = (forms.Textarea(attrs={"class": "form-control", "rows": rows, **attrs}) if rows
              else forms.TextInput(attrs={"class": "form-control", **attrs}))
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text,
                           widget=widget, error_messages={"max_length": MSG_TOO_LONG.format(n=max_length)})


class ComplaintForm(forms.Form):
    """The public form. With an institution (from its public page) the county is the institution's, so
    the county picker is left out; without one the complainant chooses the county."""

    category = forms.ChoiceField(label=_("投诉类别"), choices=ComplaintCategory.choices, widget=forms.RadioSelect,
                                 error_messages={"required": MSG_CATEGORY_REQUIRED,
                                                 "invalid_choice": MSG_CATEGORY_REQUIRED})
    county = RegionCascadeField(label=_("所在县(区)"), min_level=RegionLevel.COUNTY, max_level=RegionLevel.COUNTY,
                                error_messages={"required": MSG_COUNTY_REQUIRED})
    place = _text(_("机构名称或地址"), 128, help_text=_("未在名录中的托育点，请写明名称或地址。"))
    description = forms.CharField(
        label=_("投诉内容"), min_length=DESCRIPTION_MIN_LENGTH, max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 6, "maxlength": DESCRIPTION_MAX_LENGTH}),
        help_text=_("请写明时间、地点和经过。请勿填写儿童的姓名等个人信息。"),
        error_messages={"required": MSG_DESCRIPTION_SHORT.format(n=DESCRIPTION_MIN_LENGTH),
                        "min_length": MSG_DESCRIPTION_SHORT.format(n=DESCRIPTION_MIN_LENGTH),
                        "max_length": MSG_DESCRIPTION_LONG.format(n=DESCRIPTION_MAX_LENGTH)})
    contact_name = _text(_("联系人（可不填）"), 32, autocomplete="name")
    contact_phone = _text(_("联系电话（可不填）"), 20, autocomplete="tel", inputmode="tel")
    # Honeypot: hidden from people (and screen readers); a bot filling every box fills it too.
    website = forms.CharField(label=_("网站"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, institution=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.fields["contact_phone"].validators.append(RegexValidator(r"^\+?[0-9][0-9 \-]{4,19}$", MSG_PHONE))
        if institution is not None:
            del self.fields["county"]
            del self.fields["place"]

    def clean(self):
        cleaned = super().clean()
        if self.cleaned_data.get("website") or self.data.get("website"):
            raise forms.ValidationError(MSG_HONEYPOT, code="honeypot")
        return cleaned


class TrackForm(forms.Form):
    number = forms.CharField(label=_("投诉编号"), max_length=32,
                             error_messages={"required": MSG_TRACKING_REQUIRED},
                             widget=forms.TextInput(attrs={"class": "form-control form-control-lg font-monospace",
                                                           "placeholder": "TS-XXXXXXXXXX", "autocomplete": "off",
                                                           "autocapitalize": "characters", "spellcheck": "false"}))

    def clean_number(self):
        number = normalize_tracking_number(self.cleaned_data["number"])
        if number is None:
            raise forms.ValidationError(MSG_TRACKING_NUMBER)
        return number


class ComplaintActionForm(forms.Form):
    ACTIONS = [("acknowledge", _("受理")), ("investigate", _("开始调查")), ("close", _("办结")),
               ("note", _("添加内部备注"))]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    note = _text(_("内部备注（可不填，不向投诉人公开）"), 2000, rows=2)
    resolution = _text(_("处理结果（向投诉人公开）"), 2000, rows=3,
                       help_text=_("投诉人凭编号可看到此内容。请勿写入工作人员姓名或投诉人信息。"))
    visit_ref = _text(_("核查检查编号（可不填）"), 32)

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "close" and not (cleaned.get("resolution") or "").strip():
            self.add_error("resolution", MSG_RESOLUTION_REQUIRED)
        if action == "note" and not (cleaned.get("note") or "").strip():
            self.add_error("note", MSG_NOTE_REQUIRED)
        return cleaned
