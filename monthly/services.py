"""Monthly reports (docs/monthly.md): which months an institution owes, when each is due, what the form starts
from, the vacancies its classes leave, and the submission (a first report or a revision, audited)."""
import dataclasses
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.services import audit_record
from core.errors import ActionError
from institutions.changes import region_figures_changed
from institutions.models import FilingState, Institution, InstitutionOperator, ServiceType, StaffMember
from institutions.rules import ClassType
from standards.selectors import standards_for

from .models import AgeBand, MonthlyReport

# The class types whose capacity holds each age band; mixed-age classes and family nurseries are one pool.
BAND_OF_CLASS = {ClassType.INFANT: AgeBand.M6_12, ClassType.TODDLER_SMALL: AgeBand.M12_24,
                 ClassType.TODDLER_LARGE: AgeBand.M24_36}
SERVICE_FIELDS = {ServiceType.FULL_DAY: "full_day", ServiceType.HALF_DAY: "half_day", ServiceType.HOURLY: "hourly",
                  ServiceType.TEMPORARY: "temporary"}
COUNT_FIELDS = ("enrolled_6_12", "enrolled_12_24", "enrolled_24_36", "full_day", "half_day", "hourly", "temporary",
                "attendance_days", "staff", "fees_charged", "incidents")
COUNT_MAX = 100_000
FEES_MAX = 10**10


def maximum(field: str) -> int:
    """The largest plausible value of a reported figure (a sanity bound, not a rule)."""
    return {"fees_charged": FEES_MAX, "attendance_days": COUNT_MAX * 31}.get(field, COUNT_MAX)

MSG_MONTH = gettext_lazy("请填写月份，格式如 2026-11")
MSG_NOT_OPERATOR = gettext_lazy("只有该机构的经办人可以报送月报")
MSG_NOT_ENDED = gettext_lazy("{month} 尚未结束，月报须在次月报送")
MSG_BEFORE_START = gettext_lazy("月报自 {start} 起报送")
MSG_NOT_COUNTED = gettext_lazy("{month} 月末机构不在备案状态，无需报送该月月报")
MSG_TOTALS = gettext_lazy("按月龄合计 {bands} 人，按服务类型合计 {types} 人：同一名婴幼儿在两处各计一次，两个合计应相等")
MSG_OVER_SLOTS = gettext_lazy("在托总数 {enrolled} 人超过该月末核定托位 {slots} 个，请核对或先办理变更备案")
MSG_ATTENDANCE = gettext_lazy("出勤人天数 {days} 超过在托人数 × 当月天数（{enrolled} × {month_days} = {limit}）")

STATUS_LABELS = {"on_time": gettext_lazy("按时报送"), "late": gettext_lazy("逾期报送"),
                 "missing": gettext_lazy("未报送（已逾期）"), "pending": gettext_lazy("待报送")}


class MonthlyReportError(ActionError):
    """A refused report; `fields` names the figures the message is about (the form marks them)."""

    def __init__(self, message, fields: tuple[str, ...] = ()):
        super().__init__(message)
        self.fields = fields


# --- months -----------------------------------------------------------------------------------------------

def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return next_month(month) - datetime.timedelta(days=1)


def last_ended_month(day: datetime.date) -> datetime.date:
    """The last month that ended on or before `day` (the month of `day` when `day` is its last day)."""
    return month_of(month_of(day + datetime.timedelta(days=1)) - datetime.timedelta(days=1))


def first_month() -> datetime.date:
    """The first month reported (settings.MONTHLY_REPORTS_FROM, "YYYY-MM": the month before go-live)."""
    return datetime.date.fromisoformat(f"{settings.MONTHLY_REPORTS_FROM}-01")


def parse_month(text: str) -> datetime.date | None:
    try:
        month = datetime.date.fromisoformat(f"{text}-01")
    except (TypeError, ValueError):
        return None
    return month if 2000 <= month.year <= 2100 else None


def due_date(region_code: str, month: datetime.date) -> datetime.date:
    """The report of `month` is due by the province's day of the next month (standards: report.monthly_due_day)."""
    following = next_month(month)
    return following.replace(day=standards_for(region_code[:2], on=following)["report.monthly_due_day"])


