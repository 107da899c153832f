"""The filing receipt (备案回执, printable, scoped to the user) and the public check of a filing number."""
import re

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from institutions.models import FilingState, Institution, Nature, OperatingModel, OwnershipType, ServiceType
from institutions.rules import ClassType
from institutions.selectors import region_path
from regions.models import Region

from .models import Filing, FilingKind, FilingStatus

MSG_NUMBER_NOT_FOUND = gettext_lazy("未找到该备案编号")
MSG_NUMBER_FORMAT = (gettext_lazy("备案编号格式应为“县区代码-年份-5位序号”，如 130102-2026-00001"))

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


def _int(value) -> int:
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() else 0


def as_approved(filing: Filing) -> dict | None:
    """The receipt's facts as the filing approved them (issue 13: a receipt is a document of its day).

    A filing's answers are final once it is approved, and approval wrote exactly these answers to the institution:
    they are the receipt's snapshot. Read as stored (not validated again: a rule added since, such as the telephone
    format, must not change an old receipt). None when the filing holds no answers (an institution imported or
    seeded with a filing record only): the receipt then shows the institution as it is now, and says so."""
    data = filing.data or {}
    entity, premises, service = (data.get(key) for key in ("entity", "premises", "service"))
    if not (isinstance(entity, dict) and isinstance(premises, dict) and isinstance(service, dict)):
        return None
    code = premises.get("region") or ""
    institution = filing.institution
    region = (institution.region if institution is not None and institution.region_id == code else
              Region.objects.select_related("parent__parent__parent").filter(code=code).first())
    natures, models_, types = dict(Nature.choices), dict(OperatingModel.choices), dict(ServiceType.choices)
    class_types = dict(ClassType.choices)
    classes = [{"name": row.get("name", ""), "class_type_label": str(class_types.get(row.get("class_type"), "")),
                "capacity": _int(row.get("capacity")), "enrolled": _int(row.get("enrolled")),
                "caregivers": _int(row.get("caregivers"))} for row in service.get("rows") or []]
    return {
        "name": entity.get("name") or filing.name, "credit_code": entity.get("credit_code") or filing.credit_code,
        "path": region_path(region) if region else [], "address": premises.get("address", ""),
        "nature_label": str(natures.get(entity.get("nature"), "")),
        "operating_model_label": str(models_.get(entity.get("operating_model"), "")),
        "ownership_label": str(dict(OwnershipType.choices).get(entity.get("ownership_type"), "")),
        "inclusive": entity.get("inclusive") == "yes",
        "service_type_labels": [str(types.get(t, t)) for t in service.get("service_types") or []],
        "classes": classes,
    }


def _as_now(institution: Institution) -> dict:
    classes = [{"name": c.name, "class_type_label": c.get_class_type_display(), "capacity": c.capacity,
                "enrolled": c.enrolled, "caregivers": c.caregivers} for c in institution.classes.all()]
    return {
        "name": institution.name, "credit_code": institution.credit_code, "path": region_path(institution.region),
        "address": institution.address, "nature_label": institution.get_nature_display(),
        "operating_model_label": institution.get_operating_model_display(), "inclusive": institution.inclusive,
        "ownership_label": institution.get_ownership_type_display(),
        "service_type_labels": institution.service_type_labels, "classes": classes,
    }


@login_required
def filing_receipt(request, pk: int):
    """备案回执 of an approved new or change filing; out of scope, not approved or another kind: 404."""
    filing = get_object_or_404(
        Filing.objects.visible_to(request.user).filter(kind__in=RECEIPT_KINDS, institution__isnull=False)
        .select_related("county", *(f"institution__{p}" for p in REGION_PATH)),
        pk=pk, status=FilingStatus.APPROVED,
    )
    institution = filing.institution
    facts = as_approved(filing)
    from_snapshot = facts is not None
    facts = facts or _as_now(institution)
    classes = facts["classes"]
    county = filing.county or next((r for r in facts["path"] if len(r.code) == 6), None)
    # A later change filing supersedes this receipt: say so and point at the current one.
    latest = (institution.filings.filter(status=FilingStatus.APPROVED, kind__in=RECEIPT_KINDS)
              .order_by("-decided_at", "-id").values("pk", "effective_on").first())
    verify_url = request.build_absolute_uri(reverse("filing_docs:verify", args=[filing.filing_number]))
    return render(request, "filings/receipt.html", {
        "filing": filing,
        "institution": institution,
        "facts": facts,
        "from_snapshot": from_snapshot,
        "path": facts["path"],
        "county": county,
        "classes": classes,
        "total_slots": sum(c["capacity"] for c in classes),
        "total_enrolled": sum(c["enrolled"] for c in classes),
        "total_caregivers": sum(c["caregivers"] for c in classes),
        "superseded_by": latest if latest is not None and latest["pk"] != filing.pk else None,
        "deregistered": institution.filing_state == FilingState.DEREGISTERED,
        "verify_url": verify_url,
        "qr_svg": qr_svg(verify_url),
        "nav": "filings",
    })


def _not_found(request, number: str):
    return render(request, "filings/verify.html", {"number": number, "not_found": MSG_NUMBER_NOT_FOUND, "nav": "verify"},
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
        "nav": "verify",
        "number": number,
        "institution": institution,
        "path": region_path(institution.region),
        "valid": institution.filing_state == FilingState.FILED and not (
            institution.deregistered_on and institution.deregistered_on <= timezone.localdate()),
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
    return render(request, "filings/verify_form.html", {"form": form, "nav": "verify"})
