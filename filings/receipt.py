"""The filing receipt (备案回执, printable, scoped to the user) and the public check of a filing number."""
import re

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from institutions.models import FilingState, Institution
from institutions.selectors import region_path

from .models import Filing, FilingKind, FilingStatus

MSG_NUMBER_NOT_FOUND = "未找到该备案编号 / No filing with this number"
MSG_NUMBER_FORMAT = ("备案编号格式应为“县区代码-年份-5位序号”，如 130102-2026-00001 / A filing number looks like "
                     "'county code-year-5-digit sequence', e.g. 130102-2026-00001")

# `{6-digit county code}-{year}-{5-digit sequence}` (DOMAIN.md §6).
FILING_NUMBER_RE = re.compile(r"\d{6}-\d{4}-\d{5}")
# People copy numbers from printed receipts and Chinese input methods: accept full-width digits and dashes.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－—–", "0123456789---")

RECEIPT_KINDS = (FilingKind.NEW, FilingKind.CHANGE)
REGION_PATH = ("region", "region__parent", "region__parent__parent", "region__parent__parent__parent")


def normalise_number(raw: str) -> str:
    return raw.translate(_FULL_WIDTH).replace(" ", "").strip()


def qr_svg(url: str) -> str:
    """An inline SVG QR code of `url` (drawn as paths: the URL is not interpolated as markup)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=3, border=2))


@login_required
def filing_receipt(request, pk: int):
    """备案回执 of an approved new or change filing; out of scope, not approved or another kind: 404."""
    filing = get_object_or_404(
        Filing.objects.visible_to(request.user).filter(kind__in=RECEIPT_KINDS, institution__isnull=False)
        .select_related("county", *(f"institution__{p}" for p in REGION_PATH)),
        pk=pk, status=FilingStatus.APPROVED,
    )
    institution = filing.institution
    classes = list(institution.classes.all())
    county = filing.county or next((r for r in region_path(institution.region) if len(r.code) == 6), None)
    # A later change filing supersedes this receipt: say so and point at the current one.
    latest = (institution.filings.filter(status=FilingStatus.APPROVED, kind__in=RECEIPT_KINDS)
              .order_by("-decided_at", "-id").values("pk", "effective_on").first())
    verify_url = request.build_absolute_uri(reverse("filing_docs:verify", args=[filing.filing_number]))
    return render(request, "filings/receipt.html", {
        "filing": filing,
        "institution": institution,
        "path": region_path(institution.region),
        "county": county,
        "classes": classes,
        "total_slots": sum(c.capacity for c in classes),
        "total_enrolled": sum(c.enrolled for c in classes),
        "total_caregivers": sum(c.caregivers for c in classes),
        "superseded_by": latest if latest is not None and latest["pk"] != filing.pk else None,
        "deregistered": institution.filing_state == FilingState.DEREGISTERED,
        "verify_url": verify_url,
        "qr_svg": qr_svg(verify_url),
        "nav": "filings",
    })


def _not_found(request, number: str):
    return render(request, "filings/verify.html", {"number": number, "not_found": MSG_NUMBER_NOT_FOUND},
                  status=404)


def filing_verify(request, number: str):
    """Public: is this filing number real, and is the institution still filed? Public facts only."""
    if not FILING_NUMBER_RE.fullmatch(number):
        return _not_found(request, number)
    institution = (Institution.objects.filter(filing_number=number,
                                              filing_state__in=[FilingState.FILED, FilingState.DEREGISTERED])
                   .select_related(*REGION_PATH).first())
    if institution is None:
        return _not_found(request, number)
    last_change_on = (Filing.objects.filter(institution=institution, kind=FilingKind.CHANGE,
                                            status=FilingStatus.APPROVED)
                      .order_by("-effective_on", "-decided_at").values_list("effective_on", flat=True).first())
    return render(request, "filings/verify.html", {
        "number": number,
        "institution": institution,
        "path": region_path(institution.region),
        "valid": institution.filing_state == FilingState.FILED,
        "last_change_on": last_change_on,
    })


class VerifyForm(forms.Form):
    number = forms.CharField(label=_("备案编号"), max_length=40)

    def clean_number(self) -> str:
        number = normalise_number(self.cleaned_data["number"])
        if not FILING_NUMBER_RE.fullmatch(number):
            raise forms.ValidationError(MSG_NUMBER_FORMAT)
        return number


def filing_verify_form(request):
    """A box to type a number (GET ?number=) that sends the visitor to its verification page."""
    form = VerifyForm(request.GET if "number" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("filing_docs:verify", number=form.cleaned_data["number"])
    return render(request, "filings/verify_form.html", {"form": form})
