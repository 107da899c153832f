"""Business actions on filings. Each is one transaction, locks the filing row, checks its status and
writes the filing's event and the audit row; pages, the API and tasks all call these."""
import dataclasses
import datetime
import pathlib

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.audit_text import AuditText
from accounts.models import Role, User
from accounts.services import audit_record
from core import outbox
from core.dates import out_of_range
from core.errors import ActionError
from core.files import check_upload
from institutions.changes import region_figures_changed
from institutions.inclusive import has_recognitions
from institutions.models import CapacityRecord, FilingState, Institution, NurseryClass, StaffMember
from institutions.services import institution_deregister
from regions.models import Region, RegionLevel
from workforce import services as banned
from workforce.register import snapshot_rows

from . import prechecks, steps
from .models import (
    EDITABLE_STATUSES,
    Filing,
    FilingDecisionAction,
    FilingDocument,
    FilingEvent,
    FilingKind,
    FilingNumberSequence,
    FilingStatus,
)
from .tasks import filing_decided_notify, filing_submitted_notify

MSG_NOT_EDITABLE = (gettext_lazy("该备案已提交或已办结，不能再修改"))
MSG_SUPERUSER_DECIDES = gettext_lazy("系统管理员（超级用户）不能审核备案：请由备案所在地的审核员或管理员办理")
MSG_DOCUMENT_TYPE = gettext_lazy("材料类型“{input}”无效")
MSG_ALREADY_DECIDED = (gettext_lazy("该备案已由{by}于{at}处理（{status}），您的操作未执行"))
MSG_NOT_PENDING = gettext_lazy("该备案当前状态为“{status}”，不能执行此操作")
MSG_PRECHECKS = gettext_lazy("预检未通过，请先处理列出的问题")
MSG_REASON_REQUIRED = gettext_lazy("请填写理由")
MSG_TOO_MANY_DRAFTS = (gettext_lazy("您已有 {limit} 份未提交的草稿，请先提交或删除其中的草稿再新建"))
MSG_STEP_TOO_LARGE = (gettext_lazy("填写的内容过长（单项最多 {chars} 个字符），未保存"))
MSG_RETURN_NEEDS_COMMENT = gettext_lazy("退回补正须填写理由或至少一条逐项意见")
MSG_CREDIT_CODE_TAKEN = (gettext_lazy("统一社会信用代码{code}已有备案机构，请通过变更备案修改"))
MSG_OPEN_FILING_EXISTS = (gettext_lazy("该机构已有一份未办结的备案申请"))
MSG_DEREGISTRATION_SCHEDULED = gettext_noop("该机构的注销已获批准，将于 {date} 生效，不能再申请变更或注销")
MSG_INSTITUTION_NOT_FILED = gettext_lazy("只有已备案的机构可以申请变更或注销")
MSG_DEREGISTER_DATE = gettext_lazy("注销日期不能早于备案日期（{filed}）")


class FilingActionError(ActionError):
    """A refused action of a filing; a refused submission carries the pre-checks that failed."""

    def __init__(self, message, *, checks: list | None = None):
        super().__init__(message)
        self.checks = checks or []

    def payload(self) -> dict:
        return {**super().payload(), "checks": [dataclasses.asdict(check) for check in self.checks]}


def _now():
    return timezone.now()


def _locked(filing: Filing) -> Filing:
    return Filing.objects.select_for_update().get(pk=filing.pk)


def _event(filing: Filing, *, action: str, by: User | None, from_status: str, reason: str = "",
           comments: dict | None = None) -> FilingEvent:
    return FilingEvent.objects.create(filing=filing, action=action, by=by, from_status=from_status,
                                      to_status=filing.status, reason=reason, comments=comments or {})


def _audit(filing: Filing, *, by, action: str, summary: AuditText | str = "", before=None, after=None):
    audit_record(actor=by, action=f"filing.{action}", obj=filing, region_code=filing.county_id or "",
                 summary=summary or AuditText(gettext_lazy("{kind} {name}"), kind=FilingKind(filing.kind).label, name=filing.name),
                 before=before, after=after)


def county_of(region: Region) -> Region:
    return region if region.level == RegionLevel.COUNTY else region.parent


# --- operator: drafts -------------------------------------------------------------------------------

