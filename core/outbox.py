"""Side effects queued after commit that survive a broker outage (a transactional outbox).

`enqueue(task, *args)` writes an OutboxMessage in the caller's transaction and sends it to the broker right
after the commit. If the broker is down the request still succeeds: the message stays, and the beat task
`core.tasks.relay_outbox` sends it once the broker is back. Tasks must be idempotent (STYLE.md): a message whose
sender died between sending and deleting it is sent again.

With the embedded default (no broker, tasks run in-process) there is nothing to survive: the task runs after
the commit as before, without a row.
"""
import datetime
import logging
from functools import partial

from celery import current_app
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxMessage

log = logging.getLogger(__name__)

# A fresh message is the after-commit sender's; the relay takes it only after this many seconds, and takes back a
# message whose sender has held it this long without finishing (the process died mid-send).
RELAY_AFTER_SECONDS = 30
SENDER_STALE_SECONDS = 300
RELAY_BATCH = 500


def enqueue(task, *args, countdown: int = 0, **kwargs) -> None:
    """Send `task(*args, **kwargs)` to the workers once the current transaction commits (at once outside one)."""
    if current_app.conf.task_always_eager:
        transaction.on_commit(partial(task.apply_async, args=args, kwargs=kwargs, countdown=countdown or None))
        return
    message = OutboxMessage.objects.create(task_name=task.name, args=list(args), kwargs=kwargs, countdown=countdown)
    transaction.on_commit(partial(send, message.pk), robust=True)


def send(message_id: int) -> bool:
    """Claim the message, publish it, delete it. False when another sender has it or the broker refused."""
    now = timezone.now()
    if not OutboxMessage.objects.filter(pk=message_id, sending_since__isnull=True).update(
            sending_since=now, attempts=F("attempts") + 1):
        return False
    return _publish(OutboxMessage.objects.get(pk=message_id))


def _publish(message: OutboxMessage) -> bool:
    try:
        current_app.send_task(message.task_name, args=message.args, kwargs=message.kwargs,
                              countdown=message.countdown or None)
    except Exception as error:  # the broker is down or refused: keep the message for the relay
        OutboxMessage.objects.filter(pk=message.pk).update(sending_since=None, last_error=repr(error)[:500])
        log.warning("outbox: %s kept for later, the broker refused it: %r", message, error)
        return False
    OutboxMessage.objects.filter(pk=message.pk).delete()
    return True


def relay() -> tuple[int, int]:
    """Send the messages the after-commit sender could not (oldest first); returns (sent, still waiting)."""
    now = timezone.now()
    due = OutboxMessage.objects.filter(
        Q(sending_since__isnull=True, created_at__lt=now - datetime.timedelta(seconds=RELAY_AFTER_SECONDS))
        | Q(sending_since__lt=now - datetime.timedelta(seconds=SENDER_STALE_SECONDS)))
    sent = 0
    for message in due.order_by("id")[:RELAY_BATCH]:
        claimed = OutboxMessage.objects.filter(pk=message.pk, sending_since=message.sending_since).update(
            sending_since=now, attempts=F("attempts") + 1)
        if not claimed:
            continue
        if not _publish(message):
            break  # the broker is still down: the next run tries again
        sent += 1
    return sent, OutboxMessage.objects.count()
