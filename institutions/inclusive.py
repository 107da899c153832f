"""Inclusive (普惠) status from recognitions (docs/programme.md, "Inclusive recognition"): an institution is
inclusive on a day when a recognition is in force that day; one with no recognition keeps the undated flag it was
filed or imported with. `Institution.inclusive` always says today's status: the recognition services refresh it
for the institution they change, and a beat task each night for recognitions that start or end on a date."""
import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models import InclusiveRecognition, Institution


def inclusive_flags_refresh(*, institution_ids=None, on: datetime.date | None = None) -> int:
    """Set `inclusive` from the recognitions in force on `on` (today) for the institutions that have any (all, or
    those of `institution_ids`); the others keep their flag. Two UPDATE queries; returns the rows changed."""
    on = on or timezone.localdate()
    recognitions = InclusiveRecognition.objects.filter(institution_id=OuterRef("pk"))
    rows = Institution.objects.filter(Exists(recognitions))
    if institution_ids is not None:
        rows = rows.filter(pk__in=list(institution_ids))
    in_force = Exists(recognitions.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on))
    changed = rows.filter(in_force, inclusive=False).update(inclusive=True)
    changed += rows.filter(~in_force, inclusive=True).update(inclusive=False)
    return changed


def has_recognitions(institution) -> bool:
    """Whether the county keeps dated recognitions of the institution: then they, not a filing's or an import's
    answer, say whether it is inclusive."""
    return InclusiveRecognition.objects.filter(institution=institution).exists()
