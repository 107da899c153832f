"""Reads of institutions for list pages, detail pages and the API."""
import datetime

from django.apps import apps
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from .models import CapacityRecord, Institution

REGION_PATH = ("region", "region__parent", "region__parent__parent", "region__parent__parent__parent")
# The list pages' sort orders (?sort=...), each ending on a unique key so that pages and exports are stable.
SORTS = {
    "name": ("name", "id"),
    "-slots": ("-slots", "name", "id"),
    "-star": ("-star_rating", "name", "id"),
    "-filed_on": ("-filed_on", "name", "id"),
    "region": ("region_id", "name", "id"),
}


def today() -> datetime.date:
    return timezone.localdate()


def institution_list(*, base, on: datetime.date | None = None, capacity: bool = True):
    """The list queryset: region path joined in, and slots/enrolled on `on` annotated unless capacity=False.

    A paginated list passes capacity=False (unless it sorts by slots) and calls capacity_attach on its page:
    PostgreSQL evaluates an annotated subquery for every row it skips with OFFSET too, so page 50 of a list
    computed 1,000 rows' capacity to show 20 (issue 12, point 14).
    """
    queryset = base.select_related(*REGION_PATH)
    return queryset.with_capacity_at(on or today()) if capacity else queryset


def capacity_attach(object_list, on: datetime.date | None = None) -> list:
    """The page's institutions with `slots` and `enrolled` on `on` (None without a record), in one query;
    rows already annotated with them (a list sorted by slots) are returned as they are."""
    rows = list(object_list)
    if rows and "slots" in rows[0].__dict__:
        return rows
    found: dict[int, tuple[int, int]] = {}
    if rows:
        records = (CapacityRecord.objects.effective_at(on or today())
                   .filter(institution_id__in=[row.pk for row in rows])
                   .order_by("institution_id", "effective_from")
                   .values_list("institution_id", "slots", "enrolled"))
        for institution_id, slots, enrolled in records:
            found.setdefault(institution_id, (slots, enrolled))  # the first in force, as the annotation takes
    for row in rows:
        row.slots, row.enrolled = found.get(row.pk, (None, None))
    return rows


def institution_sorted(queryset, sort: str | None):
    """Order a list queryset by a SORTS key (unknown keys sort by region); missing figures sort last."""
    order = SORTS.get(sort or "region", SORTS["region"])
    if order[0] in ("-slots", "-star_rating"):
        return queryset.order_by(F(order[0][1:]).desc(nulls_last=True), *order[1:])
    return queryset.order_by(*order)


def region_path(region) -> list:
    """Ancestors first, the region itself last (uses the select_related path, no queries)."""
    path = []
    while region is not None:
        path.append(region)
        region = region.parent
    return list(reversed(path))


def vacancy_cutoff(on: datetime.date | None = None) -> datetime.date:
    """The oldest month whose monthly report still tells a parent where there is room: the last ended month or
    the one before it (last month's report may not be due yet). Older reports are not shown."""
    day = on or today()
    last_ended = ((day + datetime.timedelta(days=1)).replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return (last_ended - datetime.timedelta(days=1)).replace(day=1)


def _reports():
    return apps.get_model("monthly", "MonthlyReport").objects  # monthly depends on institutions, not the reverse


def latest_vacancies():
    """A subquery: the vacancies of the institution's latest current monthly report (null without one)."""
    return Subquery(_reports().filter(institution=OuterRef("pk"), month__gte=vacancy_cutoff())
                    .order_by("-month").values("vacancies")[:1])


def vacancies_attach(rows: list) -> list:
    """Each row's latest current monthly report as `vacancy_report` (None without one); one query."""
    latest = {}
    if rows:
        for report in _reports().filter(institution_id__in=[row.pk for row in rows],
                                        month__gte=vacancy_cutoff()).order_by("institution_id", "-month"):
            latest.setdefault(report.institution_id, report)
    for row in rows:
        row.vacancy_report = latest.get(row.pk)
    return rows


def fees_attach(rows: list, on: datetime.date | None = None) -> list:
    """Each row's lowest basic monthly fee in force (`fee_from`, None without one: programme.models.Fee, read
    through the app registry since programme depends on institutions); one query."""
    on = on or today()
    current: dict[tuple[int, str], int] = {}
    if rows:
        fees = (apps.get_model("programme", "Fee").objects
                .filter(institution_id__in=[row.pk for row in rows], valid_from__lte=on)
                .order_by("valid_from", "id").values_list("institution_id", "class_type", "monthly_fee"))
        for institution_id, class_type, fee in fees:
            current[(institution_id, class_type)] = fee  # later rows replace earlier ones
    lowest: dict[int, int] = {}
    for (institution_id, _class_type), fee in current.items():
        lowest[institution_id] = min(fee, lowest.get(institution_id, fee))
    for row in rows:
        row.fee_from = lowest.get(row.pk)
    return rows


def public_institution(pk: int) -> Institution:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(institution_list(base=Institution.objects.public()), pk=pk)
