"""The public inspection record of an institution (信息公示), as a template tag so that the institutions
app's public page can show it without importing inspections. Public facts only: no inspector names, no
notes, no photos."""
import datetime

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from ..models import Finding, Severity, Visit, VisitStatus

register = template.Library()
PUBLIC_YEARS = 5


def public_inspections(institution_id: int, *, today: datetime.date | None = None) -> list[dict]:
    """Finished visits of the last five years, newest first, with their findings counted by severity and
    whether every finding has been rectified; three queries whatever the number of visits."""
    today = today or timezone.localdate()
    since = today.replace(year=today.year - PUBLIC_YEARS) if not (today.month == 2 and today.day == 29) \
        else today.replace(year=today.year - PUBLIC_YEARS, day=28)
    visits = list(Visit.objects.filter(institution_id=institution_id, status=VisitStatus.FINISHED,
                                       finished_on__gte=since).order_by("-finished_on", "-id")
                  .only("id", "type", "finished_on", "grade", "score", "max_score", "baseline_failed"))
    counts = {row["visit_id"]: row for row in Finding.objects.filter(visit__in=visits).values("visit_id").annotate(
        high=Count("id", filter=Q(severity=Severity.HIGH)), medium=Count("id", filter=Q(severity=Severity.MEDIUM)),
        low=Count("id", filter=Q(severity=Severity.LOW)),
        # 整改中 only under a rectification order (issue 13): a finding no order covers yet is "not yet ordered".
        open=Count("id", filter=Q(resolved_at__isnull=True, order__isnull=False)),
        unordered=Count("id", filter=Q(resolved_at__isnull=True, order__isnull=True)))}
    rows = []
    for visit in visits:
        found = counts.get(visit.pk, {"high": 0, "medium": 0, "low": 0, "open": 0, "unordered": 0})
        total = found["high"] + found["medium"] + found["low"]
        rows.append({
            "date": visit.finished_on, "type": visit.get_type_display(), "grade": visit.grade,
            "high": found["high"], "medium": found["medium"], "low": found["low"], "findings": total,
            "rectified": total > 0 and found["open"] == 0 and found["unordered"] == 0, "open": found["open"],
            "unordered": found["unordered"],
        })
    return rows


@register.inclusion_tag("inspections/_public_history.html")
def public_inspection_history(institution):
    return {"rows": public_inspections(institution.pk), "years": PUBLIC_YEARS}
