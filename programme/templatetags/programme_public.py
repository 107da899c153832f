"""An institution's fees on its public page (信息公示), as a template tag so that the institutions app's page can
show them without importing programme: each class type's basic monthly fee in force and, for an inclusive
institution, the guide price it is held to; and the institution's inclusive recognitions (普惠认定), newest first."""
from django import template
from django.utils import timezone

from ..fees import fee_table
from ..models import Designation

register = template.Library()


@register.inclusion_tag("programme/_public_fees.html")
def public_fees(institution):
    today = timezone.localdate()
    rows = fee_table(institution, today)
    recognitions = list(institution.inclusive_recognitions.order_by("-valid_from", "-id")[:10])
    return {"institution": institution, "rows": rows, "declared": any(row["fee"] for row in rows), "today": today,
            "recognitions": recognitions}


@register.inclusion_tag("programme/_public_designations.html")
def public_designations(institution):
    """Its pilot and demonstration designations once named (applications and reviews are not public)."""
    return {"designations": list(Designation.objects.filter(institution=institution, designated_on__isnull=False)
                                 .order_by("-designated_on", "-id")[:20])}
