"""Side effects queued after commit survive a broker outage (core/outbox.py)."""
import time
from contextlib import contextmanager

import pytest
from celery import current_app
from django.urls import reverse
from kombu.exceptions import OperationalError

from complaints.models import Complaint
from core import outbox
from core.models import OutboxMessage
from core.tasks import relay_outbox
from notifications.models import Notification

NEW = reverse("complaints:new")
DONE = reverse("complaints:submitted")
COMPLAINT = {"category": "safety", "description": "午睡室没有人看护，孩子哭了很久。", "contact_name": "",
             "contact_phone": "", "website": ""}


@contextmanager
def with_broker(*, eager: bool = False):
    conf = current_app.conf
    before = conf.task_always_eager
    conf.task_always_eager = eager
    try:
        yield
    finally:
        conf.task_always_eager = before


@pytest.fixture
def refused(monkeypatch):
    """A broker that refuses every message, as a stopped Redis does (connection refused)."""
    sent = []

    def send_task(name, args=None, kwargs=None, **options):
        if refused.down:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")
        sent.append((name, list(args or []), dict(kwargs or {})))

    refused.down = True
    refused.sent = sent
    monkeypatch.setattr(current_app, "send_task", send_task)
    return refused


@pytest.mark.django_db
def test_a_complaint_with_the_broker_down_succeeds_and_is_relayed_later(
        client, institutions, refused, django_capture_on_commit_callbacks):
    with with_broker(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, {**COMPLAINT, "institution": institutions["a"].pk})
    assert response.status_code == 302 and response["Location"] == DONE
    complaint = Complaint.objects.get()
    assert complaint.tracking_number in client.get(DONE).content.decode()
    message = OutboxMessage.objects.get()
    assert message.task_name == "complaints.tasks.complaint_received_notify" and message.args == [complaint.pk]
    assert "Connection refused" in message.last_error and message.sending_since is None
    # Still down: the relay keeps it; back up: the relay sends it once and deletes it.
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=message.created_at.replace(year=2025))
    with with_broker():
        assert relay_outbox() == 0 and OutboxMessage.objects.count() == 1
        refused.down = False
        assert relay_outbox() == 1
        assert relay_outbox() == 0
    assert refused.sent == [("complaints.tasks.complaint_received_notify", [complaint.pk], {})]
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_a_message_sent_after_commit_leaves_no_row(institutions, refused, django_capture_on_commit_callbacks, client):
    refused.down = False
    with with_broker(), django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, {**COMPLAINT, "institution": institutions["a"].pk})
    assert len(refused.sent) == 1 and not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_a_rolled_back_transaction_sends_nothing(refused, django_capture_on_commit_callbacks):
    from django.db import transaction

    refused.down = False
    with with_broker(), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox.enqueue(relay_outbox)
            raise RuntimeError("the change failed")
    assert refused.sent == [] and not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_the_relay_leaves_fresh_messages_to_their_sender_and_takes_back_stuck_ones(refused):
    from datetime import timedelta

    from django.utils import timezone

    refused.down = False
    now = timezone.now()
    fresh = OutboxMessage.objects.create(task_name="core.tasks.relay_outbox")
    OutboxMessage.objects.create(task_name="core.tasks.relay_outbox", sending_since=now - timedelta(minutes=10))
    busy = OutboxMessage.objects.create(task_name="core.tasks.relay_outbox", sending_since=now - timedelta(seconds=5))
    with with_broker():
        assert relay_outbox() == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {fresh.pk, busy.pk}
    assert outbox.send(busy.pk) is False  # another sender holds it


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_broker_down_then_back_the_real_worker_does_the_work(celery_worker, institutions, users, client):
    """The web process's broker is unreachable (a closed port): the complaint is taken; once the broker is back,
    the relay sends the notification task to the real worker, which notifies the county's inspector."""
    app = current_app
    real_url = app.conf.broker_url

    def point_producer_at(url):
        from kombu import pools

        app.conf.broker_url = url
        app.conf.broker_write_url = url
        pools.reset()  # closes and forgets every connection and producer pool
        app._pool = None
        app.amqp._producer_pool = None

    point_producer_at("redis://127.0.0.1:6399/0")  # nothing listens there
    try:
        started = time.monotonic()
        response = client.post(NEW, {**COMPLAINT, "institution": institutions["a"].pk})
        assert response.status_code == 302 and time.monotonic() - started < 10
    finally:
        point_producer_at(real_url)
    complaint = Complaint.objects.get()
    assert OutboxMessage.objects.count() == 1
    assert not Notification.objects.filter(recipient=users["inspector_a"]).exists()
    OutboxMessage.objects.update(created_at=OutboxMessage.objects.get().created_at.replace(year=2025))
    assert relay_outbox() == 1
    deadline = time.monotonic() + 30
    while not Notification.objects.filter(recipient=users["inspector_a"]).exists():
        assert time.monotonic() < deadline, "the worker did not notify the inspector"
        time.sleep(0.3)
    assert complaint.tracking_number
