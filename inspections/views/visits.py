"""Pages of the inspector: the plan of their scope, the visit list, and logging a visit item by item on a phone.

Every object comes from `visible_to(user)` (404 outside it); every write calls a service. Each checklist item is
its own small form: a tap on met / not met / not applicable saves the answer at once and comes back to the item
(without JavaScript, a redirect to the item's anchor; with static/js/inspection-visit.js, a fetch that swaps the
item in place), so a dropped connection loses at most the answer being sent.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import can
from core.files import private_file_response
from core.pagination import CountCachingPaginator
from institutions.models import Institution
from regions.models import Region

from .. import selectors, services
from ..forms import AnswerForm, CancelForm, FinishForm, IssueOrderForm, StartVisitForm, VisitFilterForm
from ..models import (
    AnswerPhoto,
    ChecklistItem,
    Finding,
    RectificationOrder,
    Visit,
    VisitStatus,
)
from ..permissions import can_inspect, can_log, shows_inspector_names
from ..rules import rules_in_force

PAGE_SIZE = 20
PLAN_PAGE_SIZE = 50
SIDE_LIST_LIMIT = 20
# Where a failed answer's message waits for the visit page (no-JS path: the redirect loses the POST).
SESSION_ITEM_ERRORS = "inspections.item_errors"
FETCH_HEADER = "fetch"


def _visit(request, pk: int) -> Visit:
    return get_object_or_404(Visit.objects.visible_to(request.user).with_related(), pk=pk)


def _staff_scope(user) -> str:
    if user.scope_code is None:
        raise PermissionDenied
    return user.scope_code


def _is_fetch(request) -> bool:
    return request.headers.get("X-Requested-With") == FETCH_HEADER


# --- the inspector's page ---------------------------------------------------------------------------

def _selected_region(user, code: str | None) -> Region | None:
    """The region whose plan is shown: the requested one inside the user's scope, else the scope itself."""
    scope = user.scope_code
    code = (code or "").strip()
    if not code or not code.startswith(scope):
        code = scope
    if not code:
        return None
    return Region.objects.filter(code=code).select_related("parent", "parent__parent").first()


@login_required
def home(request):
    """Plan of the region (county level or below), visits under way and orders needing the inspector."""
    user = request.user
    if user.is_operator:
        return redirect("inspections:order_list")
    _staff_scope(user)
    region = _selected_region(user, request.GET.get("region"))
    code = region.code if region else ""
    today = timezone.localdate()
    context = {"nav": "inspections", "region": region, "today": today, "policy": rules_in_force(code, today),
               "can_inspect": can(user, "visit.start")}
    # Breadcrumbs inside the user's scope, and the sub-regions to choose from above county level.
    path = [r for r in _ancestors(region) if r.code.startswith(user.scope_code)] if region else []
    context["path"] = path
    context["children"] = None
    if region is None or len(region.code) < 6:
        context["children"] = Region.objects.filter(parent=region).order_by("code") if region \
            else Region.objects.filter(parent__isnull=True).order_by("code")
    else:
        show = request.GET.get("show", "")
        rows = selectors.inspection_plan(code, today, policy=context["policy"])
        context["counts"] = {status: sum(1 for row in rows if row.status == status)
                             for status in (selectors.OVERDUE, selectors.DUE, selectors.LATER)}
        if show in (selectors.OVERDUE, selectors.DUE):
            rows = [row for row in rows if row.status == show]
        context["show"] = show
        context["page_obj"] = CountCachingPaginator(rows, PLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    visits = (Visit.objects.visible_to(user).with_related()
              .filter(status__in=[VisitStatus.IN_PROGRESS, VisitStatus.PLANNED], institution__region__code__startswith=code)
              .order_by("status", "planned_on", "id"))
    context["open_visits"] = list(visits[:SIDE_LIST_LIMIT])
    context["overdue_orders"] = list(selectors.overdue_orders(user)
                                     .filter(institution__region__code__startswith=code)[:SIDE_LIST_LIMIT])
    context["orders_to_verify"] = list(selectors.orders_to_verify(user)
                                       .filter(institution__region__code__startswith=code)[:SIDE_LIST_LIMIT])
    return render(request, "inspections/home.html", context)


def _ancestors(region: Region) -> list[Region]:
    chain = []
    while region is not None:
        chain.insert(0, region)
        region = region.parent
    return chain


def _filtered_visits(request):
    form = VisitFilterForm(request.GET or None)
    visits = selectors.visit_list(request.user).order_by(F("finished_on").desc(nulls_last=True), "-created_at",
                                                          "-id")
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            visits = visits.filter(status=data["status"])
        if data["type"]:
            visits = visits.filter(type=data["type"])
        if data["q"].strip():
            visits = visits.filter(institution__name__icontains=data["q"].strip())
    return visits, form


@login_required
def visit_list(request):
    user = request.user
    visits, form = _filtered_visits(request)
    page_obj = CountCachingPaginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/visit_list.html", {
        "page_obj": page_obj, "form": form, "nav": "inspections", "show_names": shows_inspector_names(user)})