def filing_start_new(*, by: User) -> Filing:
    limit = settings.FILING_MAX_OPEN_DRAFTS
    with transaction.atomic():
        if Filing.objects.filter(created_by=by, status=FilingStatus.DRAFT).count() >= limit:
            raise FilingActionError(MSG_TOO_MANY_DRAFTS.format(limit=limit))
        filing = Filing.objects.create(kind=FilingKind.NEW, created_by=by)
        _audit(filing, by=by, action="create")
        return filing


def institution_snapshot(institution: Institution) -> dict:
    """The institution's facts as wizard answers: the last approved filing's answers when there is one,
    brought up to date with the institution's own fields (which imports or later changes may have set)."""
    last = (institution.filings.filter(status=FilingStatus.APPROVED, kind__in=[FilingKind.NEW, FilingKind.CHANGE])
            .order_by("-decided_at", "-id").first())
    data = {key: dict(value) if isinstance(value, dict) else value
            for key, value in (last.data if last else {}).items()}
    entity = data.setdefault("entity", {})
    entity.update({"credit_code": institution.credit_code, "name": institution.name,
                   "nature": institution.nature, "operating_model": institution.operating_model,
                   "ownership_type": institution.ownership_type,
                   "inclusive": "yes" if institution.inclusive else "no"})
    entity.setdefault("contact_phone", institution.phone)
    premises = data.setdefault("premises", {})
    premises.update({"region": institution.region_id, "address": institution.address})
    service = data.setdefault("service", {})
    service["service_types"] = list(institution.service_types or [])
    service["rows"] = [
        {"name": c.name, "class_type": c.class_type, "capacity": str(c.capacity), "enrolled": str(c.enrolled),
         "caregivers": str(c.caregivers)} for c in institution.classes.all()
    ] or service.get("rows", [])
    register = snapshot_rows(institution)  # the institution's own register, where it keeps one (docs/workforce.md)
    if register:
        data["staff"] = {"rows": register}
        return data
    staff = list(institution.staff.all())
    if staff:
        data["staff"] = {"rows": [
            {"name": s.name, "role": s.role, "qualification_cert_no": s.qualification_cert_no,
             "qualification_expires_on": s.qualification_expires_on.isoformat() if s.qualification_expires_on
             else "", "id_hash": s.id_hash, "id_masked": s.id_masked,
             "health_check_on": s.health_check_on.isoformat() if s.health_check_on else ""} for s in staff]}
    return data


def filing_start_change(*, institution: Institution, by: User) -> Filing:
    """A change filing (变更备案) pre-filled with the institution's filed facts."""
    with transaction.atomic():
        institution = Institution.objects.select_for_update().get(pk=institution.pk)
        if institution.filing_state != FilingState.FILED:
            raise FilingActionError(MSG_INSTITUTION_NOT_FILED)
        if institution.deregistered_on is not None:
            raise FilingActionError(_(MSG_DEREGISTRATION_SCHEDULED).format(date=institution.deregistered_on.isoformat()))
        snapshot = institution_snapshot(institution)
        try:
            with transaction.atomic():
                filing = Filing.objects.create(
                    kind=FilingKind.CHANGE, institution=institution, created_by=by, data=snapshot,
                    baseline=snapshot, county=county_of(institution.region), name=institution.name,
                    credit_code=institution.credit_code)
        except IntegrityError:
            raise FilingActionError(MSG_OPEN_FILING_EXISTS) from None
        _audit(filing, by=by, action="create")
        return filing


def filing_save_step(*, filing: Filing, step: str, values: dict, by: User) -> Filing:
    """Store what the operator typed on one step (valid or not: nothing typed is lost), within the size limits
    of steps.oversized (a 15 MB field is refused, not stored)."""
    if steps.oversized(values):
        raise FilingActionError(MSG_STEP_TOO_LARGE.format(chars=steps.MAX_STORED_CHARS))
    with transaction.atomic():
        filing = _locked(filing)
        if filing.status not in EDITABLE_STATUSES:
            raise FilingActionError(MSG_NOT_EDITABLE)
        data = dict(filing.data)
        data[step] = values
        filing.data = data
        fields = ["data", "updated_at"]
        if step == "entity":
            filing.name = (values.get("name") or "")[:128]
            filing.credit_code = (values.get("credit_code") or "").replace(" ", "").upper()[:18]
            fields += ["name", "credit_code"]
        if step == "premises" and filing.kind == FilingKind.NEW:
            region = Region.objects.filter(code=values.get("region") or "").select_related("parent").first()
            if region is not None and region.level in (RegionLevel.COUNTY, RegionLevel.TOWNSHIP):
                filing.county = county_of(region)
                fields.append("county")
        filing.save(update_fields=fields)
        if step == "staff":  # the banned-person check, audited; a hit alerts the county at once (docs/workforce.md)
            county = filing.county_id or (filing.institution.region_id[:6] if filing.institution_id else "")
            banned.staff_checked(by=by, obj=filing, county=county,
                                 hashes=[row.get("id_hash", "") for row in values.get("rows", [])],
                                 what=filing.name or gettext_lazy("（未填写机构名称）"),
                                 url=banned.filing_url(filing.pk), key=f"filing:{filing.pk}")
        return filing


