"""Who may act on a filing: the one place pages and the API ask (objects come through visible_to)."""
from accounts.models import Role

from .models import Filing, FilingStatus

DECIDER_ROLES = (Role.REVIEWER, Role.ADMIN)


def is_filing_operator(user, filing: Filing) -> bool:
    """An operator who started the filing or operates its institution."""
    if user.role != Role.OPERATOR:
        return False
    if filing.created_by_id == user.pk:
        return True
    return filing.institution_id is not None and filing.institution.operators.filter(pk=user.pk).exists()


def can_edit(user, filing: Filing) -> bool:
    """Operators edit, upload to and submit their filings while those are drafts or returned for correction
    (the API lets the service refuse other states with its message, 409)."""
    return filing.is_editable and is_filing_operator(user, filing)


def can_review(user, filing: Filing) -> bool:
    """Reviewers and admins whose scope covers the filing's county decide on it. Never a superuser (separation of
    duties, 等保 2.0: the system's keeper does not make the business decisions; docs/security.md)."""
    return not user.is_superuser and user.role in DECIDER_ROLES and user.in_scope(filing.county_id)


def can_decide_now(user, filing: Filing) -> bool:
    return can_review(user, filing) and filing.status == FilingStatus.SUBMITTED


def can_withdraw(user, filing: Filing) -> bool:
    """The filing's operators take back a submission the county has not accepted yet (撤回)."""
    return (filing.status == FilingStatus.SUBMITTED and filing.accepted_at is None
            and is_filing_operator(user, filing))


def can_start(user, _obj=None) -> bool:
    """Operators start new filings, change filings and deregistration requests (for institutions they see)."""
    return user.role == Role.OPERATOR


def deregisters_directly(user) -> bool:
    """Reviewers and admins (and superusers) deregister an institution of their scope without a request."""
    return user.is_superuser or user.role in DECIDER_ROLES


def can_deregister(user, _institution=None) -> bool:
    return can_start(user) or deregisters_directly(user)


def can_read_audit(user, _filing=None) -> bool:
    """Government users who see the filing read its audit history; its operators read its events instead."""
    return user.is_superuser or user.role != Role.OPERATOR


def can_edit_holidays(user, _obj=None) -> bool:
    """The State Council's holiday arrangement is national: superusers and national admins keep it."""
    return user.is_national_admin


# The actions of this app in the shared vocabulary (accounts/policy.py), registered in FilingsConfig.ready.
RULES = {
    "filing.edit": can_edit,
    "filing.operate": is_filing_operator,
    "filing.review": can_review,
    "filing.decide": can_decide_now,
    "filing.withdraw": can_withdraw,
    "filing.start": can_start,
    "institution.deregister": can_deregister,
    "holiday.edit": can_edit_holidays,
    "filing.audit_read": can_read_audit,
}
