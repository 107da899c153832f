"""The audit log's hash chain: every committed audit row is sealed with a number (`seal_seq`, no gaps) and an
HMAC of its content and of the previous row's hash, so that an edited, deleted or inserted row breaks the chain
and `manage.py verify_audit` names the first broken row (docs/security.md "Audit log").

Rows are sealed just after their transaction commits (audit_record registers an on_commit hook), not when
they are written: chaining at insert time would serialise every audited transaction on one lock for its whole
duration and could deadlock with the rows it touches. The beat task `accounts.tasks.seal_audit_log` seals
whatever an interrupted process left unsealed.
"""
import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction

GENESIS = "0" * 64
# pg_advisory_xact_lock key of the sealer ("tuoyu" audit chain): one sealer at a time.
SEAL_LOCK_KEY = 7_415_201
SEAL_BATCH = 1000


def _key() -> bytes:
    return (settings.AUDIT_HMAC_KEY or f"audit-chain:{settings.SECRET_KEY}").encode()


def canonical(event) -> bytes:
    """The sealed content of a row, as read back from the database."""
    content = {
        "id": event.pk,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "region_code": event.region_code,
        "summary": event.summary,
        "before": event.before,
        "after": event.after,
        "seq": event.seal_seq,
    }
    if event.summary_params is not None:  # rows recorded before the field existed keep their hash
        content["summary_params"] = event.summary_params
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def row_hash(event, prev_hash: str) -> str:
    return hmac.new(_key(), prev_hash.encode() + b"|" + canonical(event), hashlib.sha256).hexdigest()


def seal_pending() -> int:
    """Seal the committed rows that have no place in the chain yet, oldest first; returns how many."""
    from .models import AuditEvent

    if not AuditEvent.objects.filter(seal_seq__isnull=True).exists():
        return 0
    sealed = 0
    while True:
        try:
            count = _seal_batch(AuditEvent)
        except IntegrityError:  # another sealer took the same numbers (SQLite has no advisory lock): retry
            continue
        sealed += count
        if count < SEAL_BATCH:
            return sealed


def _seal_batch(AuditEvent) -> int:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK_KEY])
        last = AuditEvent.objects.filter(seal_seq__isnull=False).order_by("-seal_seq").only(
            "seal_seq", "row_hash").first()
        seq, prev = (last.seal_seq, last.row_hash) if last else (0, GENESIS)
        pending = list(AuditEvent.objects.filter(seal_seq__isnull=True).order_by("id")[:SEAL_BATCH])
        for event in pending:
            seq += 1
            event.seal_seq = seq
            event.prev_hash = prev
            event.row_hash = prev = row_hash(event, prev)
            AuditEvent.objects.filter(pk=event.pk).seal(seal_seq=seq, prev_hash=event.prev_hash,
                                                        row_hash=event.row_hash)
        return len(pending)


def seal_after_commit() -> None:
    """Called by every audit write: seal once the surrounding transaction has committed. A transaction that
    wrote several rows runs several seals; the first seals them all, the others find nothing to do."""
    transaction.on_commit(seal_pending)


@dataclass
class Verdict:
    checked: int
    head_seq: int
    head_hash: str
    broken_id: int | None = None
    broken_seq: int | None = None
    reason: str = ""
    unsealed: int = 0

    @property
    def ok(self) -> bool:
        return self.broken_id is None and not self.reason


def verify() -> Verdict:
    """Walk the chain in seal order; stop at the first row whose number, link or hash does not hold."""
    from .models import AuditEvent

    prev, expected_seq, checked = GENESIS, 1, 0
    rows = AuditEvent.objects.filter(seal_seq__isnull=False).order_by("seal_seq").iterator(chunk_size=2000)
    for event in rows:
        if event.seal_seq != expected_seq:
            return Verdict(checked, expected_seq - 1, prev, event.pk, event.seal_seq,
                           f"missing seal numbers {expected_seq}–{event.seal_seq - 1} (rows deleted)")
        if event.prev_hash != prev:
            return Verdict(checked, expected_seq - 1, prev, event.pk, event.seal_seq,
                           "link to the previous row broken (a row before it was replaced)")
        if not hmac.compare_digest(event.row_hash, row_hash(event, prev)):
            return Verdict(checked, expected_seq - 1, prev, event.pk, event.seal_seq,
                           "content changed after sealing")
        prev, expected_seq, checked = event.row_hash, expected_seq + 1, checked + 1
    unsealed = AuditEvent.objects.filter(seal_seq__isnull=True).count()
    return Verdict(checked, expected_seq - 1, prev, unsealed=unsealed)
