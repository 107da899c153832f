"""Who hears that a subsidy claw-back is due: the admins of the programme's own level (who decide claw-backs), once
per application and latest payment, the morning after the institution deregistered or lost its inclusive status
within the claw-back period (docs/programme.md, "Subsidies")."""
import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from core.stored_text import Message
from notifications.services import Notice, notification_send_many

from . import subsidies
from .models import SubsidyApplication

KIND_CLAWBACK_DUE = "subsidy.clawback_due"


def clawback_notices(today: datetime.date) -> list[Notice]:
    """A notice per programme admin and application whose claw-back is due and still within its period. Two
    queries (the applications due, the admins of their programmes' regions)."""
    due = [application for application in subsidies.clawback_due(SubsidyApplication.objects.all(), on=today)
           if today <= subsidies.clawback_limit(application)]
    regions = {application.programme.region_code for application in due}
    if not regions:
        return []
    admins: dict[str, list[int]] = {}
    national = Q(region__isnull=True) if "" in regions else Q(pk__in=[])
    for pk, region in User.objects.filter(national | Q(region_id__in=regions - {""}), role=Role.ADMIN,
                                          is_active=True).values_list("pk", "region_id"):
        admins.setdefault(region or "", []).append(pk)
    notices = []
    for application in due:
        values = {"name": application.institution.name, "programme": application.programme.name,
                  "amount": application.paid_amount - application.clawed_back_amount,
                  "limit": subsidies.clawback_limit(application).isoformat()}
        for pk in admins.get(application.programme.region_code, []):
            notices.append(Notice(
                recipient_id=pk, kind=KIND_CLAWBACK_DUE,
                title=Message(gettext_lazy("补贴应追回：%(name)s"), **values),
                body=Message(gettext_lazy("%(name)s已注销或失去普惠资格，“%(programme)s”已拨付的 %(amount)s 元应于"
                                          "%(limit)s前决定是否追回。"), **values),
                url=reverse("programme:subsidy_application", args=[application.pk]),
                dedupe_key=f"subsidy:{application.pk}:clawback-due:{application.paid_on.isoformat()}"))
    return notices


def notify_clawbacks_due(today: datetime.date | None = None) -> int:
    return notification_send_many(clawback_notices(today or timezone.localdate()),
                                  digest_subject=str(gettext_lazy("托育补贴应追回提醒")))
