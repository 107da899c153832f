"""Daily progress (每日进展): one day's filing submissions, approvals and the slots those approvals added, per
child region of a region, aggregated in SQL (one query for the regions, one for the filings).

Definitions (docs/statistics.md, "Bulletins and daily progress"): a filing belongs to the county that reviews
it (Filing.county, the scope key); days are local (Asia/Shanghai).
- submissions: filings of any kind (new, change, deregistration) first submitted on the day
  (first_submitted_at; a resubmission after a return is not a new application);
- approvals: filings of any kind approved on the day (decided_at of an approved filing);
- slots added: the slots of the institutions created by the NEW filings approved on the day, i.e. the
  capacity record in force on each filing's effective date (the record its approval opened). Change filings
  and deregistrations add none here; their net effect is in the stored figures' new_slots.
"""
import dataclasses
import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from filings.models import Filing, FilingKind, FilingStatus
from institutions.models import CapacityRecord
from regions.models import CODE_LENGTH, Region, RegionLevel

from .models import COUNTRY_CODE

MSG_OUT_OF_SCOPE = gettext_lazy("该区划不在您的管辖范围内")

# Filings are attributed to counties: below a city, the day's table is the region itself (one row).
CHILD_CODE_LENGTH = {0: CODE_LENGTH[RegionLevel.PROVINCE], 2: CODE_LENGTH[RegionLevel.CITY],
                     4: CODE_LENGTH[RegionLevel.COUNTY]}


@dataclasses.dataclass(frozen=True)
class ProgressRow:
    region_code: str
    region_name: str
    submissions: int = 0
    approvals: int = 0
    slots_added: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.submissions or self.approvals or self.slots_added)


@dataclasses.dataclass(frozen=True)
class DailyProgress:
    region_code: str
    region_name: str
    day: datetime.date
    rows: list[ProgressRow]  # each child region (the region itself for a county or township), by code
    totals: ProgressRow

    @property
    def has_activity(self) -> bool:
        return not self.totals.is_empty

    @property
    def active_rows(self) -> list[ProgressRow]:
        return [row for row in self.rows if not row.is_empty]

    @property
    def quiet_rows(self) -> list[ProgressRow]:
        """Regions with nothing that day (the partial names them in one line rather than rows of zeros)."""
        return [row for row in self.rows if row.is_empty]


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _rows_regions(region_code: str) -> tuple[str, dict[str, str], int]:
    """(the region's name, {code: name} of the table's rows, length of the code prefix that groups filings)."""
    length = CHILD_CODE_LENGTH.get(len(region_code))
    if region_code == COUNTRY_CODE:
        regions = Region.objects.filter(level=RegionLevel.PROVINCE)
    elif length is None:
        regions = Region.objects.filter(code=region_code)
    else:
        regions = Region.objects.filter(Q(code=region_code) | Q(parent_id=region_code))
    names = dict(regions.order_by("code").values_list("code", "name"))
    if region_code == COUNTRY_CODE:
        return _("全国"), names, length
    if region_code not in names:
        raise Http404(MSG_OUT_OF_SCOPE)
    own = names.pop(region_code) if length is not None else names[region_code]
    return own, names, length or len(region_code)


def daily_progress(user, region_code: str, day: datetime.date | None = None) -> DailyProgress:
    """The day's progress (yesterday by default) of a region in the user's scope, per child region; Http404
    outside the scope. Three queries whatever the number of regions or filings."""
    if not user.is_authenticated or not user.in_scope(region_code):
        raise Http404(MSG_OUT_OF_SCOPE)
    day = day or yesterday()
    name, children, length = _rows_regions(region_code)
    start, end = _day_bounds(day)
    submitted = Q(first_submitted_at__gte=start, first_submitted_at__lt=end)
    approved = Q(status=FilingStatus.APPROVED, decided_at__gte=start, decided_at__lt=end)
    # The capacity record in force on the approval's effective date: the one a new filing's approval opened.
    opened = CapacityRecord.objects.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gt=OuterRef("effective_on")),
        institution_id=OuterRef("institution_id"), effective_from__lte=OuterRef("effective_on"),
    ).order_by("-effective_from").values("slots")[:1]
    filings = Filing.objects.visible_to(user).filter(submitted | approved)
    if region_code != COUNTRY_CODE:
        filings = filings.filter(county__code__startswith=region_code)
    groups = (filings.annotate(group=Substr("county_id", 1, length)).values("group")
              .annotate(submissions=Count("pk", filter=submitted), approvals=Count("pk", filter=approved),
                        slots_added=Coalesce(Sum(Subquery(opened, output_field=IntegerField()),
                                                 filter=approved & Q(kind=FilingKind.NEW)), Value(0)))
              .order_by())
    counted = {g.pop("group"): g for g in groups}
    codes = sorted(set(children) | set(counted))
    rows = [ProgressRow(code, children.get(code, code), **counted.get(code, {})) for code in codes]
    totals = ProgressRow(region_code, _("合计"), sum(r.submissions for r in rows), sum(r.approvals for r in rows),
                         sum(r.slots_added for r in rows))
    return DailyProgress(region_code, name, day, rows, totals)
