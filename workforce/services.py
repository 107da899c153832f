"""The banned-person list (docs/workforce.md): a province's admins add a person by identity number (hashed at
once, never stored); any filing that names the person is refused at its pre-checks and the county's admins are
alerted at once; every addition, explicit check and hit is audited."""
import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.models import Role, User
from accounts.services import audit_record
from core import identity
from core.errors import ActionError
from core.stored_text import Message
from notifications.services import Notice, notification_send_many

from .models import BannedPerson

MSG_NOT_PROVINCE_ADMIN = gettext_lazy("只有省级管理员可以维护本省从业禁止名单")
MSG_ALREADY = gettext_lazy("该人员已在本省从业禁止名单中")
MSG_UNTIL = gettext_lazy("禁止期限不能早于决定日期")
KIND_HIT = "workforce.banned_hit"


class BannedError(ActionError):
    pass


def banned_hashes(hashes, on: datetime.date | None = None) -> set[str]:
    """Those of `hashes` on any province's list in force on `on` (a lifetime ban, or until a later day). One
    query, by the hashes only: nothing of the list is read out."""
    wanted = {h for h in hashes if h}
    if not wanted:
        return set()
    on = on or timezone.localdate()
    return set(BannedPerson.objects.filter(id_hash__in=wanted).filter(
        Q(until__isnull=True) | Q(until__gte=on)).values_list("id_hash", flat=True))


def banned_add(*, by: User, id_number: str, reference: str, reason: str, decided_on: datetime.date,
               until: datetime.date | None = None) -> BannedPerson:
    scope = by.admin_scope
    if scope is None or len(scope) != 2:
        raise BannedError(MSG_NOT_PROVINCE_ADMIN)
    if until is not None and until < decided_on:
        raise BannedError(MSG_UNTIL)
    digest = identity.identity_hash(identity.validate(id_number))
    try:
        with transaction.atomic():
            entry = BannedPerson.objects.create(province_code=scope, id_hash=digest, reference=reference.strip(),
                                                reason=reason.strip(), decided_on=decided_on, until=until,
                                                added_by=by)
    except IntegrityError:
        raise BannedError(MSG_ALREADY) from None
    audit_record(actor=by, action="banned.add", obj=entry, region_code=scope,
                 summary=AuditText(gettext_lazy("从业禁止名单新增一人（{reference}）"), reference=entry.reference),
                 after={"hash": digest[:12], "decided_on": decided_on.isoformat(),
                        "until": until.isoformat() if until else None})
    return entry


def banned_check(*, by: User, id_number: str) -> bool:
    """An explicit check of one number (a page or the API): audited whatever the answer."""
    digest = identity.identity_hash(identity.validate(id_number))
    hit = bool(banned_hashes([digest]))
    audit_record(actor=by, action="banned.check", obj=by, region_code=by.scope_code or "",
                 summary=AuditText(gettext_lazy("核查从业禁止名单：{result}"),
                                   result=gettext_lazy("在名单中") if hit else gettext_lazy("不在名单中")),
                 after={"hash": digest[:12], "hit": hit})
    return hit


def staff_checked(*, by: User, obj, county: str, hashes: list[str], what, url: str, key: str) -> set[str]:
    """The check made when staff are entered (a filing's staff step): audited; each hit alerts the county's admins
    at once (one notice per person and `key`). Returns the hits."""
    hits = banned_hashes(hashes)
    if not [h for h in hashes if h]:
        return hits
    audit_record(actor=by, action="banned.staff_check" if not hits else "banned.hit", obj=obj, region_code=county,
                 summary=AuditText(gettext_lazy("录入工作人员核查从业禁止名单：{what}，{n} 人，命中 {hits} 人"),
                                   what=what, n=len([h for h in hashes if h]), hits=len(hits)),
                 after={"hits": [h[:12] for h in sorted(hits)]})
    if hits:
        admins = User.objects.filter(role=Role.ADMIN, is_active=True, region_id=county).values_list("pk", flat=True)
        values = {"what": str(what)}
        notification_send_many([
            Notice(pk, KIND_HIT, Message(gettext_lazy("从业禁止人员预警：%(what)s"), **values),
                   Message(gettext_lazy("%(what)s录入的工作人员中有人在从业禁止名单中，已阻止其备案，请核查处置。"), **values),
                   url, f"banned:{key}:{digest[:16]}")
            for pk in admins for digest in sorted(hits)])
    return hits


def filing_url(filing_id: int) -> str:
    return reverse("filings:detail", args=[filing_id])


def institution_url(institution_id: int) -> str:
    return reverse("workforce:register", args=[institution_id])
