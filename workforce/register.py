"""The staff register kept by the operator (docs/workforce.md): adding a person (checked against the banned-person
list: refused, and the county alerted), leaving, and the records of each person — qualifications, health checks,
training, record checks — with what is due. Filings take a snapshot of it (filings.services.institution_snapshot)."""
import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.models import User
from accounts.services import audit_record
from core import identity
from core.errors import ActionError
from institutions.changes import region_figures_changed
from institutions.models import Institution, InstitutionOperator, StaffRole
from standards.registry import STAFF_QUALIFICATIONS
from standards.selectors import standards_for

from . import services
from .models import HealthCheck, Qualification, RecordCheck, Training, Worker


def qualifying_types(role: str, rules) -> set[str] | None:
    """The certificate types that qualify `role` under the standards in force (standards.registry
    STAFF_QUALIFICATIONS: `staff.qualifies.<role>.<type>` = 1); None for a role that needs none."""
    types = STAFF_QUALIFICATIONS.get(role)
    if types is None:
        return None
    return {code for code, _label in types if rules[f"staff.qualifies.{role}.{code}"]}
RECORD_CHECK_DAYS = 365  # 未成年人保护法 Art. 62: yearly
EXPIRY_WARNING_DAYS = 30

MSG_NOT_OPERATOR = gettext_lazy("只有该机构的经办人可以维护工作人员名册")
MSG_BANNED = gettext_lazy("该人员在从业禁止名单中，不得聘用从事婴幼儿照护服务（已通知县级卫生健康部门）")
MSG_DUPLICATE = gettext_lazy("该身份证号的人员已在本机构名册中")
MSG_LEFT_BEFORE = gettext_lazy("离职日期不能早于入职日期 {joined}")
MSG_EXPIRES_BEFORE = gettext_lazy("有效期不能早于发证日期")
MSG_ALREADY_LEFT = gettext_lazy("该人员已离职")


class RegisterError(ActionError):
    pass


def _operator(by: User, institution: Institution) -> None:
    if not InstitutionOperator.objects.filter(institution=institution, user=by).exists():
        raise RegisterError(MSG_NOT_OPERATOR)


def _audit(by, worker: Worker, action: str, text, **values) -> None:
    audit_record(actor=by, action=f"staff.{action}", obj=worker.institution, region_code=worker.institution.region_id,
                 summary=AuditText(text, **values), after={"worker": worker.pk, "role": worker.role})


def worker_add(*, by: User, institution: Institution, name: str, role: str, id_number: str,
               joined_on: datetime.date) -> Worker:
    _operator(by, institution)
    number = identity.validate(id_number)
    digest = identity.identity_hash(number)
    hits = services.staff_checked(by=by, obj=institution, county=institution.region_id[:6], hashes=[digest],
                                  what=institution.name, url=services.institution_url(institution.pk),
                                  key=f"institution:{institution.pk}")
    if hits:
        raise RegisterError(MSG_BANNED)
    with transaction.atomic():
        Institution.objects.select_for_update().filter(pk=institution.pk).first()
        if Worker.objects.filter(institution=institution, id_hash=digest, left_on__isnull=True).exists():
            raise RegisterError(MSG_DUPLICATE)
        worker = Worker.objects.create(institution=institution, name=name.strip(), role=role, id_hash=digest,
                                       id_masked=identity.identity_mask(number), joined_on=joined_on)
        _audit(by, worker, "add", gettext_lazy("工作人员入职：{role}"), role=StaffRole(role).label)
        # The figures count staff from the register (docs/statistics.md): recompute from the day it changed.
        region_figures_changed(institution.region_id, since=joined_on)
    return worker


def worker_leave(*, by: User, worker: Worker, on: datetime.date) -> Worker:
    _operator(by, worker.institution)
    if worker.left_on is not None:
        raise RegisterError(MSG_ALREADY_LEFT)
    if on < worker.joined_on:
        raise RegisterError(MSG_LEFT_BEFORE.format(joined=worker.joined_on.isoformat()))
    with transaction.atomic():
        worker.left_on = on
        worker.save(update_fields=["left_on"])
        _audit(by, worker, "leave", gettext_lazy("工作人员离职：{on}"), on=on.isoformat())
        region_figures_changed(worker.institution.region_id, since=on)
    return worker