@login_required
def visit_list_export(request, fmt: str):
    """The visit list with its filters as CSV or XLSX (the user's scope only; at most 5,000 rows)."""
    from ..exports import MAX_LIST_ROWS, table_response, visit_list_rows

    if fmt not in ("csv", "xlsx"):
        raise Http404
    visits = _filtered_visits(request)[0]
    count = visits.count()
    if count > MAX_LIST_ROWS:
        messages.error(request, _("共 %(n)s 条检查记录，超过单次导出上限 %(max)s 条，请按状态、类型或机构缩小范围后再导出。")
                       % {"n": count, "max": MAX_LIST_ROWS})
        return redirect(f"{reverse('inspections:visit_list')}?{request.GET.urlencode()}")
    return table_response(visit_list_rows(visits), fmt=fmt, title=_("检查记录"), bold_rows={0},
                          filename=f"tuoyu-visits-{timezone.localdate():%Y%m%d}")


@login_required
def visit_export(request, pk: int, fmt: str):
    """One visit's record as CSV or XLSX; 404 outside the user's scope, like the visit page."""
    from ..exports import ITEM_HEADER, table_response, visit_record_rows

    if fmt not in ("csv", "xlsx"):
        raise Http404
    visit = _visit(request, pk)
    rows = visit_record_rows(visit, show_names=shows_inspector_names(request.user))
    return table_response(rows, fmt=fmt, title=_("检查记录"), bold_rows={rows.index(ITEM_HEADER)},
                          filename=f"tuoyu-visit-{visit.pk}")


# --- starting a visit -------------------------------------------------------------------------------

