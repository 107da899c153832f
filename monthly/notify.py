"""Reminders of monthly reports (docs/monthly.md): the operators of an institution that has not sent last month's
report hear of it three days before the due day and once more when it is overdue; the county's admins get one
notice a month with the number still missing after the due day. Every notice has a dedupe key."""
import datetime
from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from core.stored_text import Message
from institutions.models import InstitutionOperator
from notifications.services import Notice, notification_send_many

from . import services
from .models import MonthlyReport
from .selectors import expected_institutions

KIND_DUE = "monthly.due"
KIND_OVERDUE = "monthly.overdue"
KIND_MISSING = "monthly.missing"
REMIND_DAYS_BEFORE = 3


def monthly_notices(today: datetime.date) -> list[Notice]:
    """Notices about last month's reports on `today`. Three queries (the institutions still owing it, their
    operators, the admins of their counties)."""
    month = services.last_ended_month(today)
    if month < services.first_month():
        return []
    owing = list(expected_institutions("", month).filter(
        ~Exists(MonthlyReport.objects.filter(institution=OuterRef("pk"), month=month))).only(
        "pk", "name", "region_id"))
    if not owing:
        return []
    operators = defaultdict(list)
    for institution_id, user_id in InstitutionOperator.objects.filter(
            institution__in=[i.pk for i in owing], user__is_active=True).values_list("institution_id", "user_id"):
        operators[institution_id].append(user_id)
    notices, missing_by_county, label = [], defaultdict(int), f"{month:%Y-%m}"
    for institution in owing:
        due = services.due_date(institution.region_id, month)
        days_left = (due - today).days
        url = reverse("monthly:report", args=[institution.pk, label])
        values = {"name": institution.name, "month": label, "due": due.isoformat()}
        if 0 <= days_left <= REMIND_DAYS_BEFORE:
            kind, step = KIND_DUE, "due"
            title = Message(gettext_lazy("请报送%(month)s月报：%(name)s"), **values)
            body = Message(gettext_lazy("%(name)s %(month)s 的月报须于%(due)s前报送。"), **values)
        elif days_left < 0:
            missing_by_county[institution.region_id[:6]] += 1
            kind, step = KIND_OVERDUE, "overdue"
            title = Message(gettext_lazy("月报已逾期：%(name)s %(month)s"), **values)
            body = Message(gettext_lazy("%(name)s %(month)s 的月报截止日%(due)s已过，请尽快报送。"), **values)
        else:
            continue
        for user_id in operators.get(institution.pk, ()):
            notices.append(Notice(user_id, kind, title, body, url, f"monthly:{institution.pk}:{label}:{step}"))
    if missing_by_county:
        admins = User.objects.filter(role=Role.ADMIN, is_active=True, region_id__in=list(missing_by_county))
        for user_id, county in admins.values_list("pk", "region_id"):
            values = {"month": label, "count": missing_by_county[county]}
            notices.append(Notice(
                user_id, KIND_MISSING, Message(gettext_lazy("%(month)s月报：%(count)s家机构逾期未报"), **values),
                Message(gettext_lazy("辖区内%(count)s家已备案机构逾期未报送%(month)s月报，详见月报报送情况。"), **values),
                f"{reverse('monthly:completeness')}?region={county}&month={label}",
                f"monthly:county:{county}:{label}:missing"))
    return notices


def send_monthly_reminders(today: datetime.date) -> int:
    return notification_send_many(monthly_notices(today), digest_subject=str(gettext_lazy("机构月报提醒")))
