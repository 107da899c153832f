"""Who hears about a rectification order and what they are told. Operators are told in the name of the county's
health commission (no inspector names); the inspector who issued the order hears of evidence and overdue orders.
Every notice has a dedupe key, so sending twice sends nothing twice."""
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from core.stored_text import Message
from notifications.services import notification_send
from regions.selectors import code_prefixes

from .models import OrderAction, OrderStatus, RectificationEvent, RectificationOrder

KIND_ISSUED = "rectification.issued"
KIND_ANSWERED = "rectification.answered"
KIND_ACCEPTED = "rectification.accepted"
KIND_REJECTED = "rectification.rejected"
KIND_OVERDUE = "rectification.overdue"


def order_url(order_id: int) -> str:
    return reverse("inspections:order_detail", args=[order_id])


def operators_of(order: RectificationOrder):
    return User.objects.filter(operated_institutions=order.institution_id, is_active=True)


def inspectors_of(order: RectificationOrder):
    """The inspector who issued the order; when that account is gone, the inspectors covering the county."""
    if order.issued_by_id and order.issued_by.is_active:
        return User.objects.filter(pk=order.issued_by_id)
    prefixes = code_prefixes(order.institution.region_id)
    return User.objects.filter(Q(region_id__in=prefixes), role=Role.INSPECTOR, is_active=True)


def _values(order: RectificationOrder) -> dict:
    return {"name": order.institution.name, "deadline": order.deadline.isoformat(), "number": order.pk,
            "count": order.findings.count()}


def notify_event(order_id: int, event_id: int) -> int:
    """Tell the other side of an order's event; returns how many were told."""
    event = (RectificationEvent.objects.filter(pk=event_id, order_id=order_id)
             .select_related("order__institution", "order__issued_by").first())
    if event is None:
        return 0
    order = event.order
    values = _values(order) | {"reason": event.reason or "—"}
    if event.action == OrderAction.ISSUE:
        recipients, kind = operators_of(order), KIND_ISSUED
        title = Message(gettext_lazy("收到整改通知：%(name)s"), **values)
        body = Message(gettext_lazy("县级卫生健康部门在检查中发现%(count)d项问题，请于%(deadline)s前完成整改并提交整改材料。"), **values)
    elif event.action == OrderAction.ANSWER:
        recipients, kind = inspectors_of(order), KIND_ANSWERED
        title = Message(gettext_lazy("整改材料待核验：%(name)s"), **values)
        body = Message(gettext_lazy("整改通知#%(number)s已提交整改材料，请核验。"), **values)
    elif event.action == OrderAction.ACCEPT:
        recipients, kind = operators_of(order), KIND_ACCEPTED
        title = Message(gettext_lazy("整改已通过核验：%(name)s"), **values)
        body = Message(gettext_lazy("整改通知#%(number)s的整改材料已核验通过。"), **values)
    elif event.action == OrderAction.REJECT:
        recipients, kind = operators_of(order), KIND_REJECTED
        title = Message(gettext_lazy("整改材料被退回：%(name)s"), **values)
        body = Message(gettext_lazy("退回理由：%(reason)s。请于%(deadline)s前重新整改并提交材料。"), **values)
    else:
        return 0
    count = 0
    for user in recipients:
        notification_send(recipient=user, kind=kind, title=title, body=body, url=order_url(order.pk),
                          dedupe_key=f"rectification:{order.pk}:event:{event.pk}")
        count += 1
    return count


def notify_overdue(order: RectificationOrder) -> int:
    """Tell the inspector and the operators that an order is overdue; keyed by its deadline, so a re-run sends
    nothing and an order overdue again after a new deadline is announced again."""
    if order.status != OrderStatus.OVERDUE:
        return 0
    values = _values(order)
    key = f"rectification:{order.pk}:overdue:{order.deadline.isoformat()}"
    count = 0
    for user in inspectors_of(order):
        notification_send(recipient=user, kind=KIND_OVERDUE, url=order_url(order.pk), dedupe_key=key,
                          title=Message(gettext_lazy("整改通知已逾期：%(name)s"), **values),
                          body=Message(gettext_lazy("整改通知#%(number)s的整改期限为%(deadline)s，机构尚未提交整改材料。可安排复查。"), **values))
        count += 1
    for user in operators_of(order):
        notification_send(recipient=user, kind=KIND_OVERDUE, url=order_url(order.pk), dedupe_key=key,
                          title=Message(gettext_lazy("整改通知已逾期：%(name)s"), **values),
                          body=Message(gettext_lazy("整改期限%(deadline)s已过，请尽快完成整改并提交整改材料。"), **values))
        count += 1
    return count
