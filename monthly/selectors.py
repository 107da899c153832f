"""Reads of monthly reports: completeness and timeliness per region (as DHIS2 reports them) and the month's status
of each institution — each a fixed number of queries, in SQL."""
import datetime

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Substr

from institutions.models import Institution
from regions.models import Region
from regions.scope import code_prefix_q
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


def dashboard_reporting(figures) -> dict | None:
    """The dashboard's monthly-reporting card (registered in MonthlyConfig.ready): the completeness of the last month
    ended on or before the period's day, read live (it changes with every report)."""
    from .services import last_ended_month

    month = last_ended_month(figures.as_of)
    if month < first_month():
        return None
    return {"month": month, **completeness(figures.region_code, month)["total"]}
