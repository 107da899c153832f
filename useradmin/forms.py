from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

from .permissions import STAFF_ROLES

ATTRS = {"class": "form-control"}


class UserForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150, widget=forms.TextInput(attrs=ATTRS),
                               help_text=_("登录用，开设后不能修改"))
    display_name = forms.CharField(label=_("姓名"), max_length=64, widget=forms.TextInput(attrs=ATTRS))
    phone = forms.CharField(label=_("手机号码"), max_length=20, widget=forms.TextInput(attrs=ATTRS),
                            help_text=_("账号持有人用它获取验证码、设置密码"))
    email = forms.EmailField(label=_("电子邮箱"), required=False, widget=forms.EmailInput(attrs=ATTRS))
    role = forms.ChoiceField(label=_("角色"), choices=[(r, label) for r, label in Role.choices if r in STAFF_ROLES],
                             widget=forms.Select(attrs={"class": "form-select"}))
    region_code = forms.CharField(label=_("工作区划代码"), max_length=12, required=False,
                                  widget=forms.TextInput(attrs=ATTRS),
                                  help_text=_("您所在区划或其下级区划的代码，如 130102；全国的管理员、查看员留空"))
    is_active = forms.BooleanField(label=_("账号有效"), required=False, initial=True,
                                   widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["username"].disabled = True


class ImportForm(forms.Form):
    file = forms.FileField(label=_("账号表格（XLSX 或 CSV）"), widget=forms.ClearableFileInput(
        attrs={"class": "form-control", "accept": ".xlsx,.csv"}))
