"""Who sees the personal data of a filing (staff names, certificate numbers, health-check dates, the contact
phone, staff certificate documents), and the masks everyone else sees (docs/security.md "Personal data").

- The filing's own operators see it unmasked: they entered it.
- Reviewers, inspectors and admins whose scope covers the filing's county see it masked until they reveal it;
  each reveal is an audit row (`personal.reveal`).
- Viewers (read-only leadership and coordinators) see masks only, and cannot open staff certificates.
"""
from django.utils.translation import gettext_lazy

from accounts.audit_text import REVEAL_PLACES, AuditText
from accounts.models import Role, User
from accounts.services import audit_record
from core.personal import mask_code, mask_date, mask_name, mask_phone

from .models import DocumentType, Filing

FULL, MASKED, NEVER = "full", "masked", "never"
MSG_NO_PERSONAL_DATA = (gettext_lazy("该材料含工作人员个人信息，仅审核、监督和管理人员可以查看"))
PERSONAL_DOCUMENTS = {DocumentType.STAFF_CERTIFICATES}
# "<step>.<field>": mask; staff rows: every column but the post.
FIELD_MASKS = {"entity.contact_phone": mask_phone}
STAFF_ROW_MASKS = {"name": mask_name, "qualification_cert_no": mask_code, "health_check_on": mask_date}


def access(user: User, filing: Filing) -> str:
    """FULL, MASKED (may reveal) or NEVER, for a filing the user can already see."""
    if user.is_operator:
        return FULL
    if user.is_superuser or user.role in (Role.REVIEWER, Role.INSPECTOR, Role.ADMIN):
        county = filing.county_id or (filing.institution.region_id if filing.institution_id else "")
        return MASKED if user.in_scope(county or "") or user.scope_code == "" else NEVER
    return NEVER


def may_reveal(user: User, filing: Filing) -> bool:
    return access(user, filing) != NEVER


def may_open_document(user: User, filing: Filing, doc_type: str) -> bool:
    return doc_type not in PERSONAL_DOCUMENTS or access(user, filing) != NEVER


def masked_data(data: dict) -> dict:
    """The filing's stored answers with the personal values masked (a copy)."""
    result = {step: dict(values) if isinstance(values, dict) else values for step, values in (data or {}).items()}
    for key, mask in FIELD_MASKS.items():
        step, field = key.split(".", 1)
        if isinstance(result.get(step), dict) and result[step].get(field):
            result[step][field] = mask(str(result[step][field]))
    staff = result.get("staff")
    if isinstance(staff, dict) and isinstance(staff.get("rows"), list):
        staff["rows"] = [{name: (STAFF_ROW_MASKS[name](str(value)) if name in STAFF_ROW_MASKS and value else value)
                          for name, value in row.items()} if isinstance(row, dict) else row
                         for row in staff["rows"]]
    return result


def reveal_record(*, user: User, filing: Filing, where: str) -> None:
    """Audit one reveal of the filing's personal data (page or API)."""
    audit_record(actor=user, action="personal.reveal", obj=filing, region_code=filing.county_id or "",
                 summary=AuditText(gettext_lazy("查看备案申请 {filing} 的个人信息（{where}）"), filing=filing.pk,
                                   where=REVEAL_PLACES.get(where, where)))
