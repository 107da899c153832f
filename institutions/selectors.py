"""Reads of institutions for list pages, detail pages and the API."""
import datetime

from django.apps import apps
from django.db import connections, router
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
    return figures_attach(object_list, on)


def figures_attach(object_list, on: datetime.date | None = None, *, vacancies: bool = False,
                   fees: bool = False) -> list:
    """The page's institutions with their current figures, read in one statement:

    - `slots` and `enrolled` of the capacity record in force on `on` (None without one); rows already annotated
      with them (a list sorted by slots) keep theirs;
    - with vacancies=True, `vacancies` of the latest current monthly report (vacancy_cutoff; None without one);
    - with fees=True, `fee_from`: the lowest basic monthly fee in force (programme.models.Fee; None without one).

    The statement is written out (a UNION ALL of one SELECT per figure, on the page's ids) rather than built with
    the ORM: compiling three small querysets cost ten times their execution on the public directory (1.6 ms of
    a 5.5 ms page for 0.15 ms of SQL; docs/performance.md). It is plain SQL for SQLite and PostgreSQL alike;
    monthly and programme models are read through the app registry (they depend on institutions).
    """
    rows = list(object_list)
    if not rows:
        return rows
    on = on or today()
    capacity = "slots" not in rows[0].__dict__
    connection = connections[router.db_for_read(Institution)]
    quote, day = connection.ops.quote_name, connection.ops.adapt_datefield_value
    ids = [row.pk for row in rows]
    in_ids = "IN (" + ", ".join(["%s"] * len(ids)) + ")"
    selects, params = [], []

    def select(kind: str, model, fields: tuple[str | None, ...], where, *values) -> None:
        """One SELECT: kind, institution id, the figure, a second figure, a label, its date, id."""
        table = quote(model._meta.db_table)

        def column(name: str | None) -> str:
            return "NULL" if name is None else f"{table}.{quote(model._meta.get_field(name).column)}"

        selects.append(f"SELECT '{kind}', {', '.join(column(name) for name in ('institution', *fields, 'id'))} "
                       f"FROM {table} WHERE {column('institution')} {in_ids} AND {where(column)}")
        params.extend([*ids, *values])

    if capacity:
        select("c", CapacityRecord, ("slots", "enrolled", None, "effective_from"),
               lambda c: f"{c('effective_from')} <= %s AND ({c('effective_to')} IS NULL OR {c('effective_to')} > %s)",
               day(on), day(on))
    if vacancies:
        select("v", apps.get_model("monthly", "MonthlyReport"), ("vacancies", None, None, "month"),
               lambda c: f"{c('month')} >= %s", day(vacancy_cutoff(on)))
    if fees:
        select("f", apps.get_model("programme", "Fee"), ("monthly_fee", None, "class_type", "valid_from"),
               lambda c: f"{c('valid_from')} <= %s", day(on))
    found: dict[int, tuple[int, int]] = {}
    vacancies_by_id: dict[int, int] = {}
    current_fees: dict[tuple[int, str], int] = {}
    if selects:
        # In order of institution, then date and id: the first capacity record in force (as the annotation takes
        # it), the latest report, and for each class type the latest fee win.
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects) + " ORDER BY 1, 2, 6, 7", params)
            for kind, institution_id, value, second, label, _when, _id in cursor.fetchall():
                if kind == "c":
                    found.setdefault(institution_id, (value, second))
                elif kind == "v":
                    vacancies_by_id[institution_id] = value
                else:
                    current_fees[(institution_id, label)] = value
    lowest: dict[int, int] = {}
    for (institution_id, _class_type), fee in current_fees.items():
        lowest[institution_id] = min(fee, lowest.get(institution_id, fee))
    for row in rows:
        if capacity:
            row.slots, row.enrolled = found.get(row.pk, (None, None))
        if vacancies:
            row.vacancies = vacancies_by_id.get(row.pk)
        if fees:
            row.fee_from = lowest.get(row.pk)
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


def public_institution(pk: int) -> Institution:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(institution_list(base=Institution.objects.public()), pk=pk)