def filing_document_upload(*, filing: Filing, doc_type: str, upload: UploadedFile, by: User,
                           valid_until: datetime.date | None = None) -> FilingDocument:
    """Store a document; the current one of the same type is kept as history (superseded)."""
    content_type, suffix = check_upload(upload)
    with transaction.atomic():
        filing = _locked(filing)
        if filing.status not in EDITABLE_STATUSES:
            raise FilingActionError(MSG_NOT_EDITABLE)
        if doc_type not in dict(prechecks.document_choices(filing, timezone.localdate())):
            raise FilingActionError(MSG_DOCUMENT_TYPE.format(input=doc_type))
        now = _now()
        replaced = FilingDocument.objects.current().filter(filing=filing, doc_type=doc_type).update(superseded_at=now)
        upload.seek(0)
        digest = FilingDocument.digest(upload.chunks())
        upload.seek(0)
        document = FilingDocument(
            filing=filing, doc_type=doc_type, original_name=pathlib.PurePath(upload.name).name[:255],
            content_type=content_type, size=upload.size, sha256=digest, valid_until=valid_until, uploaded_by=by)
        document.file.save(f"upload{suffix}", upload, save=False)
        document.save()
        _audit(filing, by=by, action="document",
               summary=AuditText(gettext_lazy("{type} {name}（替换）") if replaced else gettext_lazy("{type} {name}"),
                                 type=prechecks.document_type_label(document.doc_type), name=document.original_name))
        return document


def filing_prechecks(filing: Filing, *, today: datetime.date | None = None) -> list[prechecks.PreCheck]:
    today = today or timezone.localdate()
    if filing.kind == FilingKind.DEREGISTER:
        return []
    current = list(filing.documents.current().values_list("doc_type", "valid_until"))
    results = prechecks.run(filing, today=today, document_types={doc for doc, _until in current},
                            valid_until={doc: until for doc, until in current if until is not None})
    if filing.kind == FilingKind.CHANGE:
        # A change filing uploads only the materials that changed.
        results = [r for r in results if r.rule != "document.missing"]
    return results


def filing_submit(*, filing: Filing, by: User) -> Filing:
    with transaction.atomic():
        filing = _locked(filing)
        if filing.status not in EDITABLE_STATUSES:
            raise FilingActionError(MSG_NOT_PENDING.format(status=filing.get_status_display()))
        blocking = prechecks.blocking(filing_prechecks(filing))
        if blocking:
            raise FilingActionError(MSG_PRECHECKS, checks=blocking)
        if filing.kind == FilingKind.NEW:
            code = filing.credit_code
            if Institution.objects.filter(credit_code=code).exists():
                raise FilingActionError(MSG_CREDIT_CODE_TAKEN.format(code=code))
        before = filing.status
        now = _now()
        filing.status = FilingStatus.SUBMITTED
        filing.submitted_at = now
        filing.first_submitted_at = filing.first_submitted_at or now
        filing.accepted_at = None
        filing.save(update_fields=["status", "submitted_at", "first_submitted_at", "accepted_at", "updated_at"])
        _event(filing, action=FilingDecisionAction.SUBMIT, by=by, from_status=before)
        _audit(filing, by=by, action="submit", before={"status": before}, after={"status": filing.status})
        filing_id = filing.pk
        outbox.enqueue(filing_submitted_notify, filing_id)
        return filing


MSG_WITHDRAW_ACCEPTED = gettext_noop("材料已受理，不能撤回；如需修改，请联系审核人员退回补正")


