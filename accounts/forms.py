"""Sign-up and password reset by text-message code (accounts/codes.py)."""
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from . import codes

MSG_MISMATCH = _("两次输入的密码不一致")
MSG_PHONE_TAKEN = _("该手机号已注册，请直接登录；忘记密码可通过手机验证码重置")


def _password(label, autocomplete="new-password"):
    return forms.CharField(label=label, strip=False, widget=forms.PasswordInput(
        attrs={"class": "form-control", "autocomplete": autocomplete}))


class PhoneCodeForm(forms.Form):
    """A phone number and the code sent to it; `send` only needs the number."""

    phone = forms.CharField(label=_("手机号码"), max_length=20, widget=forms.TextInput(
        attrs={"class": "form-control", "autocomplete": "tel", "inputmode": "tel"}))
    code = forms.CharField(label=_("短信验证码"), max_length=8, required=False, widget=forms.TextInput(
        attrs={"class": "form-control", "autocomplete": "one-time-code", "inputmode": "numeric"}))

    def clean_phone(self):
        try:
            return codes.normal_phone(self.cleaned_data["phone"])
        except codes.CodeError as error:
            raise forms.ValidationError(error.message) from None


class NewPasswordMixin(forms.Form):
    password1 = _password(_("新密码"))
    password2 = _password(_("再次输入新密码"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = True  # only sending a code does without one (PhoneCodeForm)

    def user_for_validation(self):
        return None

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", MSG_MISMATCH)
        elif first:
            try:
                password_validation.validate_password(first, self.user_for_validation())
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class SignUpForm(NewPasswordMixin, PhoneCodeForm):
    display_name = forms.CharField(label=_("真实姓名"), max_length=64, widget=forms.TextInput(
        attrs={"class": "form-control", "autocomplete": "name"}),
        help_text=_("与身份证一致；审核备案时核对"))
    agree = forms.BooleanField(label=_("我已阅读并同意平台使用与个人信息保护规定"),
                               widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    field_order = ["phone", "code", "display_name", "password1", "password2", "agree"]

    def user_for_validation(self):
        from .models import User

        return User(username=self.cleaned_data.get("phone", ""), display_name=self.cleaned_data.get("display_name", ""))


class ResetForm(NewPasswordMixin, PhoneCodeForm):
    field_order = ["phone", "code", "password1", "password2"]
