"""Reads of monthly reports: completeness and timeliness per region (as DHIS2 reports them) and the month's status
of each institution — each a fixed number of queries, in SQL."""
import datetime

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Substr

from institutions.models import Institution
from regions.models import Region
from regions.scope import code_prefix_q, summed_into
from stats.figures import counted_on
from stats.numbers import ratio

from .models import MonthlyReport
from .services import first_month, month_end

CHILD_LENGTH = {0: 2, 2: 4, 4: 6}


def expected_institutions(region_code: str, month: datetime.date):
    """The institutions that owe the month's report: in the region, counted on the month's last day (none before
    the first month reported)."""
    if month < first_month():
        return Institution.objects.none()
    return Institution.objects.filter(counted_on.q(month_end(month))).filter(code_prefix_q("region_id", region_code))


def _rates(row: dict) -> dict:
    row["completeness_pct"] = ratio(row["received"], row["expected"])
    row["timeliness_pct"] = ratio(row["on_time"], row["expected"])
    row["missing"] = row["expected"] - row["received"]
    row["late"] = row["received"] - row["on_time"]
    return row


def completeness(region_code: str, month: datetime.date) -> dict:
    """{"total": {...}, "children": [{...}]} for the region and each child region (by province, city or county; a
    county has no child rows): expected reports, received (on time or late), on time, missing, late, completeness
    = received / expected × 100, timeliness = on time / expected × 100 (2 dp, null with nothing expected). Two
    queries (the grouped counts, the child regions' names)."""
    reports = MonthlyReport.objects.filter(institution=OuterRef("pk"), month=month)
    received, on_time = Exists(reports), Exists(reports.filter(on_time=True))
    length = CHILD_LENGTH.get(len(region_code))
    rows = expected_institutions(region_code, month)
    if length:
        rows = rows.annotate(child=Substr("region_id", 1, length))
        grouped = rows.values("child").annotate(expected=Count("id"), received=Count("id", filter=received),
                                                on_time=Count("id", filter=on_time)).order_by("child")
        children = [_rates(dict(row)) for row in grouped]
    else:
        children = []
    names = dict(Region.objects.filter(code__in=[row["child"] for row in children]).values_list("code", "name"))
    for row in children:
        row["region_code"] = row.pop("child")
        row["region_name"] = names.get(row["region_code"], row["region_code"])
    if children:
        total = {key: sum(row[key] for row in children) for key in ("expected", "received", "on_time")}
    else:
        total = rows.aggregate(expected=Count("id"), received=Count("id", filter=received),
                               on_time=Count("id", filter=on_time))
    return {"total": _rates({"region_code": region_code, **total}), "children": children}


def institution_statuses(region_code: str, month: datetime.date):
    """The institutions that owe the month's report, each with its report's id, time and punctuality (null when
    none came): one query per page of rows."""
    reports = MonthlyReport.objects.filter(institution=OuterRef("pk"), month=month)
    return (expected_institutions(region_code, month).select_related("region")
            .annotate(report_id=Subquery(reports.values("pk")[:1]),
                      report_on_time=Subquery(reports.values("on_time")[:1]),
                      report_submitted_at=Subquery(reports.values("submitted_at")[:1]),
                      report_enrolled=Subquery(reports.values("enrolled")[:1]),
                      report_vacancies=Subquery(reports.values("vacancies")[:1]))
            .order_by("region_id", "name", "id"))


def reporting_over(region_code: str, months: list[datetime.date]) -> dict[str, dict[str, int]]:
    """{institution region code: {"expected", "received", "on_time"}} summed over `months`: what each month's
    completeness counts, for several months in two grouped queries — the institutions that owe each month
    (conditional counts over the institutions), and the reports received for each month from institutions that owe
    it (conditional counts over the reports joined to their institution; one report per institution and month). A
    correlated EXISTS per institution and month took 5.6 s for a national year (126,000 institutions)."""
    months = [month for month in months if month >= first_month()]
    if not months:
        return {}
    owed, received = {}, {}
    for k, month in enumerate(months):
        owed[f"e{k}"] = Count("id", filter=counted_on.q(month_end(month)))
        owes = Q(month=month) & counted_on.q(month_end(month), prefix="institution__")
        received[f"r{k}"] = Count("id", filter=owes)
        received[f"o{k}"] = Count("id", filter=owes & Q(on_time=True))
    institutions = (Institution.objects.filter(code_prefix_q("region_id", region_code),
                                               filed_on__lte=month_end(months[-1]))
                    .values("region_id").annotate(**owed).order_by())
    reports = (MonthlyReport.objects.filter(code_prefix_q("institution__region_id", region_code), month__in=months)
               .values("institution__region_id").annotate(**received).order_by())
    result = {}
    for row in institutions:
        result[row["region_id"]] = {"expected": sum(row[f"e{k}"] for k in range(len(months))),
                                    "received": 0, "on_time": 0}
    for row in reports:
        counts = result.setdefault(row["institution__region_id"], {"expected": 0, "received": 0, "on_time": 0})
        counts["received"] += sum(row[f"r{k}"] for k in range(len(months)))
        counts["on_time"] += sum(row[f"o{k}"] for k in range(len(months)))
    return result


def bulletin_reporting(region_code: str, child_codes: list[str], start: datetime.date, end: datetime.date,
                       today: datetime.date) -> dict:
    """The bulletin's monthly-reporting columns (registered in MonthlyConfig.ready): the months of the period ended by
    `end` whose due day has passed by `today` (a month still open to report is left out, not counted missing), with
    expected, received and on-time reports, completeness and timeliness, for the region and each child region."""
    from .services import due_date, next_month

    months, month = [], max(start.replace(day=1), first_month())
    while month_end(month) <= end and due_date(region_code, month) < today:
        months.append(month)
        month = next_month(month)
    by_region = reporting_over(region_code, months)
    rows = {code: {"expected": 0, "received": 0, "on_time": 0} for code in [*child_codes, region_code]}
    for code, counts in by_region.items():
        for target in summed_into(code, region_code, child_codes):
            if target in rows:
                for key, value in counts.items():
                    rows[target][key] += value
    return {"months": months, "rows": {code: _rates({"region_code": code, **row}) for code, row in rows.items()}}


def dashboard_reporting(figures) -> dict | None:
    """The dashboard's monthly-reporting card (registered in MonthlyConfig.ready): the completeness of the last month
    ended on or before the period's day, read live (it changes with every report)."""
    from .services import last_ended_month

    month = last_ended_month(figures.as_of)
    if month < first_month():
        return None
    return {"month": month, **completeness(figures.region_code, month)["total"]}
