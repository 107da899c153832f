"""Who hears about a complaint and what they are told: the inspectors covering it when it arrives and when
a colleague acts on it, and the morning reminder of complaints near or past the acknowledgement deadline.
Called by complaints.tasks with ids; every notice has a dedupe key, so a re-run sends nothing twice.
Notices name the tracking number, category and institution, never the complainant."""
import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from core.stored_text import Message
from core.workdays import WorkingDays
from notifications.services import Notice, notification_send, notification_send_many
from regions.selectors import code_prefixes

from .models import Complaint, ComplaintCategory, ComplaintStatus
from .sla import sla_for

KIND_RECEIVED = "complaint.received"
KIND_STATUS = {
    "acknowledge": "complaint.acknowledged",
    "investigate": "complaint.investigating",
    "close": "complaint.closed",
}
KIND_REMINDER = "reminder.complaint_acknowledge"


def complaint_url(complaint_id: int) -> str:
    return reverse("complaints:detail", args=[complaint_id])


def covering_prefixes(complaint: Complaint) -> set[str]:
    """Region codes whose inspectors cover the complaint: its county and above, and the township of the
    institution it names (the same reach as Complaint.objects.visible_to)."""
    prefixes = set(code_prefixes(complaint.county_id))
    if complaint.institution_id:
        prefixes.update(code_prefixes(complaint.institution.region_id))
    return prefixes


def inspectors_covering(complaint: Complaint):
    return User.objects.filter(role=Role.INSPECTOR, is_active=True,
                               region_id__in=covering_prefixes(complaint)).order_by("pk")


def _subject(complaint: Complaint) -> str:
    return complaint.subject or complaint.county.name


def notify_received(complaint_id: int) -> int:
    """Tell the inspectors covering a new complaint; returns how many were told."""
    complaint = Complaint.objects.filter(pk=complaint_id).select_related("county", "institution").first()
    if complaint is None:
        return 0
    sla = sla_for([complaint], timezone.localdate(complaint.created_at))[0]
    values = {"number": complaint.tracking_number, "category": ComplaintCategory(complaint.category).label,
              "subject": _subject(complaint), "county": complaint.county.name, "received": sla.received_on,
              "due": sla.acknowledge_due, "days": sla.acknowledge_days}
    title = Message(gettext_lazy("新的公众投诉：%(category)s · %(subject)s"), **values)
    body = Message(gettext_lazy("投诉编号%(number)s，%(county)s，收到于%(received)s。"
                                "请于%(due)s前受理（%(days)d个工作日）。"), **values)
    count = 0
    for inspector in inspectors_covering(complaint):
        notification_send(recipient=inspector, kind=KIND_RECEIVED, title=title, body=body,
                          url=complaint_url(complaint.pk), dedupe_key=f"complaint:{complaint.pk}:received")
        count += 1
    return count


def notify_status(complaint_id: int, action: str, actor_id: int | None) -> int:
    """Tell the other inspectors covering the complaint that it was acknowledged, taken up or closed."""
    complaint = Complaint.objects.filter(pk=complaint_id).select_related("county", "institution").first()
    if complaint is None or action not in KIND_STATUS:
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    values = {"number": complaint.tracking_number, "subject": _subject(complaint),
              "by": str(actor) if actor else gettext_lazy("系统")}
    if action == "acknowledge":
        title = Message(gettext_lazy("投诉已受理：%(number)s · %(subject)s"), **values)
        body = Message(gettext_lazy("%(by)s已受理该投诉。"), **values)
    elif action == "investigate":
        title = Message(gettext_lazy("投诉调查中：%(number)s · %(subject)s"), **values)
        body = Message(gettext_lazy("%(by)s已开始调查该投诉。"), **values)
    else:
        title = Message(gettext_lazy("投诉已办结：%(number)s · %(subject)s"), **values)
        body = Message(gettext_lazy("%(by)s已办结该投诉。处理结果：%(resolution)s"), resolution=complaint.resolution,
                       **values)
    count = 0
    for inspector in inspectors_covering(complaint).exclude(pk=actor_id):
        notification_send(recipient=inspector, kind=KIND_STATUS[action], title=title, body=body,
                          url=complaint_url(complaint.pk), dedupe_key=f"complaint:{complaint.pk}:{action}")
        count += 1
    return count


def reminder_notices(today: datetime.date) -> list[Notice]:
    """One notice per inspector covering each complaint not yet acknowledged whose deadline is today, the
    next working day or past; keyed by the day, so inspectors are reminded each working morning until
    someone acknowledges it."""
    waiting = (Complaint.objects.filter(status=ComplaintStatus.RECEIVED, acknowledged_at__isnull=True)
               .select_related("county", "institution").order_by("created_at", "id"))
    due = [sla for sla in sla_for(waiting, today) if sla.due_soon]
    if not due:
        return []
    prefixes_by_complaint = {sla.complaint.pk: covering_prefixes(sla.complaint) for sla in due}
    inspectors_by_region: dict[str, list[int]] = defaultdict(list)
    all_prefixes = set().union(*prefixes_by_complaint.values())
    for pk, region_id in User.objects.filter(role=Role.INSPECTOR, is_active=True, region_id__in=all_prefixes) \
            .values_list("pk", "region_id"):
        inspectors_by_region[region_id].append(pk)
    notices = []
    for sla in due:
        complaint = sla.complaint
        values = {"number": complaint.tracking_number, "subject": _subject(complaint),
                  "category": ComplaintCategory(complaint.category).label, "received": sla.received_on,
                  "due": sla.acknowledge_due, "days": sla.acknowledge_days,
                  "elapsed": sla.working_days_elapsed}
        title = Message(gettext_lazy("投诉已超过受理时限：%(number)s · %(subject)s") if sla.overdue
                        else gettext_lazy("投诉受理时限将至：%(number)s · %(subject)s"), **values)
        body = Message(gettext_lazy("%(category)s，收到于%(received)s，应于%(due)s前受理（%(days)d个工作日），"
                                    "已过%(elapsed)d个工作日。"), **values)
        key = f"reminder:{today.isoformat()}:complaint:{complaint.pk}"
        recipients = {pk for prefix in prefixes_by_complaint[complaint.pk] for pk in inspectors_by_region[prefix]}
        notices += [Notice(pk, KIND_REMINDER, title, body, complaint_url(complaint.pk), key)
                    for pk in sorted(recipients)]
    return notices


def send_reminders(today: datetime.date) -> int:
    """The morning reminder, on working days only (the deadline counts working days); returns new notices."""
    if not WorkingDays.for_day(today).is_workday(today):
        return 0
    digest = _("公众投诉受理提醒（%(date)s）") % {"date": today.isoformat()}
    return notification_send_many(reminder_notices(today), digest_subject=digest)
