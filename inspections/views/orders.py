"""Pages of rectification orders: the list (operators: their institutions' orders), the order with its findings,
evidence and history, the operator's evidence, the inspector's verification and the follow-up visit."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.files import private_file_response, wants_inline
from core.pagination import CountCachingPaginator

from .. import selectors, services
from ..forms import EvidenceForm, FollowUpForm, OrderFilterForm, VerifyForm
from ..models import (
    EvidenceFile,
    OrderStatus,
    RectificationEvent,
    RectificationEvidence,
    RectificationOrder,
    Visit,
    VisitStatus,
)
from ..permissions import can_answer, can_verify, shows_inspector_names

PAGE_SIZE = 20


def _order(request, pk: int) -> RectificationOrder:
    return get_object_or_404(RectificationOrder.objects.visible_to(request.user).with_related()
                             .select_related("visit__template", "institution__region__parent"), pk=pk)


@login_required
def order_list(request):
    user = request.user
    is_operator = user.is_operator
    if not is_operator and user.scope_code is None:
        raise PermissionDenied
    form = OrderFilterForm(request.GET or None)
    orders = selectors.order_list(user).order_by("deadline", "id")
    if form.is_valid() and form.cleaned_data["status"]:
        orders = orders.filter(status=form.cleaned_data["status"])
    page_obj = CountCachingPaginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page_obj, "form": form, "nav": "inspections", "is_operator": is_operator,
               "show_names": shows_inspector_names(user)}
    if is_operator:
        # The operator's page also lists the finished visits of their institutions (results and findings).
        context["visits"] = list(selectors.visit_list(user).order_by("-finished_on", "-id")[:PAGE_SIZE])
    return render(request, "inspections/order_list.html", context)


def _detail_context(request, order: RectificationOrder, **forms) -> dict:
    user = request.user
    evidence = (RectificationEvidence.objects.filter(order=order).select_related("submitted_by")
                .prefetch_related(Prefetch("files", queryset=EvidenceFile.objects.order_by("id"))))
    region = order.institution.region
    context = {
        "order": order, "nav": "inspections", "show_names": shows_inspector_names(user),
        # Orders are issued in the name of the county's health commission (an institution may sit in a township).
        "county_name": region.name if len(region.code) <= 6 else region.parent.name,
        "findings": order.findings.select_related("item", "item__section").order_by("item__section__order",
                                                                                       "item__order"),
        "evidence": evidence, "events": RectificationEvent.objects.filter(order=order).select_related("by"),
        "follow_ups": Visit.objects.filter(follow_up_of=order).order_by("id"),
        "can_answer": can_answer(user, order) and order.awaits_operator,
        "can_verify": can_verify(user, order) and order.status == OrderStatus.ANSWERED,
        "can_follow_up": can_verify(user, order),
    }
    context["follow_up_open"] = any(v.status in (VisitStatus.PLANNED, VisitStatus.IN_PROGRESS)
                                    for v in context["follow_ups"])
    if context["can_answer"]:
        context["evidence_form"] = forms.get("evidence_form") or EvidenceForm()
    if context["can_verify"]:
        context["verify_form"] = forms.get("verify_form") or VerifyForm()
    if context["can_follow_up"]:
        context["follow_up_form"] = forms.get("follow_up_form") or FollowUpForm()
    return context


@login_required
def order_detail(request, pk: int):
    order = _order(request, pk)
    return render(request, "inspections/order_detail.html", _detail_context(request, order))


@login_required
def order_notice(request, pk: int):
    """整改通知书: the order as an A4 document to print, sign and hand over (same scope as the order page)."""
    order = _order(request, pk)
    context = _detail_context(request, order)
    context["findings"] = list(context["findings"])
    return render(request, "inspections/order_notice.html", context)


@login_required
@require_POST
def order_evidence(request, pk: int):
    order = _order(request, pk)
    if not can_answer(request.user, order):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.rectification_answer(order=order, by=request.user, text=form.cleaned_data["text"],
                                          files=form.cleaned_data["files"])
        except services.InspectionActionError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error("files", error)
        else:
            messages.success(request, _("整改材料已提交，请等待核验。"))
            return redirect("inspections:order_detail", pk=order.pk)
    return render(request, "inspections/order_detail.html", _detail_context(request, order, evidence_form=form),
                  status=400)


@login_required
@require_POST
def order_verify(request, pk: int):
    order = _order(request, pk)
    if not can_verify(request.user, order):
        raise PermissionDenied
    form = VerifyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.rectification_verify(order=order, by=request.user, decision=data["decision"],
                                          reason=data["reason"], deadline=data["deadline"])
        except services.InspectionActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已整改通过。") if data["decision"] == services.ACCEPT
                             else _("已退回机构重新整改。"))
            return redirect("inspections:order_detail", pk=order.pk)
    return render(request, "inspections/order_detail.html", _detail_context(request, order, verify_form=form),
                  status=400)


@login_required
@require_POST
def order_follow_up(request, pk: int):
    order = _order(request, pk)
    if not can_verify(request.user, order):
        raise PermissionDenied
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            visit = services.rectification_schedule_follow_up(order=order, by=request.user, on=form.cleaned_data["on"])
        except services.InspectionActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已安排复查。"))
            return redirect("inspections:visit_detail", pk=visit.pk)
    return render(request, "inspections/order_detail.html", _detail_context(request, order, follow_up_form=form),
                  status=400)


@login_required
def evidence_file(request, pk: int, file_id: int):
    """Evidence files are private: served only here, to users who can see the order."""
    order = _order(request, pk)
    stored = get_object_or_404(EvidenceFile.objects.filter(evidence__order=order), pk=file_id)
    return private_file_response(request, stored.file, name=stored.original_name, content_type=stored.content_type,
                                 obj=stored, region_code=order.institution.region_id, inline=wants_inline(request))
