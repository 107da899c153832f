"""Business actions on complaints. Each is one transaction, locks the complaint, checks its status and
writes the audit row (and the internal note, when one is given); notices are queued after commit."""
import unicodedata

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.audit_text import REVEAL_PLACES, AuditText
from accounts.models import User
from accounts.services import audit_record
from core import outbox
from core.errors import ActionError
from institutions.models import FilingState, Institution
from regions.models import Region, RegionLevel

from .models import Complaint, ComplaintCategory, ComplaintNote, ComplaintStatus, new_tracking_number
from .tasks import complaint_received_notify, complaint_status_notify

MSG_CLOSED = gettext_lazy("该投诉已办结，不能再处理")
MSG_NOT_RECEIVED = (gettext_lazy("该投诉已由{by}于{at}受理"))
MSG_ALREADY_INVESTIGATING = gettext_lazy("该投诉已在调查中")
MSG_RESOLUTION_REQUIRED = gettext_lazy("办结投诉须填写处理结果（将向投诉人公开）")
MSG_NOTE_REQUIRED = gettext_lazy("请填写备注内容")
MSG_COUNTY_REQUIRED = gettext_lazy("请选择投诉所在的县(区)")
MSG_COUNTY_LEVEL = gettext_lazy("请选择到县级")
MSG_INSTITUTION_NOT_PUBLIC = gettext_lazy("所选机构不在信息公示名录中")
MSG_DESCRIPTION_REQUIRED = gettext_lazy("请填写投诉内容")
MSG_CATEGORY_UNKNOWN = gettext_lazy("投诉类别无效")

TRACKING_NUMBER_ATTEMPTS = 5


class ComplaintActionError(ActionError):
    """A refused action of a complaint (core.errors: 409 in the API)."""


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _audit(complaint: Complaint, *, by: User | None, action: str, summary: AuditText | str = "", before=None,
           after=None):
    # The summary never holds the complainant's name or phone: the audit log is read more widely.
    audit_record(actor=by, action=f"complaint.{action}", obj=complaint, region_code=complaint.county_id,
                 summary=summary or AuditText(gettext_lazy("{number} {category}"), number=complaint.tracking_number,
                                              category=ComplaintCategory(complaint.category).label),
                 before=before, after=after)


def _note(complaint: Complaint, text: str, by: User | None) -> ComplaintNote | None:
    text = (text or "").strip()
    return ComplaintNote.objects.create(complaint=complaint, text=text, by=by) if text else None


def _notify_status(complaint: Complaint, action: str, by: User | None) -> None:
    complaint_id, actor_id = complaint.pk, by.pk if by is not None else None
    outbox.enqueue(complaint_status_notify, complaint_id, action, actor_id)


def county_for(*, institution: Institution | None, county: Region | None) -> Region:
    """The county a complaint lands in: the institution's when one is named, else the one chosen."""
    if institution is not None:
        if institution.filing_state != FilingState.FILED:
            raise ComplaintActionError(MSG_INSTITUTION_NOT_PUBLIC)
        return Region.objects.get(code=institution.region_id[:6])
    if county is None:
        raise ComplaintActionError(MSG_COUNTY_REQUIRED)
    if county.level != RegionLevel.COUNTY:
        raise ComplaintActionError(MSG_COUNTY_LEVEL)
    return county


def complaint_submit(
    *, category: str, description: str, institution: Institution | None = None, county: Region | None = None,
    place: str = "", contact_name: str = "", contact_phone: str = "",
) -> Complaint:
    """File a public complaint (no account: the complainant keeps the tracking number); the inspectors
    covering its county are told after commit."""
    description = (description or "").strip()
    if not description:
        raise ComplaintActionError(MSG_DESCRIPTION_REQUIRED)
    if category not in ComplaintCategory.values:
        raise ComplaintActionError(MSG_CATEGORY_UNKNOWN)
    county = county_for(institution=institution, county=county)
    with transaction.atomic():
        for attempt in range(TRACKING_NUMBER_ATTEMPTS):
            try:
                with transaction.atomic():
                    complaint = Complaint.objects.create(
                        tracking_number=new_tracking_number(), institution=institution, county=county,
                        place=(place or "").strip(), category=category, description=description,
                        contact_name=(contact_name or "").strip(), contact_phone=(contact_phone or "").strip())
                break
            except IntegrityError:  # a tracking number drawn twice (1 in 2^50): draw again
                if attempt == TRACKING_NUMBER_ATTEMPTS - 1:
                    raise
        _audit(complaint, by=None, action="receive", after={"status": complaint.status,
                                                              "institution": institution.pk if institution else None})
        complaint_id = complaint.pk
        outbox.enqueue(complaint_received_notify, complaint_id)
        return complaint


