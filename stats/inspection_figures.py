"""Supervision figures of the rollups (issue 6): visits per type, the share of institutions inspected,
open and overdue rectification orders, and the distribution of quality grades and star ratings.

Like the capacity figures, they are summed per institution region in SQL (a handful of queries per
computation, whatever the number of institutions) and added up the region tree in Python. Definitions
(docs/statistics.md, "Supervision figures"), for a period from its first day to `as_of`:
- `visits`, `visits_by_type`: finished visits with a visit date (`finished_on`) in the period, to any
  institution of the region (a visit to an institution deregistered since still happened).
- `inspected_institutions`: institutions counted at `as_of` with at least one such visit;
  `inspected_share_pct` = inspected / institutions × 100.
- `open_orders`: rectification orders issued on or before `as_of` and not accepted by then;
  `overdue_orders`: those of them whose deadline is before `as_of` and that were not awaiting the inspector's
  verification then (the overdue task's rule: submitted evidence is not overdue).
- `grades`: institutions counted at `as_of` by the grade of their latest quality assessment finished on or
  before it (institutions never assessed are not in it); `stars`: institutions counted at `as_of` by their
  current star rating (a fact of the institution, like its operating model; unrated ones are not in it).
"""
import datetime
from collections import defaultdict

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from incidents.models import Incident, IncidentKind
from inspections.models import InspectionType, OrderStatus, RectificationOrder, Visit, VisitStatus
from institutions.models import Institution

from .figures import GRADES, SUPERVISION, counted_on

STARS = [1, 2, 3, 4, 5]  # Institution.star_rating values
# Where each supervision sum sits in a region's vector (stats.figures declares them).
VISITS, INSPECTED, OPEN_ORDERS, OVERDUE_ORDERS, INCIDENTS = (
    SUPERVISION.index(name) for name in ("visits", "inspected_institutions", "open_orders", "overdue_orders",
                                         "incidents"))
KIND_SLOT = {kind: SUPERVISION.slot("incidents_by_kind", kind) for kind in IncidentKind.values}
TYPE_SLOT = {kind: SUPERVISION.slot("visits_by_type", kind) for kind in InspectionType.values}
GRADE_SLOT = {grade: SUPERVISION.slot("grades", grade) for grade in GRADES}
STAR_SLOT = {star: SUPERVISION.slot("stars", str(star)) for star in STARS}
zeros = SUPERVISION.zeros


def period_start(period) -> datetime.date:
    return datetime.date(period.year, 1 if period.quarter == 0 else 3 * period.quarter - 2, 1)


def _end_of_day(date: datetime.date) -> datetime.datetime:
    """The first instant after `date` in local time (timestamps are compared with it)."""
    return timezone.make_aware(datetime.datetime.combine(date + datetime.timedelta(days=1), datetime.time()))


def _start_of_day(date: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time()))


def _in_root(root: str, prefix: str = "") -> Q:
    return Q(**{f"{prefix}region__code__startswith": root}) if root else Q()


