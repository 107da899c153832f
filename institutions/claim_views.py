"""Claim pages: /institutions/claim/ (operators: ask, and their claims), /institutions/claims/ (reviewers and
admins: the claims of their scope, decided on each claim's page; another region's claim is 404)."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.policy import can
from core.files import private_file_response, wants_inline
from core.pagination import CountCachingPaginator

from . import claims
from .models import ClaimProof, ClaimStatus, InstitutionClaim


class ClaimForm(forms.Form):
    credit_code = forms.CharField(label=gettext_lazy("统一社会信用代码"), max_length=18,
                                  widget=forms.TextInput(attrs={"class": "form-control"}))
    proof = forms.ChoiceField(label=gettext_lazy("证明材料"), choices=ClaimProof.choices,
                              widget=forms.Select(attrs={"class": "form-select"}))
    document = forms.FileField(label=gettext_lazy("文件"), help_text=gettext_lazy(
        "授权委托书须加盖机构公章；PDF、JPEG 或 PNG，不超过 10 MB"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png"}))


class RefuseForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("不通过理由"), max_length=500, widget=forms.Textarea(
        attrs={"class": "form-control", "rows": 3}))


@login_required
@require_http_methods(["GET", "POST"])
def claim_page(request):
    if not can(request.user, "claim.submit"):
        raise PermissionDenied
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            claims.claim_submit(operator=request.user, credit_code=form.cleaned_data["credit_code"],
                                proof=form.cleaned_data["proof"], upload=form.cleaned_data["document"])
        except ValidationError as error:
            form.add_error("document", error)
        except claims.ClaimError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("认领申请已提交，机构所在县区审核后即可在“我的机构”中看到该机构。"))
            return redirect("institutions:claim")
    mine = InstitutionClaim.objects.visible_to(request.user).select_related("institution")
    return render(request, "institutions/claim.html", {"form": form, "claims": mine, "nav": "staff_institutions"},
                  status=400 if form.is_bound and form.errors else 200)


def _staff(request):
    if not can(request.user, "claim.decide"):
        raise PermissionDenied
    return request.user


@login_required
def claim_list(request):
    _staff(request)
    rows = (InstitutionClaim.objects.visible_to(request.user)
            .select_related("institution", "institution__region", "operator"))
    status = request.GET.get("status", ClaimStatus.PENDING)
    if status in ClaimStatus.values:
        rows = rows.filter(status=status)
    page = CountCachingPaginator(rows.order_by("submitted_at", "id"), 50).get_page(request.GET.get("page"))
    return render(request, "institutions/claim_list.html", {"page_obj": page, "status": status,
                                                            "statuses": ClaimStatus.choices, "nav": "staff_institutions"})


@login_required
@require_http_methods(["GET", "POST"])
def claim_detail(request, pk: int):
    _staff(request)
    claim = get_object_or_404(InstitutionClaim.objects.visible_to(request.user)
                              .select_related("institution", "institution__region", "operator", "decided_by"), pk=pk)
    refuse = RefuseForm(request.POST if request.POST.get("action") == "refuse" else None)
    if request.method == "POST":
        if not can(request.user, "claim.decide", claim):
            raise PermissionDenied
        try:
            if request.POST.get("action") == "approve":
                claims.claim_approve(claim=claim, by=request.user)
                messages.success(request, _("已同意认领。"))
                return redirect("institutions:claim_detail", pk=claim.pk)
            if refuse.is_valid():
                claims.claim_refuse(claim=claim, by=request.user, reason=refuse.cleaned_data["reason"])
                messages.success(request, _("已不同意认领，申请人会看到理由。"))
                return redirect("institutions:claim_detail", pk=claim.pk)
        except claims.ClaimError as error:
            messages.error(request, error.message)
            return redirect("institutions:claim_detail", pk=claim.pk)
    return render(request, "institutions/claim_detail.html", {
        "claim": claim, "refuse_form": refuse, "nav": "staff_institutions",
        "operators": list(claim.institution.operators.all())},
        status=400 if refuse.is_bound and refuse.errors else 200)


@login_required
def claim_document(request, pk: int):
    """The proof, to the claim's operator and to staff of its scope (private, audited)."""
    claim = get_object_or_404(InstitutionClaim.objects.visible_to(request.user).select_related("institution"), pk=pk)
    if claim.operator_id != request.user.pk and not can(request.user, "claim.decide", claim):
        raise PermissionDenied  # personal data (an authorisation names people): only those who decide read it
    return private_file_response(request, claim.document, name=claim.document_name, content_type=claim.content_type,
                                 obj=claim, region_code=claim.institution.region_id, inline=wants_inline(request))


# --- an institution's operators (经办人) --------------------------------------------------------------

class ColleagueForm(forms.Form):
    phone = forms.CharField(label=gettext_lazy("同事的手机号码"), max_length=20, help_text=gettext_lazy(
        "对方须已注册举办者账号"), widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "tel"}))


@login_required
@require_http_methods(["GET", "POST"])
def operators_page(request, pk: int):
    """The institution's operator accounts; its admin operator adds, removes and promotes them. Other operators
    and staff of its scope read the list; anyone else gets 404."""
    from accounts.models import User

    from . import colleagues
    from .models import Institution

    institution = get_object_or_404(Institution.objects.visible_to(request.user), pk=pk)
    admin = colleagues.is_admin_operator(request.user, institution)
    form = ColleagueForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        if not admin:
            raise PermissionDenied
        try:
            action = request.POST.get("action")
            if action == "add":
                if form.is_valid():
                    colleagues.colleague_add(by=request.user, institution=institution, phone=form.cleaned_data["phone"])
                    messages.success(request, _("已添加经办人。"))
                    return redirect("institutions:operators", pk=institution.pk)
            else:
                user_id = request.POST.get("user", "")
                target = get_object_or_404(User, pk=int(user_id) if user_id.isdigit() else 0)
                if action == "remove":
                    colleagues.colleague_remove(by=request.user, institution=institution, user=target)
                    messages.success(request, _("已移除经办人。"))
                elif action == "admin":
                    colleagues.colleague_make_admin(by=request.user, institution=institution, user=target)
                    messages.success(request, _("已指定为机构管理员经办人。"))
                return redirect("institutions:operators", pk=institution.pk)
        except colleagues.ColleagueError as error:
            if action != "add":
                messages.error(request, error.message)
                return redirect("institutions:operators", pk=institution.pk)
            form.add_error(None, error.message)
    return render(request, "institutions/operators.html", {
        "institution": institution, "links": colleagues.colleagues(institution), "admin": admin, "form": form,
        "nav": "staff_institutions"}, status=400 if form.is_bound and form.errors else 200)