def _acknowledge(complaint: Complaint, by: User | None, now) -> None:
    complaint.acknowledged_at = now
    complaint.acknowledged_by = by


def complaint_acknowledge(*, complaint: Complaint, by: User, note: str = "") -> Complaint:
    """受理: the county has taken the complaint up (the 5-working-day deadline is met or missed now)."""
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.status == ComplaintStatus.CLOSED:
            raise ComplaintActionError(MSG_CLOSED)
        if complaint.status != ComplaintStatus.RECEIVED:
            who = complaint.acknowledged_by or "—"
            at = timezone.localtime(complaint.acknowledged_at).strftime("%Y-%m-%d %H:%M") \
                if complaint.acknowledged_at else "—"
            raise ComplaintActionError(MSG_NOT_RECEIVED.format(by=who, at=at))
        before = complaint.status
        _acknowledge(complaint, by, timezone.now())
        complaint.status = ComplaintStatus.ACKNOWLEDGED
        complaint.save(update_fields=["status", "acknowledged_at", "acknowledged_by", "updated_at"])
        _note(complaint, note, by)
        _audit(complaint, by=by, action="acknowledge", before={"status": before}, after={"status": complaint.status})
        _notify_status(complaint, "acknowledge", by)
        return complaint


def complaint_investigate(*, complaint: Complaint, by: User, note: str = "") -> Complaint:
    """调查中: someone is looking into it (acknowledges it too when that was not done)."""
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.status == ComplaintStatus.CLOSED:
            raise ComplaintActionError(MSG_CLOSED)
        if complaint.status == ComplaintStatus.INVESTIGATING:
            raise ComplaintActionError(MSG_ALREADY_INVESTIGATING)
        before = complaint.status
        now = timezone.now()
        if complaint.acknowledged_at is None:
            _acknowledge(complaint, by, now)
        complaint.status = ComplaintStatus.INVESTIGATING
        complaint.investigating_at = now
        complaint.save(update_fields=["status", "acknowledged_at", "acknowledged_by", "investigating_at",
                                      "updated_at"])
        _note(complaint, note, by)
        _audit(complaint, by=by, action="investigate", before={"status": before}, after={"status": complaint.status})
        _notify_status(complaint, "investigate", by)
        return complaint


def complaint_close(*, complaint: Complaint, by: User, resolution: str, visit_ref: str = "",
                    note: str = "") -> Complaint:
    """办结 with a resolution written for the complainant, optionally naming the visit that checked it."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise ComplaintActionError(MSG_RESOLUTION_REQUIRED)
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.status == ComplaintStatus.CLOSED:
            raise ComplaintActionError(MSG_CLOSED)
        before = complaint.status
        now = timezone.now()
        if complaint.acknowledged_at is None:
            _acknowledge(complaint, by, now)
        complaint.status = ComplaintStatus.CLOSED
        complaint.closed_at, complaint.closed_by = now, by
        # NFKC: full-width digits typed with a Chinese input method become ASCII ("１２" → "12").
        complaint.resolution, complaint.visit_ref = resolution, unicodedata.normalize("NFKC", visit_ref or "").strip()
        complaint.save(update_fields=["status", "acknowledged_at", "acknowledged_by", "closed_at", "closed_by",
                                      "resolution", "visit_ref", "updated_at"])
        _note(complaint, note, by)
        _audit(complaint, by=by, action="close", before={"status": before},
               after={"status": complaint.status, "visit_ref": complaint.visit_ref})
        _notify_status(complaint, "close", by)
        return complaint


def complaint_add_note(*, complaint: Complaint, by: User, text: str) -> ComplaintNote:
    """An internal note (also on a closed complaint: what was learnt afterwards)."""
    if not (text or "").strip():
        raise ComplaintActionError(MSG_NOTE_REQUIRED)
    with transaction.atomic():
        complaint = _locked(complaint)
        note = _note(complaint, text, by)
        _audit(complaint, by=by, action="note")
        return note


def complaint_contact_revealed(*, complaint: Complaint, by: User, where: str) -> None:
    """Audit one read of a complainant's contact data (name, phone): personal data under PIPL."""
    audit_record(actor=by, action="personal.reveal", obj=complaint, region_code=complaint.county_id or "",
                 summary=AuditText(gettext_lazy("查看投诉 {number} 的投诉人联系方式（{where}）"),
                                   number=complaint.tracking_number, where=REVEAL_PLACES.get(where, where)))
