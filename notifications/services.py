"""Sending notifications and their e-mail copies, and marking them read. Every sender (filing tasks, the
morning reminders) goes through notification_send or notification_send_many; both are idempotent: a
second send with the same (recipient, dedupe_key) creates nothing and e-mails nothing."""
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import requestcache
from core.stored_text import Lines, Message, stored

from .context_processors import unread_cache_key
from .models import Notification

logger = logging.getLogger(__name__)

# Rows per INSERT and per IN (...) list: keeps SQLite under its variable limit and PostgreSQL statements small.
BATCH_SIZE = 500
TITLE_MAX = 200


# A notice's title or body: a catalogue message with its values (shown in each reader's language) or plain text.
Text = Message | Lines | str


def _texts(title: Text, body: Text) -> dict:
    """The stored fields of a title and a body: the Chinese text and the message's parameters."""
    title_text, title_params = stored(title, TITLE_MAX)
    body_text, body_params = stored(body)
    return {"title": title_text, "title_params": title_params, "body": body_text, "body_params": body_params}


@dataclass(frozen=True)
class Notice:
    """One notice for notification_send_many (a recipient id: the tasks that send them work with ids)."""

    recipient_id: int
    kind: str
    title: Text
    body: Text
    url: str
    dedupe_key: str


def forget_unread_keys(keys: list[str]) -> None:
    requestcache.forget(keys)
    cache.delete_many(keys)


def _forget_unread_counts(recipient_ids) -> None:
    """The navbar badges of these users are read from the database again: now, and once more after the commit
    (a page read in between would have cached the count from before the change)."""
    keys = [unread_cache_key(pk) for pk in set(recipient_ids)]
    if keys:
        forget_unread_keys(keys)
        transaction.on_commit(partial(forget_unread_keys, keys))


def notification_send(*, recipient, kind: str, title: Text, body: Text, url: str, dedupe_key: str,
                      email: bool = True) -> Notification:
    """Create the notice unless the recipient already has one with this dedupe_key (then nothing changes,
    even if the text differs), and e-mail a copy after commit when asked and the user has an address.

    get_or_create relies on the (recipient, dedupe_key) unique constraint: when two workers race, the
    loser's insert fails inside a savepoint and it reads the winner's row instead.
    """
    notification, _created = Notification.objects.get_or_create(
        recipient=recipient, dedupe_key=dedupe_key,
        defaults={"kind": kind, "url": url, **_texts(title, body)})
    if _created:
        _forget_unread_counts([recipient.pk])
    # Not only when created: a notice whose e-mail failed (the claim was given back) is retried by a re-run.
    if email and recipient.email and notification.emailed_at is None:
        transaction.on_commit(partial(notification_email, [notification.pk]))
    return notification


def notification_send_many(notices: Iterable[Notice], *, email: bool = True, digest_subject: str = "") -> int:
    """Create the notices not sent before in a few queries (batch look-up, bulk insert) and return how many
    were new. With `email`, each recipient gets one e-mail after commit listing their notices not yet
    e-mailed (one morning digest rather than one message per item) under `digest_subject`."""
    unique = list({(n.recipient_id, n.dedupe_key): n for n in notices}.values())
    created = 0
    for start in range(0, len(unique), BATCH_SIZE):
        batch = unique[start:start + BATCH_SIZE]
        pairs = {(n.recipient_id, n.dedupe_key) for n in batch}
        rows = Notification.objects.filter(recipient_id__in={r for r, _k in pairs},
                                           dedupe_key__in={k for _r, k in pairs})
        existing = {(r, k) for r, k in rows.values_list("recipient_id", "dedupe_key") if (r, k) in pairs}
        new = [n for n in batch if (n.recipient_id, n.dedupe_key) not in existing]
        # ignore_conflicts: a concurrent run that inserted the same notice in the meantime wins quietly.
        Notification.objects.bulk_create(
            [Notification(recipient_id=n.recipient_id, kind=n.kind, url=n.url, dedupe_key=n.dedupe_key,
                          **_texts(n.title, n.body)) for n in new], ignore_conflicts=True)
        created += len(new)
        _forget_unread_counts(n.recipient_id for n in new)
        if email:
            pending = rows.filter(emailed_at__isnull=True).exclude(recipient__email="")
            ids = [pk for pk, r, k in pending.values_list("pk", "recipient_id", "dedupe_key") if (r, k) in pairs]
            if ids:
                transaction.on_commit(partial(notification_email, ids, digest_subject=digest_subject))
    return created


