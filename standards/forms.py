from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import programme_date
from core.text import parens

from . import registry


def rule_choices():
    return [(str(registry.GROUPS[group]), [(rule.key, f"{rule.label}{parens(rule.unit)}") for rule in registry.RULES
                                           if rule.group == group]) for group in registry.GROUPS]


class StandardForm(forms.Form):
    key = forms.ChoiceField(label=_("规则"), choices=rule_choices, widget=forms.Select(attrs={"class": "form-select"}))
    value = forms.IntegerField(label=_("数值"), min_value=0, max_value=10000,
                               widget=forms.NumberInput(attrs={"class": "form-control"}))
    valid_from = forms.DateField(label=_("施行日期"), validators=[programme_date], initial=timezone.localdate,
                                 widget=forms.DateInput(format="%Y-%m-%d", attrs={"class": "form-control",
                                                                                  "type": "date"}))
    basis = forms.CharField(label=_("依据"), max_length=200,
                            help_text=_("文件名称和文号，例如：河北省托育机构设置标准（冀卫人口〔2024〕1号）"),
                            widget=forms.TextInput(attrs={"class": "form-control"}))


class DocumentRequirementForm(forms.Form):
    label = forms.CharField(label=_("材料名称"), max_length=60,
                            help_text=_("例如：从业人员无犯罪记录证明"),
                            widget=forms.TextInput(attrs={"class": "form-control"}))
    valid_from = forms.DateField(label=_("施行日期"), validators=[programme_date], initial=timezone.localdate,
                                 widget=forms.DateInput(format="%Y-%m-%d", attrs={"class": "form-control",
                                                                                  "type": "date"}))
    basis = forms.CharField(label=_("依据"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))


class DocumentEndForm(forms.Form):
    requirement = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("停止要求日期"), initial=timezone.localdate,
                         widget=forms.DateInput(format="%Y-%m-%d", attrs={"class": "form-control form-control-sm",
                                                                          "type": "date"}))
