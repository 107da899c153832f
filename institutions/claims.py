"""Claiming an institution (认领, issue 15 point 2): an operator whose institution was filed or imported before
it had an account names its credit code and uploads an authorisation (授权委托书) or the business licence; the
reviewers and admins of the institution's county (or above) approve — the operator is linked — or refuse with a
reason. Every step is audited; the document is private (served like filing documents)."""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.models import User
from accounts.services import audit_record
from core.errors import ActionError
from core.files import check_upload

from .models import ClaimStatus, FilingState, Institution, InstitutionClaim, InstitutionOperator
from .validators import normalise_credit_code

MSG_NOT_FOUND = gettext_lazy("未找到统一社会信用代码为 {code} 的已备案托育机构；尚未备案的机构请直接填报新设备案")
MSG_ALREADY_OPERATOR = gettext_lazy("您已是该机构的经办人，无需认领")
MSG_PENDING = gettext_lazy("您对该机构的认领申请正在审核中")
MSG_DECIDED = gettext_lazy("该认领申请已审核，不能再次办理")
MSG_REASON = gettext_lazy("请填写不通过的理由")
MSG_ONLY_OPERATORS = gettext_lazy("只有举办者账号可以认领机构")


class ClaimError(ActionError):
    pass


def claim_submit(*, operator: User, credit_code: str, proof: str, upload) -> InstitutionClaim:
    if not operator.is_operator:
        raise ClaimError(MSG_ONLY_OPERATORS)
    code = normalise_credit_code(credit_code)
    content_type, _suffix = check_upload(upload)
    institution = Institution.objects.filter(credit_code=code, filing_state=FilingState.FILED).first()
    if institution is None:
        raise ClaimError(MSG_NOT_FOUND.format(code=code))
    if institution.operators.filter(pk=operator.pk).exists():
        raise ClaimError(MSG_ALREADY_OPERATOR)
    try:
        with transaction.atomic():
            claim = InstitutionClaim(institution=institution, operator=operator, proof=proof,
                                     document_name=(upload.name or "")[:255], content_type=content_type)
            claim.document.save(upload.name or "proof", upload, save=False)
            claim.save()
            audit_record(actor=operator, action="claim.submit", obj=claim, region_code=institution.region_id,
                         summary=AuditText(gettext_lazy("申请认领 {name}"), name=institution.name),
                         after={"institution": institution.pk, "proof": proof})
    except IntegrityError:
        raise ClaimError(MSG_PENDING) from None
    return claim


def _pending(claim: InstitutionClaim) -> InstitutionClaim:
    claim = InstitutionClaim.objects.select_for_update().select_related("institution").get(pk=claim.pk)
    if claim.status != ClaimStatus.PENDING:
        raise ClaimError(MSG_DECIDED)
    return claim


def claim_approve(*, claim: InstitutionClaim, by: User) -> InstitutionClaim:
    with transaction.atomic():
        claim = _pending(claim)
        claim.status, claim.decided_by, claim.decided_at = ClaimStatus.APPROVED, by, timezone.now()
        claim.save(update_fields=["status", "decided_by", "decided_at"])
        has_admin = InstitutionOperator.objects.filter(institution=claim.institution, is_admin=True).exists()
        claim.institution.operators.add(claim.operator, through_defaults={"is_admin": not has_admin})
        audit_record(actor=by, action="claim.approve", obj=claim, region_code=claim.institution.region_id,
                     summary=AuditText(gettext_lazy("同意 {operator} 认领 {name}"),
                                       operator=claim.operator.display_name or claim.operator.username,
                                       name=claim.institution.name),
                     before={"status": ClaimStatus.PENDING}, after={"status": claim.status})
    return claim


def claim_refuse(*, claim: InstitutionClaim, by: User, reason: str) -> InstitutionClaim:
    reason = (reason or "").strip()
    if not reason:
        raise ClaimError(MSG_REASON)
    with transaction.atomic():
        claim = _pending(claim)
        claim.status, claim.reason = ClaimStatus.REFUSED, reason[:500]
        claim.decided_by, claim.decided_at = by, timezone.now()
        claim.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        audit_record(actor=by, action="claim.refuse", obj=claim, region_code=claim.institution.region_id,
                     summary=AuditText(gettext_lazy("不同意认领 {name}：{reason}"), name=claim.institution.name,
                                       reason=claim.reason),
                     before={"status": ClaimStatus.PENDING}, after={"status": claim.status, "reason": claim.reason})
    return claim