RECORDS = {"qualification": Qualification, "health_check": HealthCheck, "training": Training,
           "record_check": RecordCheck}
RECORD_LABELS = {"qualification": gettext_lazy("资格证书"), "health_check": gettext_lazy("健康检查"),
                 "training": gettext_lazy("培训记录"), "record_check": gettext_lazy("无犯罪记录查询")}


def record_add(*, by: User, worker: Worker, kind: str, **fields):
    _operator(by, worker.institution)
    if kind == "qualification" and fields.get("expires_on") and fields["expires_on"] < fields["issued_on"]:
        raise RegisterError(MSG_EXPIRES_BEFORE)
    with transaction.atomic():
        record = RECORDS[kind].objects.create(worker=worker, **fields)
        _audit(by, worker, "record", gettext_lazy("工作人员记录：{kind}"), kind=RECORD_LABELS[kind])
        if kind == "qualification":  # certified staff are counted from the register's certificates
            region_figures_changed(worker.institution.region_id, since=fields["issued_on"])
    return record


# --- what is due ----------------------------------------------------------------------------------------

@dataclasses.dataclass
class Standing:
    """A person's standing on a day: the qualifying certificate in force (None: none), what is missing or due."""

    certificate: Qualification | None
    issues: list[str]
    warnings: list[str]


def standing(worker: Worker, on: datetime.date | None = None) -> Standing:
    """Uses the records prefetched on the worker (no query per person when the list prefetches them)."""
    on = on or timezone.localdate()
    rules = standards_for(worker.institution.region_id[:2], on)
    issues, warnings = [], []
    wanted = qualifying_types(worker.role, rules)
    valid = [q for q in worker.qualifications.all() if q.issued_on <= on and (q.expires_on is None
                                                                              or q.expires_on >= on)]
    qualifying = [q for q in valid if wanted is None or q.type in wanted]
    certificate = qualifying[0] if qualifying else None
    if wanted and certificate is None:
        issues.append(str(gettext_lazy("无有效的上岗资格证书")))
    elif certificate and certificate.expires_on and (certificate.expires_on - on).days <= EXPIRY_WARNING_DAYS:
        warnings.append(str(gettext_lazy("证书将于 {date} 到期")).format(date=certificate.expires_on.isoformat()))
    checks = list(worker.health_checks.all())
    valid_days = rules["staff.health_check_valid_days"]
    if not checks or not checks[0].passed or (on - checks[0].checked_on).days > valid_days:
        issues.append(str(gettext_lazy("健康检查已过期或未做")))
    records = list(worker.record_checks.all())
    if not records or not records[0].clear or (on - records[0].checked_on).days > RECORD_CHECK_DAYS:
        issues.append(str(gettext_lazy("无犯罪记录查询逾期或未做")))
    if worker.role == StaffRole.DIRECTOR and rules["staff.director_training_required"] and not any(
            t.passed for t in worker.trainings.all()):
        issues.append(str(gettext_lazy("负责人未参加培训或未合格")))
    return Standing(certificate=certificate, issues=issues, warnings=warnings)


def snapshot_rows(institution: Institution, on: datetime.date | None = None) -> list[dict]:
    """The register's current staff as the filing wizard's staff rows (a change filing starts from them)."""
    rows = []
    workers = (Worker.objects.current(on).filter(institution=institution)
               .prefetch_related("qualifications", "health_checks", "record_checks", "trainings"))
    for worker in workers:
        state = standing(worker, on)
        check = next(iter(worker.health_checks.all()), None)
        rows.append({"name": worker.name, "role": worker.role, "id_hash": worker.id_hash,
                     "id_masked": worker.id_masked,
                     "qualification_cert_no": state.certificate.number if state.certificate else "",
                     "qualification_expires_on": state.certificate.expires_on.isoformat()
                     if state.certificate and state.certificate.expires_on else "",
                     "health_check_on": check.checked_on.isoformat() if check else ""})
    return rows