def filing_withdraw(*, filing: Filing, by: User) -> Filing:
    """撤回: the operator takes back a submitted filing before the county accepts it (issue 13). A new or change
    filing goes back to 草稿, to be edited and submitted again (the review clock restarts then); a deregistration
    request is closed as 已撤回. Once accepted (受理) only the reviewer can send it back (退回补正)."""
    with transaction.atomic():
        filing = _locked(filing)
        if filing.status != FilingStatus.SUBMITTED:
            raise FilingActionError(MSG_NOT_PENDING.format(status=filing.get_status_display()))
        if filing.accepted_at is not None:
            raise FilingActionError(_(MSG_WITHDRAW_ACCEPTED))
        before = filing.status
        filing.status = FilingStatus.WITHDRAWN if filing.kind == FilingKind.DEREGISTER else FilingStatus.DRAFT
        filing.save(update_fields=["status", "updated_at"])
        _event(filing, action=FilingDecisionAction.WITHDRAW, by=by, from_status=before)
        _audit(filing, by=by, action="withdraw", before={"status": before}, after={"status": filing.status})
        return filing


def _notify_decision(filing_id: int, event_id: int) -> None:
    outbox.enqueue(filing_decided_notify, filing_id, event_id)


# --- reviewer: decisions ----------------------------------------------------------------------------

def _pending(filing: Filing, by: User | None = None) -> Filing:
    """Lock the filing and make sure it still awaits a decision (a second reviewer gets a clear refusal); a
    superuser never decides (separation of duties, filings.permissions.can_review)."""
    if by is not None and by.is_superuser:
        raise FilingActionError(MSG_SUPERUSER_DECIDES)
    locked = Filing.objects.select_for_update().get(pk=filing.pk)
    if locked.status != FilingStatus.SUBMITTED:
        if locked.decided_at and locked.status in (FilingStatus.APPROVED, FilingStatus.REJECTED,
                                                   FilingStatus.RETURNED):
            by = locked.decided_by.display_name or locked.decided_by.username if locked.decided_by else "—"
            raise FilingActionError(MSG_ALREADY_DECIDED.format(
                by=by, at=timezone.localtime(locked.decided_at).strftime("%Y-%m-%d %H:%M"),
                status=locked.get_status_display()))
        raise FilingActionError(MSG_NOT_PENDING.format(status=locked.get_status_display()))
    return locked


def filing_accept(*, filing: Filing, by: User) -> Filing:
    """Record that the materials are complete and the review has started (受理)."""
    with transaction.atomic():
        filing = _pending(filing, by)
        if filing.accepted_at is None:
            filing.accepted_at = _now()
            filing.save(update_fields=["accepted_at", "updated_at"])
            _event(filing, action=FilingDecisionAction.ACCEPT, by=by, from_status=filing.status)
            _audit(filing, by=by, action="accept")
        return filing


def filing_return(*, filing: Filing, by: User, reason: str, comments: dict | None = None) -> Filing:
    comments = {key: text.strip() for key, text in (comments or {}).items() if text and text.strip()}
    if not reason.strip() and not comments:
        raise FilingActionError(MSG_RETURN_NEEDS_COMMENT)
    with transaction.atomic():
        filing = _pending(filing, by)
        before = filing.status
        filing.status = FilingStatus.RETURNED
        filing.decided_at, filing.decided_by = _now(), by
        filing.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
        event = _event(filing, action=FilingDecisionAction.RETURN, by=by, from_status=before, reason=reason.strip(),
               comments=comments)
        _audit(filing, by=by, action="return", summary=reason.strip()[:200] or AuditText(gettext_lazy("退回补正")),
               before={"status": before}, after={"status": filing.status, "comments": comments})
        _notify_decision(filing.pk, event.pk)
        return filing


def filing_reject(*, filing: Filing, by: User, reason: str) -> Filing:
    if not reason.strip():
        raise FilingActionError(MSG_REASON_REQUIRED)
    with transaction.atomic():
        filing = _pending(filing, by)
        before = filing.status
        filing.status = FilingStatus.REJECTED
        filing.decided_at, filing.decided_by = _now(), by
        filing.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
        event = _event(filing, action=FilingDecisionAction.REJECT, by=by, from_status=before, reason=reason.strip())
        _audit(filing, by=by, action="reject", summary=reason.strip()[:200],
               before={"status": before}, after={"status": filing.status})
        _notify_decision(filing.pk, event.pk)
        return filing