def inspection_sums(root: str, periods: list) -> dict[int, dict[str, list[int]]]:
    """{quarter: {institution region code: vector}} for the institutions in `root`'s scope."""
    sums: dict[int, dict[str, list[int]]] = {p.quarter: defaultdict(zeros) for p in periods}
    first, last = min(period_start(p) for p in periods), max(p.as_of for p in periods)

    def in_period(p, prefix=""):
        return Q(**{f"{prefix}finished_on__gte": period_start(p), f"{prefix}finished_on__lte": p.as_of})

    visits = Visit.objects.filter(_in_root(root, "institution__"), status=VisitStatus.FINISHED,
                                  finished_on__gte=first, finished_on__lte=last)
    per_type = visits.values("institution__region_id", "type").annotate(
        **{f"v{p.quarter}": Count("pk", filter=in_period(p)) for p in periods}).order_by()
    for row in per_type:
        index = TYPE_SLOT.get(row["type"])
        for p in periods:
            if n := row[f"v{p.quarter}"]:
                vector = sums[p.quarter][row["institution__region_id"]]
                vector[VISITS] += n
                if index is not None:
                    vector[index] += n

    inspected = (Institution.objects.filter(_in_root(root), inspection_visits__status=VisitStatus.FINISHED,
                                            inspection_visits__finished_on__gte=first,
                                            inspection_visits__finished_on__lte=last)
                 .values("region_id").annotate(**{
                     f"i{p.quarter}": Count("pk", distinct=True,
                                            filter=in_period(p, "inspection_visits__") & counted_on.q(p.as_of))
                     for p in periods}).order_by())
    for row in inspected:
        for p in periods:
            if n := row[f"i{p.quarter}"]:
                sums[p.quarter][row["region_id"]][INSPECTED] += n

    orders = RectificationOrder.objects.filter(_in_root(root, "institution__"), issued_at__lt=_end_of_day(last))
    aggregates = {}
    for p in periods:
        end = _end_of_day(p.as_of)
        open_then = Q(issued_at__lt=end) & ~Q(status=OrderStatus.ACCEPTED, decided_at__lt=end)
        # Evidence awaiting verification is not overdue (the overdue task's CAN_GO_OVERDUE): the latest
        # evidence came before the day ends and no decision followed it by then.
        awaiting = Q(answered_at__lt=end) & ~Q(decided_at__lt=end, decided_at__gte=F("answered_at"))
        aggregates[f"o{p.quarter}"] = Count("pk", filter=open_then)
        aggregates[f"d{p.quarter}"] = Count("pk", filter=open_then & Q(deadline__lt=p.as_of) & ~awaiting)
    for row in orders.values("institution__region_id").annotate(**aggregates).order_by():
        for p in periods:
            vector = sums[p.quarter][row["institution__region_id"]]
            vector[OPEN_ORDERS] += row[f"o{p.quarter}"]
            vector[OVERDUE_ORDERS] += row[f"d{p.quarter}"]

    # Safety incidents that occurred in the period (local days), per kind.
    incidents = Incident.objects.filter(_in_root(root, "institution__"), occurred_at__gte=_start_of_day(first),
                                        occurred_at__lt=_end_of_day(last))
    per_kind = incidents.values("institution__region_id", "kind").annotate(**{
        f"n{p.quarter}": Count("pk", filter=Q(occurred_at__gte=_start_of_day(period_start(p)),
                                              occurred_at__lt=_end_of_day(p.as_of))) for p in periods}).order_by()
    for row in per_kind:
        for p in periods:
            if n := row[f"n{p.quarter}"]:
                vector = sums[p.quarter][row["institution__region_id"]]
                vector[INCIDENTS] += n
                vector[KIND_SLOT[row["kind"]]] += n

    # Grades and stars describe a day: the year and Q4 share theirs.
    by_date: dict[datetime.date, list[int]] = defaultdict(list)
    for p in periods:
        by_date[p.as_of].append(p.quarter)
    dates = list(by_date)
    # Stars: one query over the rated institutions, counted at each date.
    rated = (Institution.objects.filter(_in_root(root), star_rating__in=STARS, filed_on__lte=max(dates))
             .values("region_id", "star_rating")
             .annotate(**{f"n{k}": Count("pk", filter=counted_on.q(date)) for k, date in enumerate(dates)}).order_by())
    for row in rated:
        for k, date in enumerate(dates):
            if n := row[f"n{k}"]:
                for quarter in by_date[date]:
                    sums[quarter][row["region_id"]][STAR_SLOT[row["star_rating"]]] += n
    # Grades: per date, the latest graded quality visit of each institution counted then (a visit with no
    # later one, by finished_on then id, like the ordering of the assessment history): proportional to the
    # visits, not to the institutions.
    for date, quarters in by_date.items():
        graded = Visit.objects.filter(type=InspectionType.QUALITY, status=VisitStatus.FINISHED,
                                      finished_on__lte=date).exclude(grade="")
        later = graded.filter(institution_id=OuterRef("institution_id")).filter(
            Q(finished_on__gt=OuterRef("finished_on")) | Q(finished_on=OuterRef("finished_on"), id__gt=OuterRef("id")))
        latest = (graded.filter(_in_root(root, "institution__"), counted_on.q(date, "institution__"))
                  .filter(~Exists(later)).values("institution__region_id", "grade").annotate(n=Count("pk")).order_by())
        for row in latest:
            grade = GRADE_SLOT.get(row["grade"])
            if grade is None:
                continue
            for quarter in quarters:
                sums[quarter][row["institution__region_id"]][grade] += row["n"]
    return sums
