"""Celery tasks of inspections: notices of rectification events and the daily overdue run. They take ids (and
an ISO date), re-read the rows and are idempotent (conditional status change, notices with dedupe keys)."""
import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation


@shared_task(ignore_result=True)
def rectification_event_notify(order_id: int, event_id: int) -> int:
    from . import notify

    with translation.override(settings.LANGUAGE_CODE):
        return notify.notify_event(order_id, event_id)


@shared_task(name="inspections.tasks.mark_overdue_and_notify", ignore_result=True)
def mark_overdue_and_notify(day: str | None = None) -> dict[str, int]:
    """Run daily by celery beat (settings.CELERY_BEAT_SCHEDULE): orders still awaiting the operator after their
    deadline become overdue, and the inspector and operators of every overdue order are told once per deadline.
    `day` (ISO date) for re-runs and tests."""
    from . import notify
    from .models import CAN_GO_OVERDUE, OrderStatus, RectificationOrder
    from .services import rectification_mark_overdue

    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    due = RectificationOrder.objects.filter(status__in=CAN_GO_OVERDUE, deadline__lt=today).values_list("pk", flat=True)
    marked = sum(rectification_mark_overdue(order_id=pk, today=today) for pk in list(due))
    notified = 0
    with translation.override(settings.LANGUAGE_CODE):
        overdue = (RectificationOrder.objects.filter(status=OrderStatus.OVERDUE)
                   .select_related("institution", "issued_by").prefetch_related("findings"))
        for order in overdue:
            notified += notify.notify_overdue(order)
    return {"marked": marked, "notified": notified}