def filing_number_next(*, county: Region, year: int) -> str:
    """The next filing number `{county}-{year}-{00001}`: one row per county and year, locked while the
    number is taken, so concurrent approvals get consecutive numbers without gaps (the caller's
    transaction holds the lock until it commits or rolls back, when the number is given back)."""
    prefix = f"{county.code}-{year}-"
    # Numbers given before the sequence row existed (seeded or migrated institutions) are skipped.
    issued = Institution.objects.filter(filing_number__startswith=prefix).values_list("filing_number", flat=True)
    start = max((int(n[len(prefix):]) for n in issued if n[len(prefix):].isdigit()), default=0)
    FilingNumberSequence.objects.bulk_create([FilingNumberSequence(county=county, year=year, last=start)],
                                             ignore_conflicts=True)
    sequence = FilingNumberSequence.objects.select_for_update().get(county=county, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{county.code}-{year}-{sequence.last:05d}"


def _totals(rows: list[dict]) -> tuple[int, int]:
    return sum(r["capacity"] for r in rows), sum(r["enrolled"] for r in rows)


def _write_classes_and_staff(institution: Institution, service: dict, staff: dict) -> None:
    NurseryClass.objects.filter(institution=institution).delete()
    NurseryClass.objects.bulk_create([
        NurseryClass(institution=institution, name=r["name"], class_type=r["class_type"], capacity=r["capacity"],
                     enrolled=r["enrolled"], caregivers=r["caregivers"]) for r in service["rows"]])
    StaffMember.objects.filter(institution=institution).delete()
    StaffMember.objects.bulk_create([
        StaffMember(institution=institution, name=r["name"], role=r["role"],
                    qualification_cert_no=r["qualification_cert_no"],
                    qualification_expires_on=r.get("qualification_expires_on"), id_hash=r.get("id_hash") or "",
                    id_masked=r.get("id_masked") or "", health_check_on=r["health_check_on"])
        for r in staff["rows"]])


def _capacity_from(institution: Institution, *, on: datetime.date, slots: int, enrolled: int, by) -> None:
    """Start a capacity record on `on`, closing the one in force (issue 13: every record is kept).

    A record lasts at least a day (the statistics count the slots of each day, and a record is unique by its first
    day): a change approved on or before the day the current record starts takes effect the day after it.
    """
    from institutions.services import capacity_record_add

    latest = CapacityRecord.objects.filter(institution=institution).order_by("-effective_from").first()
    if latest is not None and (latest.slots, latest.enrolled) == (slots, enrolled) and latest.effective_to is None:
        return
    if latest is not None:
        on = max(on, latest.effective_from + datetime.timedelta(days=1))
    capacity_record_add(institution=institution, effective_from=on, slots=slots, enrolled=enrolled, by=by,
                        source="filing")


def filing_approve(*, filing: Filing, by: User, on: datetime.date | None = None) -> Filing:
    """Approve: a new filing creates the filed institution with its number, classes, staff and first
    capacity record; a change filing updates it and appends a capacity record from `on`; a
    deregistration filing closes it on the requested date."""
    on = on or timezone.localdate()
    if message := out_of_range(on, "past"):  # forms and serializers say so first; this guards other callers
        raise FilingActionError(message)
    with transaction.atomic():
        filing = _pending(filing, by)
        before = filing.status
        if filing.kind == FilingKind.DEREGISTER:
            request = filing.data.get("deregister") or {}
            institution_deregister(institution=filing.institution,
                                   on=datetime.date.fromisoformat(request["on"]), reason=request.get("reason", ""),
                                   by=by)
        else:
            blocking = prechecks.blocking(filing_prechecks(filing, today=on))
            if blocking:
                raise FilingActionError(MSG_PRECHECKS, checks=blocking)
            answers = {key: steps.cleaned(key, filing.data.get(key)) for key in steps.FORM_STEPS}
            entity, premises, service, staff = (answers[k] for k in steps.FORM_STEPS)
            slots, enrolled = _totals(service["rows"])
            facts = {
                "name": entity["name"], "region": premises["region"], "address": premises["address"],
                "phone": entity["contact_phone"], "nature": entity["nature"],
                "operating_model": entity["operating_model"], "ownership_type": entity["ownership_type"],
                "inclusive": entity["inclusive"] == "yes",
                "service_types": list(service["service_types"]),
            }
            if filing.kind == FilingKind.NEW:
                if Institution.objects.filter(credit_code=entity["credit_code"]).exists():
                    raise FilingActionError(MSG_CREDIT_CODE_TAKEN.format(code=entity["credit_code"]))
                county = county_of(premises["region"])
                number = filing_number_next(county=county, year=on.year)
                try:
                    with transaction.atomic():  # a concurrent approval of the same code: one wins, one is told
                        institution = Institution.objects.create(
                            credit_code=entity["credit_code"], filing_state=FilingState.FILED, filing_number=number,
                            filed_on=on, **facts)
                except IntegrityError:
                    raise FilingActionError(MSG_CREDIT_CODE_TAKEN.format(code=entity["credit_code"])) from None
                for operator in {filing.created_by} - {None}:
                    if operator.role == Role.OPERATOR:  # who filed it keeps its colleagues (admin operator)
                        institution.operators.add(operator, through_defaults={"is_admin": True})
                filing.institution = institution
                filing.filing_number = number
            else:
                institution = Institution.objects.select_for_update().get(pk=filing.institution_id)
                if has_recognitions(institution):  # the county's dated recognitions say whether it is inclusive
                    facts.pop("inclusive")
                for field, value in facts.items():
                    setattr(institution, field, value)
                institution.save()
                filing.filing_number = institution.filing_number or ""
            _write_classes_and_staff(institution, service, staff)
            _capacity_from(institution, on=on, slots=slots, enrolled=enrolled, by=by)
        filing.status = FilingStatus.APPROVED
        filing.decided_at, filing.decided_by = _now(), by
        filing.accepted_at = filing.accepted_at or filing.decided_at
        filing.effective_on = on
        filing.save(update_fields=["status", "decided_at", "decided_by", "accepted_at", "effective_on",
                                   "institution", "filing_number", "updated_at"])
        event = _event(filing, action=FilingDecisionAction.APPROVE, by=by, from_status=before)
        _audit(filing, by=by, action="approve",
               summary=AuditText(gettext_lazy("{name} {number}"), name=filing.name, number=filing.filing_number),
               before={"status": before}, after={"status": filing.status, "filing_number": filing.filing_number})
        _notify_decision(filing.pk, event.pk)
        region_figures_changed(filing.county_id, since=on)  # recompute the county's figures after commit
        return filing


def filing_request_deregistration(*, institution: Institution, by: User, on: datetime.date, reason: str) -> Filing:
    """The operator asks to deregister (注销): a filing that the county reviews like any other."""
    if not reason.strip():
        raise FilingActionError(MSG_REASON_REQUIRED)
    with transaction.atomic():
        institution = Institution.objects.select_for_update().get(pk=institution.pk)
        if institution.filing_state != FilingState.FILED:
            raise FilingActionError(MSG_INSTITUTION_NOT_FILED)
        if institution.deregistered_on is not None:
            raise FilingActionError(_(MSG_DEREGISTRATION_SCHEDULED).format(date=institution.deregistered_on.isoformat()))
        if institution.filed_on and on < institution.filed_on:
            raise FilingActionError(MSG_DEREGISTER_DATE.format(filed=institution.filed_on.isoformat()))
        now = _now()
        try:
            with transaction.atomic():
                filing = Filing.objects.create(
                    kind=FilingKind.DEREGISTER, institution=institution, created_by=by, status=FilingStatus.SUBMITTED,
                    county=county_of(institution.region), name=institution.name,
                    credit_code=institution.credit_code, submitted_at=now, first_submitted_at=now,
                    data={"deregister": {"on": on.isoformat(), "reason": reason.strip()}})
        except IntegrityError:
            raise FilingActionError(MSG_OPEN_FILING_EXISTS) from None
        _event(filing, action=FilingDecisionAction.SUBMIT, by=by, from_status=FilingStatus.DRAFT, reason=reason)
        filing_id = filing.pk
        outbox.enqueue(filing_submitted_notify, filing_id)
        _audit(filing, by=by, action="submit",
               summary=AuditText(gettext_lazy("注销 {name} {date}"), name=institution.name, date=on))
        return filing


def filing_diff(filing: Filing) -> list[dict]:
    """Field-by-field differences between a change filing and the facts it started from."""
    if not filing.baseline:
        return []
    rows = []
    for step in steps.FORM_STEPS:
        old, new = filing.baseline.get(step) or {}, filing.data.get(step) or {}
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                rows.append({"step": step, "field": key, "before": old.get(key), "after": new.get(key)})
    return rows
