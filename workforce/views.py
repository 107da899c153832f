"""/workforce/banned/: the province's banned-person list (its admins add entries; no identity number is shown or
kept), and a check of one number for any admin (audited)."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.policy import can
from core import identity
from core.dates import programme_date, validity_date
from core.pagination import CountCachingPaginator

from . import services
from .models import BannedPerson

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
