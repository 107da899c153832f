"""Reads of inspections: the risk-based inspection plan, a visit's checklist with its answers, and the lists of
visits and orders, each in a fixed number of queries whatever the number of rows."""
import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution

from .models import (
    Answer,
    AnswerPhoto,
    ChecklistItem,
    ChecklistSection,
    Finding,
    Grade,
    InspectionType,
    OrderStatus,
    RectificationOrder,
    Severity,
    Visit,
    VisitStatus,
)
from .rules import InspectionRules, rules_in_force

# The plan lists what falls due within this many days of its date as "due" (the inspector's month ahead).
PLAN_HORIZON_DAYS = 30

OVERDUE, DUE, LATER = "overdue", "due", "later"
PLAN_STATUS_LABELS = {OVERDUE: _("已逾期"), DUE: _("本期到期"), LATER: _("未到期")}
PLAN_STATUS_ORDER = {OVERDUE: 0, DUE: 1, LATER: 2}


@dataclass
class PlanRow:
    institution: Institution
    last_visit_on: datetime.date | None
    last_visit_type: str
    last_grade: str
    open_high_findings: bool
    open_visit_id: int | None
    next_due: datetime.date
    status: str

    @property
    def never_inspected(self) -> bool:
        return self.last_visit_on is None

    @property
    def high_risk(self) -> bool:
        return self.open_high_findings or self.last_grade == Grade.D

    @property
    def status_label(self) -> str:
        return str(PLAN_STATUS_LABELS[self.status])

    @property
    def last_visit_type_label(self) -> str:
        return str(dict(InspectionType.choices).get(self.last_visit_type, "")) if self.last_visit_type else ""


def next_due_date(*, last_visit_on: datetime.date | None, high_risk: bool, on: datetime.date,
                  policy: InspectionRules) -> datetime.date:
    """Never inspected: due now. After a visit: within risk_interval_days (90) when an open high-severity finding or
    a D grade of the last visit stands, otherwise within regular_interval_days (365)."""
    if last_visit_on is None:
        return on
    days = policy.risk_interval_days if high_risk else policy.regular_interval_days
    return last_visit_on + datetime.timedelta(days=days)


def inspection_plan(county_code: str, on: datetime.date, *, until: datetime.date | None = None,
                    policy: InspectionRules | None = None) -> list[PlanRow]:
    """Filed institutions of a county (or any region code prefix: a township, a city) with their last finished
    visit and next due date; overdue first (longest overdue first), then due in the period, then the rest. One
    query for the institutions (with the last visit and the open high-severity findings as subqueries). The
    intervals are the standards in force for the region's province on `on` (inspections.rules)."""
    policy = policy or rules_in_force(county_code, on)
    until = until or on + datetime.timedelta(days=PLAN_HORIZON_DAYS)
    last = (Visit.objects.filter(institution=OuterRef("pk"), status=VisitStatus.FINISHED)
            .order_by("-finished_on", "-finished_at", "-id"))
    open_visit = (Visit.objects.filter(institution=OuterRef("pk"),
                                       status__in=[VisitStatus.IN_PROGRESS, VisitStatus.PLANNED])
                  .order_by("status", "planned_on", "id"))  # in_progress sorts before planned
    open_high = Finding.objects.filter(visit__institution=OuterRef("pk"), severity=Severity.HIGH,
                                       resolved_at__isnull=True)
    institutions = (Institution.objects.public().in_region(county_code).select_related("region")
                    .annotate(last_visit_on=Subquery(last.values("finished_on")[:1]),
                              last_visit_type=Subquery(last.values("type")[:1]),
                              last_grade=Subquery(last.values("grade")[:1]),
                              open_visit_id=Subquery(open_visit.values("pk")[:1]),
                              open_high=Exists(open_high))
                    .order_by("name", "id"))
    rows = []
    for institution in institutions:
        high_risk = institution.open_high or institution.last_grade == Grade.D
        due = next_due_date(last_visit_on=institution.last_visit_on, high_risk=high_risk, on=on, policy=policy)
        status = OVERDUE if due < on else DUE if due <= until else LATER
        rows.append(PlanRow(institution=institution, last_visit_on=institution.last_visit_on,
                            last_visit_type=institution.last_visit_type or "", last_grade=institution.last_grade or "",
                            open_high_findings=institution.open_high, open_visit_id=institution.open_visit_id,
                            next_due=due, status=status))
    rows.sort(key=lambda row: (PLAN_STATUS_ORDER[row.status], row.next_due, row.institution.name))
    return rows


def visit_sections(visit: Visit) -> list[ChecklistSection]:
    """The visit's checklist with each item's saved answer (`item.answer`, or None) and its photos, in 4 queries."""
    answers = {answer.item_id: answer for answer in
               Answer.objects.filter(visit=visit).prefetch_related(
                   Prefetch("photos", queryset=AnswerPhoto.objects.order_by("uploaded_at", "id")))}
    sections = list(ChecklistSection.objects.filter(template_id=visit.template_id)
                    .prefetch_related(Prefetch("items", queryset=ChecklistItem.objects.order_by("order", "id"))))
    for section in sections:
        section.item_list = list(section.items.all())
        for item in section.item_list:
            item.answer = answers.get(item.pk)
        section.answered = sum(1 for item in section.item_list if item.answer is not None)
    return sections


def findings_counts():
    """Annotations: open and total findings by severity (on a Visit or a RectificationOrder queryset)."""
    return {
        "findings_high": Count("findings", filter=Q(findings__severity=Severity.HIGH), distinct=True),
        "findings_medium": Count("findings", filter=Q(findings__severity=Severity.MEDIUM), distinct=True),
        "findings_low": Count("findings", filter=Q(findings__severity=Severity.LOW), distinct=True),
    }


def visit_list(user):
    return Visit.objects.visible_to(user).with_related().annotate(**findings_counts())


def order_list(user):
    return (RectificationOrder.objects.visible_to(user).with_related().select_related("visit__template")
            .annotate(**findings_counts()))


def overdue_orders(user):
    return order_list(user).filter(status=OrderStatus.OVERDUE).order_by("deadline", "id")


def orders_to_verify(user):
    return order_list(user).filter(status=OrderStatus.ANSWERED).order_by("answered_at", "id")


def inspectors_for(institution):
    """Active inspectors whose scope covers the institution: its county's, its city's and its province's, nearest
    first (an inspector has a region: accounts.models.User.scope_code)."""
    from django.contrib.auth import get_user_model
    from django.db.models.functions import Length

    from accounts.models import Role
    from regions.selectors import code_prefixes

    codes = code_prefixes(institution.region_id)
    return (get_user_model().objects.filter(role=Role.INSPECTOR, is_active=True)
            .filter(region_id__in=codes)
            .annotate(scope_length=Length("region_id")).order_by("-scope_length", "username"))