@login_required
def visit_start(request, institution_pk: int):
    institution = get_object_or_404(Institution.objects.visible_to(request.user).select_related("region"),
                                    pk=institution_pk)
    if not can_inspect(request.user, institution):
        raise PermissionDenied
    form = StartVisitForm(request.POST or None, institution=institution,
                          initial={"type": request.GET.get("type") or "routine",
                                   "complaint_ref": request.GET.get("complaint_ref", "")[:32]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["when"] == "plan":
                visit = services.visit_plan(institution=institution, type=data["type"], on=data["planned_on"],
                                            by=request.user, template=data["template"],
                                            complaint_ref=data["complaint_ref"], inspectors=list(data["inspectors"]))
                messages.success(request, _("已列入检查计划：%(date)s。") % {"date": visit.planned_on.isoformat()})
            else:
                visit = services.visit_start(institution=institution, type=data["type"], by=request.user,
                                             template=data["template"], complaint_ref=data["complaint_ref"])
                visit.inspectors.add(*data["inspectors"])
        except services.InspectionActionError as error:
            form.add_error(None, error.message)
        else:
            return redirect("inspections:visit_detail", pk=visit.pk)
    return render(request, "inspections/start.html", {"institution": institution, "form": form,
                                                      "nav": "inspections"}, status=400 if form.errors else 200)


@login_required
@require_POST
def visit_begin(request, pk: int):
    visit = _visit(request, pk)
    if not can_log(request.user, visit):
        raise PermissionDenied
    try:
        services.visit_begin(visit=visit, by=request.user)
    except services.InspectionActionError as error:
        messages.error(request, error.message)
    return redirect("inspections:visit_detail", pk=visit.pk)


@login_required
@require_POST
def visit_cancel(request, pk: int):
    visit = _visit(request, pk)
    if not can_log(request.user, visit):
        raise PermissionDenied
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect("inspections:visit_detail", pk=visit.pk)
    try:
        services.visit_cancel(visit=visit, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("已取消该检查。"))
    except services.InspectionActionError as error:
        messages.error(request, error.message)
    return redirect("inspections:visit_detail", pk=visit.pk)


# --- the visit page ---------------------------------------------------------------------------------

def _progress(sections) -> tuple[int, int]:
    total = sum(len(section.item_list) for section in sections)
    return sum(section.answered for section in sections), total


@login_required
def visit_detail(request, pk: int):
    visit = _visit(request, pk)
    user = request.user
    sections = selectors.visit_sections(visit)
    answered, total = _progress(sections)
    item_errors = (request.session.pop(SESSION_ITEM_ERRORS, None) or {}).get(str(visit.pk), {})
    for section in sections:
        for item in section.item_list:
            item.errors = item_errors.get(str(item.pk), [])
    may_log = can_log(user, visit)
    context = {"visit": visit, "sections": sections, "answered": answered, "total": total, "nav": "inspections",
               "can_log": may_log and visit.status == VisitStatus.IN_PROGRESS, "may_log": may_log,
               "saved_item": request.GET.get("saved", ""), "show_names": shows_inspector_names(user),
               "finish_form": FinishForm(), "cancel_form": CancelForm()}
    if shows_inspector_names(user):
        context["inspectors"] = list(visit.inspectors.all())
    if visit.status == VisitStatus.FINISHED:
        findings = list(visit.findings.select_related("item", "item__section", "order"))
        context["findings"] = findings
        context["orders"] = list(RectificationOrder.objects.filter(visit=visit).order_by("issued_at", "id"))
        unordered = [f for f in findings if f.order_id is None]
        if may_log and unordered:
            context["policy"] = rules_in_force(visit.institution.region_id)
            context["issue_form"] = IssueOrderForm(findings=unordered, initial={
                "findings": [str(f.pk) for f in unordered],
                "deadline": services.default_deadline(unordered, region_code=visit.institution.region_id)})
    if visit.follow_up_of_id:
        context["follow_up_of"] = visit.follow_up_of
    return render(request, "inspections/visit.html", context)


def _item_context(visit: Visit, item: ChecklistItem, *, errors=(), saved=False) -> dict:
    answer = (visit.answers.filter(item=item)
              .prefetch_related(Prefetch("photos", queryset=AnswerPhoto.objects.order_by("uploaded_at", "id")))
              .first())
    item.answer, item.errors = answer, list(errors)
    return {"visit": visit, "item": item, "can_log": True, "saved_item": str(item.pk) if saved else "",
            "uses_points": visit.template.uses_points}


@login_required
@require_POST
def visit_answer(request, pk: int, item_id: int):
    """Save one item's answer (result, note, photo). A refused photo does not stop the answer being saved."""
    visit = _visit(request, pk)
    if not can_log(request.user, visit):
        raise PermissionDenied
    item = get_object_or_404(ChecklistItem.objects.select_related("section"), pk=item_id,
                             section__template_id=visit.template_id)
    form = AnswerForm(request.POST, request.FILES)
    form.is_valid()
    errors = {field: list(messages_) for field, messages_ in form.errors.items()}
    photo_errors = errors.pop("photo", [])
    failures = [message for messages_ in errors.values() for message in messages_]
    saved = False
    if not failures:
        data = form.cleaned_data
        photo = data.get("photo") if not photo_errors else None
        try:
            services.visit_answer(visit=visit, item_id=item.pk, by=request.user, result=data.get("result") or None,
                                  note=data.get("note") if "note" in request.POST else None,
                                  photos=[photo] if photo else [])
            saved = True
        except services.InspectionActionError as error:
            failures.append(error.message)
        except ValidationError as error:
            failures.extend(error.messages)
    failures += photo_errors
    if _is_fetch(request):
        visit.refresh_from_db(fields=["status"])
        response = render(request, "inspections/_item.html", _item_context(visit, item, errors=failures, saved=saved),
                          status=400 if failures else 200)
        response["X-Visit-Item"] = str(item.pk)
        response["X-Answered-Count"] = str(visit.answers.count())
        return response
    anchor = f"#item-{item.pk}"
    if failures:
        stored = request.session.get(SESSION_ITEM_ERRORS, {})
        stored.setdefault(str(visit.pk), {})[str(item.pk)] = failures
        request.session[SESSION_ITEM_ERRORS] = stored
        return redirect(reverse("inspections:visit_detail", args=[visit.pk]) + anchor)
    return redirect(reverse("inspections:visit_detail", args=[visit.pk]) + f"?saved={item.pk}{anchor}")


@login_required
@require_POST
def visit_finish(request, pk: int):
    visit = _visit(request, pk)
    if not can_log(request.user, visit):
        raise PermissionDenied
    form = FinishForm(request.POST)
    summary = form.cleaned_data["summary"] if form.is_valid() else ""
    try:
        visit = services.visit_finish(visit=visit, by=request.user, summary=summary)
    except services.InspectionActionError as error:
        messages.error(request, error.message)
        return redirect(reverse("inspections:visit_detail", args=[visit.pk]) + "#finish")
    messages.success(request, _("检查已完成。"))
    return redirect("inspections:visit_detail", pk=visit.pk)


@login_required
def photo_file(request, pk: int, photo_id: int):
    """Photos are private: served only here, to users who can see the visit."""
    visit = _visit(request, pk)
    photo = get_object_or_404(AnswerPhoto.objects.filter(answer__visit=visit), pk=photo_id)
    # Shown in the page as a thumbnail: inline, and kept an hour in the user's own browser cache.
    return private_file_response(request, photo.file, name=photo.original_name, content_type=photo.content_type,
                                 obj=photo, region_code=visit.institution.region_id, inline=True,
                                 cache="private, max-age=3600")


@login_required
@require_POST
def photo_delete(request, pk: int, photo_id: int):
    visit = _visit(request, pk)
    if not can_log(request.user, visit):
        raise PermissionDenied
    photo = get_object_or_404(AnswerPhoto.objects.filter(answer__visit=visit).select_related("answer__visit"),
                              pk=photo_id)
    item_id = photo.answer.item_id
    try:
        services.visit_photo_delete(photo=photo, by=request.user)
    except services.InspectionActionError as error:
        messages.error(request, error.message)
    return redirect(reverse("inspections:visit_detail", args=[visit.pk]) + f"#item-{item_id}")


@login_required
@require_POST
def order_issue(request, pk: int):
    """Issue a rectification order for the chosen findings of a finished visit."""
    visit = _visit(request, pk)
    if not can_log(request.user, visit):
        raise PermissionDenied
    unordered = list(Finding.objects.filter(visit=visit, order__isnull=True).select_related("item"))
    form = IssueOrderForm(request.POST, findings=unordered)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect(reverse("inspections:visit_detail", args=[visit.pk]) + "#issue")
    data = form.cleaned_data
    try:
        order = services.rectification_issue(visit=visit, by=request.user, deadline=data["deadline"],
                                             requirements=data["requirements"], finding_ids=data["findings"] or None)
    except services.InspectionActionError as error:
        messages.error(request, error.message)
        return redirect(reverse("inspections:visit_detail", args=[visit.pk]) + "#issue")
    messages.success(request, _("整改通知已签发，机构将收到通知。"))
    return redirect("inspections:order_detail", pk=order.pk)

