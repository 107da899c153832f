"""Reads of fees and guide prices (docs/programme.md, "Fees"): the fees an institution charges on a day, the guide
price an inclusive institution is held to (its county's, else its city's), and the inclusive institutions charging
above it — each a fixed number of queries, whatever the number of rows."""
import datetime

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr

from .models import Fee, FeeCap, FeeClass


def cap_regions(region_code: str) -> list[str]:
    """The regions whose guide price holds for an institution of `region_code`: its county, then its city."""
    return [region_code[:length] for length in (6, 4) if len(region_code) >= length]


def caps_in_force(region_codes, on: datetime.date) -> dict[tuple[str, str], FeeCap]:
    """{(region code, class type): the guide price in force on `on`} for the cities and counties of `region_codes`."""
    wanted = sorted({code for region_code in region_codes for code in cap_regions(region_code)})
    caps: dict[tuple[str, str], FeeCap] = {}
    for cap in FeeCap.objects.filter(region_id__in=wanted, valid_from__lte=on).select_related("region") \
            .order_by("valid_from", "id"):
        caps[(cap.region_id, cap.class_type)] = cap  # later rows replace earlier ones
    return caps


def cap_for(region_code: str, class_type: str, caps: dict[tuple[str, str], FeeCap]) -> FeeCap | None:
    for code in cap_regions(region_code):
        cap = caps.get((code, class_type))
        if cap is not None:
            return cap
    return None


def fees_in_force(institution_ids, on: datetime.date) -> dict[int, dict[str, Fee]]:
    """{institution id: {class type: the fee in force on `on`}}; one query."""
    fees: dict[int, dict[str, Fee]] = {}
    for fee in Fee.objects.filter(institution_id__in=list(institution_ids), valid_from__lte=on) \
            .order_by("valid_from", "id"):
        fees.setdefault(fee.institution_id, {})[fee.class_type] = fee
    return fees


def fee_table(institution, on: datetime.date) -> list[dict]:
    """One row per class type: the fee in force, the next one declared from a later date, the guide price (for an
    inclusive institution) and whether the fee is above it. Two queries."""
    current = fees_in_force([institution.pk], on).get(institution.pk, {})
    upcoming: dict[str, Fee] = {}
    for fee in Fee.objects.filter(institution=institution, valid_from__gt=on).order_by("-valid_from", "-id"):
        upcoming[fee.class_type] = fee  # the nearest date last
    caps = caps_in_force([institution.region_id], on) if institution.inclusive else {}
    rows = []
    for class_type, label in FeeClass.choices:
        fee = current.get(class_type)
        cap = cap_for(institution.region_id, class_type, caps)
        rows.append({"class_type": class_type, "label": label, "fee": fee, "next": upcoming.get(class_type),
                     "cap": cap, "over": bool(fee and cap and fee.monthly_fee > cap.cap)})
    return rows


def _current(on: datetime.date):
    """Fee rows in force on `on` (no later row of the same institution and class type in force)."""
    newer = Fee.objects.filter(institution_id=OuterRef("institution_id"), class_type=OuterRef("class_type"),
                               valid_from__lte=on).filter(
        Q(valid_from__gt=OuterRef("valid_from")) | Q(valid_from=OuterRef("valid_from"), id__gt=OuterRef("id")))
    return Fee.objects.filter(valid_from__lte=on).exclude(Exists(newer))


def with_caps(fees, on: datetime.date):
    """The fees in force on `on`, each with the guide price in force for its institution's county or city
    (`cap_now`, null where none is set) and the region that set it (`cap_region`); one query, in SQL."""
    caps = FeeCap.objects.filter(class_type=OuterRef("class_type"), valid_from__lte=on).filter(
        Q(region_id=Substr(OuterRef("institution__region_id"), 1, 6))
        | Q(region_id=Substr(OuterRef("institution__region_id"), 1, 4))).order_by(
        Length("region_id").desc(), "-valid_from", "-id")
    return (fees.filter(pk__in=_current(on).values("pk"))
            .annotate(cap_now=Subquery(caps.values("cap")[:1]), cap_region=Subquery(caps.values("region__name")[:1]))
            .select_related("institution").order_by("institution__region_id", "institution__name", "class_type"))


def over_cap(fees, on: datetime.date):
    """The fees in force on `on` of inclusive institutions that are above the guide price in force there."""
    return with_caps(fees, on).filter(institution__inclusive=True, monthly_fee__gt=F("cap_now"))


__all__ = ["cap_for", "cap_regions", "caps_in_force", "fee_table", "fees_in_force", "over_cap", "with_caps"]