def _link(url: str) -> str:
    base = (getattr(settings, "PORTAL_BASE_URL", "") or "").rstrip("/")
    return f"{base}{url}" if url else ""


def _message(notifications: list[Notification], digest_subject: str) -> tuple[str, str]:
    footer = _("本邮件由托育机构备案与监管平台自动发送，请勿直接回复。")
    if len(notifications) == 1:
        item = notifications[0]
        parts = [item.title, item.body, _link(item.url), "—", footer]
        return item.title, "\n\n".join(p for p in parts if p)
    subject = digest_subject or _("您有 %(count)d 条新通知") % {"count": len(notifications)}
    lines = [subject, ""]
    for index, item in enumerate(notifications, start=1):
        lines.append(f"{index}. {item.title}")
        if item.body:
            lines.append(f"   {item.body}")
        if item.url:
            lines.append(f"   {_link(item.url)}")
    lines += ["", "—", footer]
    return subject, "\n".join(lines)


def notification_email(notification_ids: list[int], *, digest_subject: str = "") -> int:
    """E-mail the given notices not e-mailed yet, one message per recipient; returns the messages sent.

    The rows are claimed first (emailed_at set to this call's timestamp by one conditional UPDATE), so two
    runs never mail the same notice twice; a failed send gives its claim back for a later re-run.
    """
    claim = timezone.now()
    claimed = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
    if not claimed.update(emailed_at=claim):
        return 0
    by_recipient: dict[int, list[Notification]] = defaultdict(list)
    mine = (Notification.objects.filter(pk__in=notification_ids, emailed_at=claim).select_related("recipient")
            .order_by("recipient_id", "created_at", "id"))
    for notification in mine:
        by_recipient[notification.recipient_id].append(notification)
    sent = 0
    connection = get_connection()
    for items in by_recipient.values():
        recipient = items[0].recipient
        if not recipient.email:
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=None)
            continue
        subject, message = _message(items, digest_subject)
        try:
            send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, [recipient.email], connection=connection)
        except Exception:  # the SMTP server or the address: log it, give the claim back, mail the others
            logger.exception("notification e-mail to user %s failed", recipient.pk)
            Notification.objects.filter(pk__in=[n.pk for n in items], emailed_at=claim).update(emailed_at=None)
            continue
        sent += 1
    return sent


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notice read (a notice read before keeps its first reading time)."""
    now = timezone.now()
    if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
        notification.read_at = now
        _forget_unread_counts([notification.recipient_id])
    return notification


def notification_mark_all_read(*, user) -> int:
    """Mark read every unread notice the user sees; the badge's count is forgotten after the UPDATE (forgotten before
    it, a page read in between stored the old count for UNREAD_CACHE_SECONDS)."""
    marked = Notification.objects.visible_to(user).unread().update(read_at=timezone.now())
    _forget_unread_counts([user.pk])
    return marked


def notification_mark_read_at(*, user, url: str) -> int:
    """Mark read the user's unread notices that point to `url` (the page they lead to was opened): one UPDATE."""
    if not user.is_authenticated:
        return 0
    marked = Notification.objects.filter(recipient=user, url=url, read_at__isnull=True).update(read_at=timezone.now())
    if marked:
        _forget_unread_counts([user.pk])
    return marked
