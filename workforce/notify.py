"""Reminders of the staff register (docs/workforce.md): the operators hear when a person's certificate expires
within 30 days and when the yearly health check or record check falls due within 30 days — once as each enters
the 30-, 7- and 1-day window (the key names the person, the date and the window)."""
import datetime
from collections import defaultdict

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy

from core.stored_text import Message
from institutions.models import FilingState, InstitutionOperator
from notifications.services import Notice, notification_send_many
from standards.selectors import values_by_province

from .models import Qualification, Worker
from .register import RECORD_CHECK_DAYS

WINDOW_DAYS = 30
STEPS = (1, 7, 30)
KIND_DUE = "workforce.due"
TITLES = {"cert": gettext_lazy("%(name)s的资格证书（%(number)s）将于%(due)s到期"),
          "health": gettext_lazy("%(name)s的年度健康检查将于%(due)s到期"),
          "record": gettext_lazy("%(name)s的年度无犯罪记录查询将于%(due)s到期")}
BODY = gettext_lazy("还有%(days)s天。请及时办理，并在工作人员名册中登记。")


def _step(days_left: int) -> int:
    return min(step for step in STEPS if days_left <= step)


def register_notices(today: datetime.date) -> list[Notice]:
    """Three queries for the items (certificates, health checks, record checks), one for the operators."""
    horizon = today + datetime.timedelta(days=WINDOW_DAYS)
    current = Worker.objects.current(today).filter(institution__filing_state=FilingState.FILED)
    items = []  # (worker, what, due date)
    for q in (Qualification.objects.filter(worker__in=current, expires_on__gte=today, expires_on__lte=horizon)
              .select_related("worker__institution")):
        items.append((q.worker, q.number, q.expires_on, "cert"))
    national, provinces = values_by_province("staff.health_check_valid_days", today)
    longest = max([national, *provinces.values()])
    for worker in (current.annotate(last=Max("health_checks__checked_on"))
                   .filter(last__lte=horizon - datetime.timedelta(days=min([national, *provinces.values()])),
                           last__gte=today - datetime.timedelta(days=longest)).select_related("institution")):
        due = worker.last + datetime.timedelta(days=provinces.get(worker.institution.region_id[:2], national))
        if today <= due <= horizon:
            items.append((worker, "", due, "health"))
    for worker in (current.annotate(last=Max("record_checks__checked_on"))
                   .filter(last__lte=horizon - datetime.timedelta(days=RECORD_CHECK_DAYS),
                           last__gte=today - datetime.timedelta(days=RECORD_CHECK_DAYS)).select_related("institution")):
        items.append((worker, "", worker.last + datetime.timedelta(days=RECORD_CHECK_DAYS), "record"))
    operators = defaultdict(list)
    for institution_id, user_id in InstitutionOperator.objects.filter(
            institution_id__in={worker.institution_id for worker, *_ in items}, user__is_active=True).values_list(
            "institution_id", "user_id"):
        operators[institution_id].append(user_id)
    notices = []
    for worker, number, due, code in items:
        days = (due - today).days
        values = {"name": worker.name, "number": number, "due": due.isoformat(), "days": days}
        url = reverse("workforce:worker", args=[worker.pk])
        for user_id in operators.get(worker.institution_id, ()):
            notices.append(Notice(user_id, KIND_DUE, Message(TITLES[code], **values), Message(BODY, **values), url,
                                  f"workforce:{worker.pk}:{code}:{due.isoformat()}:{_step(max(days, 0))}d"))
    return notices


def send_register_reminders(today: datetime.date) -> int:
    return notification_send_many(register_notices(today), digest_subject=str(gettext_lazy("工作人员证照提醒")))