def counted_at_month_end(institution: Institution, month: datetime.date) -> bool:
    """The institution owes the month's report when it counts on the month's last day (stats.figures.counted_on)."""
    end = month_end(month)
    if institution.filed_on is None or institution.filed_on > end:
        return False
    if institution.deregistered_on is not None:
        return institution.deregistered_on > end
    return institution.filing_state == FilingState.FILED


def expected_months(institution: Institution, today: datetime.date | None = None) -> list[datetime.date]:
    """The ended months, from the first month reported, at whose end the institution counted."""
    today = today or timezone.localdate()
    months, month, last = [], first_month(), last_ended_month(today)
    while month <= last:
        if counted_at_month_end(institution, month):
            months.append(month)
        month = next_month(month)
    return months


def status(report: MonthlyReport | None, due: datetime.date, today: datetime.date) -> str:
    return status_of(received=report is not None, on_time=report is not None and report.on_time, due=due, today=today)


def status_of(*, received: bool, on_time: bool, due: datetime.date, today: datetime.date) -> str:
    """on_time / late (sent) or missing / pending (not sent: past the due day or not yet)."""
    if received:
        return "on_time" if on_time else "late"
    return "missing" if today > due else "pending"


# --- the form's starting values and the vacancies -------------------------------------------------------

def prefill(institution: Institution, month: datetime.date) -> dict[str, int]:
    """The latest earlier report's figures (incidents: those reported for the month), else the institution's classes (enrolled by class type), service types
    and staff list: what the operator corrects rather than types afresh."""
    last = institution.monthly_reports.filter(month__lt=month).order_by("-month").first()
    incidents = _incidents_in(institution, month)
    on_register = _staff_on_register(institution, month_end(month))
    if last is not None:  # every figure but the month's incidents (the incident register) and staff (the register)
        values = {**{field: getattr(last, field) for field in COUNT_FIELDS}, "incidents": incidents}
        if on_register is not None:
            values["staff"] = on_register
        return values
    values = dict.fromkeys(COUNT_FIELDS, 0)
    for nursery_class in institution.classes.all():
        band = BAND_OF_CLASS.get(nursery_class.class_type, AgeBand.M24_36)
        values[f"enrolled_{band}"] += nursery_class.enrolled
    total = sum(values[f"enrolled_{band}"] for band in AgeBand.values)
    if not total:
        record = institution.capacity_at(month_end(month))
        total = values["enrolled_24_36"] = record.enrolled if record else 0
    types = [t for t in institution.service_types or [] if t in SERVICE_FIELDS] or [ServiceType.FULL_DAY]
    values[SERVICE_FIELDS[types[0]]] = total
    values["staff"] = (on_register if on_register is not None
                       else StaffMember.objects.filter(institution=institution).count())
    values["incidents"] = incidents
    return values


def _staff_on_register(institution: Institution, day: datetime.date) -> int | None:
    """The people on the institution's staff register on `day` (joined by then, not left), None when it keeps no
    register by then (docs/workforce.md): the figures count staff the same way (docs/statistics.md)."""
    from django.apps import apps
    from django.db.models import Count, Q

    on = Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))
    counts = apps.get_model("workforce", "Worker").objects.filter(institution=institution, joined_on__lte=day) \
        .aggregate(kept=Count("pk"), on=Count("pk", filter=on))
    return counts["on"] if counts["kept"] else None


def _incidents_in(institution: Institution, month: datetime.date) -> int:
    """Safety incidents the institution reported that occurred in the month (incidents/, local days)."""
    from django.apps import apps

    start = timezone.make_aware(datetime.datetime.combine(month, datetime.time()))
    end = timezone.make_aware(datetime.datetime.combine(next_month(month), datetime.time()))
    return apps.get_model("incidents", "Incident").objects.filter(
        institution=institution, occurred_at__gte=start, occurred_at__lt=end).count()


@dataclasses.dataclass(frozen=True)
class Vacancies:
    by_band: dict[str, int]
    mixed: int

    @property
    def total(self) -> int:
        return sum(self.by_band.values()) + self.mixed


def vacancies(institution: Institution, enrolled_by_band: dict[str, int], month: datetime.date) -> Vacancies:
    """Places left per age band: a band's classes' capacity less the children of that band (never below 0); the
    children a band's classes cannot hold fill the mixed-age and family classes first, whose capacity less that
    overflow is the mixed pool. An institution without classes on record (imported) is one pool: its slots at the
    month's end less all children."""
    capacity = dict.fromkeys(AgeBand.values, 0)
    pool = 0
    classes = list(institution.classes.all())
    for nursery_class in classes:
        band = BAND_OF_CLASS.get(nursery_class.class_type)
        if band is None:
            pool += nursery_class.capacity
        else:
            capacity[band] += nursery_class.capacity
    if not classes:
        record = institution.capacity_at(month_end(month))
        pool = record.slots if record else 0
    by_band = {band: max(0, capacity[band] - enrolled_by_band[band]) if classes else 0 for band in AgeBand.values}
    overflow = sum(max(0, enrolled_by_band[band] - capacity[band]) for band in AgeBand.values)
    return Vacancies(by_band=by_band, mixed=max(0, pool - overflow))


# --- submission ---------------------------------------------------------------------------------------------

def report_submit(*, by, institution: Institution, month: datetime.date, values: dict[str, int],
                  now: datetime.datetime | None = None) -> tuple[MonthlyReport, bool]:
    """Record the month's report, or revise it (the first submission's time decides whether it was on time).
    Returns (report, created)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not InstitutionOperator.objects.filter(institution=institution, user=by).exists():
        raise MonthlyReportError(MSG_NOT_OPERATOR)
    label = f"{month:%Y-%m}"
    if month > last_ended_month(today):
        raise MonthlyReportError(MSG_NOT_ENDED.format(month=label))
    if month < first_month():
        raise MonthlyReportError(MSG_BEFORE_START.format(start=f"{first_month():%Y-%m}"))
    if not counted_at_month_end(institution, month):
        raise MonthlyReportError(MSG_NOT_COUNTED.format(month=label))
    bands = {band: values[f"enrolled_{band}"] for band in AgeBand.values}
    enrolled = sum(bands.values())
    types = sum(values[field] for field in SERVICE_FIELDS.values())
    band_fields = tuple(f"enrolled_{band}" for band in AgeBand.values)
    if enrolled != types:
        raise MonthlyReportError(MSG_TOTALS.format(bands=enrolled, types=types),
                                 fields=band_fields + tuple(SERVICE_FIELDS.values()))
    record = institution.capacity_at(month_end(month))
    if record is not None and enrolled > record.slots:
        raise MonthlyReportError(MSG_OVER_SLOTS.format(enrolled=enrolled, slots=record.slots), fields=band_fields)
    month_days = month_end(month).day
    if values["attendance_days"] > enrolled * month_days:
        raise MonthlyReportError(MSG_ATTENDANCE.format(days=values["attendance_days"], enrolled=enrolled,
                                                       month_days=month_days, limit=enrolled * month_days),
                                 fields=("attendance_days",))
    places = vacancies(institution, bands, month)
    fields = {field: values[field] for field in COUNT_FIELDS}
    fields.update({"enrolled": enrolled, "vacancies": places.total, "vacancies_mixed": places.mixed,
                   **{f"vacancies_{band}": n for band, n in places.by_band.items()}})
    with transaction.atomic():
        Institution.objects.select_for_update().filter(pk=institution.pk).first()
        report = MonthlyReport.objects.filter(institution=institution, month=month).first()
        created = report is None
        if created:
            due = due_date(institution.region_id, month)
            report = MonthlyReport(institution=institution, month=month, due_on=due, on_time=today <= due,
                                   submitted_at=now, submitted_by=by, **fields)
        else:
            for field, value in fields.items():
                setattr(report, field, value)
            report.revised_at = now
        report.save()
        audit_record(actor=by, action="monthly.submit" if created else "monthly.revise", obj=institution,
                     region_code=institution.region_id,
                     summary=AuditText(gettext_lazy("{month} 月报：在托 {enrolled} 人，空位 {vacancies} 个"),
                                       month=label, enrolled=enrolled, vacancies=places.total),
                     after={"month": label, **fields})
        # The figures count a month's reported enrolment (docs/monthly.md): recompute from the month's year.
        region_figures_changed(institution.region_id, since=month_end(month))
    return report, created
