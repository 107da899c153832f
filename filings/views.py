"""Pages of filings: the operator's wizard and list, the reviewer's queue, the filing page and decisions.

Every object comes from `Filing.objects.visible_to(user)` (404 outside it); every action calls a
service in filings/services.py, whose refusals are shown as messages without losing what was typed.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import AuditEvent
from accounts.policy import can
from core.dates import bounds as date_bounds
from core.files import private_file_response, wants_inline
from core.models import Holiday
from core.pagination import CountCachingPaginator
from core.text import enumeration
from institutions.models import FilingState, Institution
from regions.models import Region
from regions.selectors import code_prefixes, regions_by_code
from standards.selectors import standards_for

from . import personal_data, services, steps
from .filters import ORDERINGS, FilingFilter
from .forms import DecisionForm, DeregisterForm, DocumentUploadForm, HolidayForm
from .models import (
    DocumentType,
    Filing,
    FilingDecisionAction,
    FilingDocument,
    FilingEvent,
    FilingKind,
    FilingStatus,
)
from .permissions import can_edit, can_review, deregisters_directly, is_filing_operator
from .prechecks import DOC_EN, document_choices, provincial_documents, required_documents
from .sla import ACCEPT_KEY, DECIDE_KEY, sla_for

PAGE_SIZE = 20


def _filing(request, pk: int) -> Filing:
    return get_object_or_404(Filing.objects.visible_to(request.user).with_related(), pk=pk)


def queue_rows(filings: list) -> list:
    """The queue's display values, each label translated once per page instead of once per row (a queue page
    renders 20 rows of 8 columns; list pages at national scale, issue 12 point 14)."""
    kinds = {value: str(label) for value, label in FilingKind.choices}
    statuses = {value: str(label) for value, label in FilingStatus.choices}
    for filing in filings:
        filing.kind_label = kinds.get(filing.kind, filing.kind)
        filing.status_label = statuses.get(filing.status, filing.status)
        filing.submitted_text = (timezone.localtime(filing.submitted_at).strftime("%Y-%m-%d %H:%M")
                                 if filing.submitted_at else "—")
        filing.accept_due_text = filing.accept_due.isoformat() if filing.accept_due else "—"
        filing.decide_due_text = filing.decide_due.isoformat() if filing.decide_due else "—"
    return filings


def counties_attach(filings: list) -> list:
    """Each filing's county, from the regions cache (one shared-cache read a page, no join)."""
    counties = regions_by_code(filing.county_id for filing in filings)
    for filing in filings:
        if filing.county_id in counties:
            Filing.county.field.set_cached_value(filing, counties[filing.county_id])
    return filings


def sla_rows(filings, today):
    """Annotate each filing with its review deadlines (filings.sla, shared with the morning reminders)."""
    for sla in sla_for(filings, today):
        filing = sla.filing
        filing.accept_due, filing.decide_due = sla.accept_due, sla.decide_due
        filing.working_days, filing.overdue, filing.due_soon = sla.working_days_elapsed, sla.overdue, sla.due_soon
    return filings


# --- lists -----------------------------------------------------------------------------------------

QUEUE_FIELDS = ("id", "kind", "status", "name", "credit_code", "county_id", "submitted_at", "accepted_at",
                "decided_at")


@login_required
def filing_list(request):
    """Operators: their filings and institutions. Staff: the review queue of their scope."""
    user = request.user
    if user.is_operator:
        filings = Filing.objects.visible_to(user).with_related().order_by("-updated_at", "-id")
        institutions = (Institution.objects.visible_to(user).filter(filing_state=FilingState.FILED)
                        .select_related("region").order_by("name"))
        open_by_institution = set(Filing.objects.visible_to(user).filter(
            status__in=[FilingStatus.DRAFT, FilingStatus.SUBMITTED, FilingStatus.RETURNED],
            institution__isnull=False).values_list("institution_id", flat=True))
        page_obj = CountCachingPaginator(filings, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "filings/operator_list.html", {
            "page_obj": page_obj, "institutions": institutions, "open_by_institution": open_by_institution,
            "nav": "filings",
        })
    if user.scope_code is None:
        raise PermissionDenied
    # Only what the queue shows and its deadlines need: the wizard data (kilobytes a filing), the institution and
    # the applicant stay in the database, and the counties come from the regions cache rather than a join (list
    # pages at national scale, issue 12 point 14).
    filings = Filing.objects.visible_to(user).only(*QUEUE_FIELDS) \
        .order_by(*ORDERINGS["submitted_at"])
    # The API's FilterSet (filings/filters.py); the queue opens on the filings awaiting review, oldest first.
    filterset = FilingFilter(request.GET or {"status": FilingStatus.SUBMITTED, "ordering": "submitted_at"},
                             queryset=filings)
    filterset.form.fields["status"].choices = [choice for choice in filterset.form.fields["status"].choices
                                               if choice[0] != FilingStatus.DRAFT]  # a draft is never in review
    filings = filterset.qs if filterset.is_valid() else filings.none()
    page_obj = CountCachingPaginator(filings, PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = queue_rows(sla_rows(counties_attach(list(page_obj.object_list)), timezone.localdate()))
    rules = standards_for((user.scope_code or "")[:2])  # the deadlines of the reviewer's province
    return render(request, "filings/queue.html", {
        "page_obj": page_obj, "form": filterset.form, "nav": "filings",
        "accept_days": rules[ACCEPT_KEY], "decide_days": rules[DECIDE_KEY],
    })


@login_required
@require_POST
def filing_new(request):
    if not can(request.user, "filing.start"):
        raise PermissionDenied
    try:
        filing = services.filing_start_new(by=request.user)
    except services.FilingActionError as error:
        messages.error(request, error.message)
        return redirect("filings:list")
    return redirect("filings:step", pk=filing.pk, step="entity")


# --- the wizard ------------------------------------------------------------------------------------

def _latest_return(filing: Filing) -> FilingEvent | None:
    return filing.events.filter(action=FilingDecisionAction.RETURN).order_by("-at", "-id").first()


def _step_checks(checks, step_key: str) -> list:
    """The pre-check failures of one step, less "incomplete" (the step's own form errors say that)."""
    return [c for c in checks if c.step == step_key and c.rule != "step.incomplete"]


def _step_context(filing: Filing, step_key: str, checks=None):
    """The wizard's step pills: ✓ only for a step that is complete and breaks no national standard."""
    checks = services.filing_prechecks(filing) if checks is None else checks
    breached = {c.step for c in checks if c.blocking and c.rule != "step.incomplete"}
    steps_status = []
    for step in steps.STEPS:
        if step.key in steps.FORM_STEPS:
            stored = filing.data.get(step.key)
            state = "todo" if stored is None else (
                "done" if steps.step_is_valid(step.key, stored) and step.key not in breached else "error")
        elif step.key == "documents":
            state = ("error" if step.key in breached else "done") if filing.documents.exists() else "todo"
        else:
            state = ""
        steps_status.append({"step": step, "state": state, "current": step.key == step_key})
    return steps_status


def _attach_checks(form, formset, checks) -> None:
    """Show each blocking breach under the field it concerns ("premises.highest_care_floor",
    "service.rows.0.capacity"), as a form error (the forms must be bound and validated)."""
    for check in checks:
        if not check.blocking:
            continue
        parts = check.field.split(".")
        if len(parts) == 2 and form is not None and form.is_bound and parts[1] in form.fields:
            form.add_error(parts[1], check.message)
        elif len(parts) == 4 and parts[1] == "rows" and formset is not None and formset.is_bound:
            index = int(parts[2]) if parts[2].isdigit() else -1
            if 0 <= index < len(formset.forms) and parts[3] in formset.forms[index].fields:
                formset.forms[index].add_error(parts[3], check.message)


def _neighbour(step_key: str, offset: int) -> str | None:
    index = steps.STEP_KEYS.index(step_key) + offset
    return steps.STEP_KEYS[index] if 0 <= index < len(steps.STEP_KEYS) else None


@login_required
@require_http_methods(["GET", "POST"])
def filing_step(request, pk: int, step: str):
    filing = _filing(request, pk)
    if step not in steps.STEP_BY_KEY:
        raise Http404
    if not can_edit(request.user, filing):
        return redirect("filings:detail", pk=filing.pk)
    if request.method == "POST" and step in steps.FORM_STEPS:
        values = steps.values_from_post(step, request.POST)
        try:
            filing = services.filing_save_step(filing=filing, step=step, values=values, by=request.user)
        except services.FilingActionError as error:
            messages.error(request, error.message)
            return redirect("filings:detail", pk=filing.pk)
        target = request.POST.get("goto") or ""
        if target == "add_row":
            return redirect(reverse("filings:step", args=[filing.pk, step]) + "?rows=3#rows")
        if target in steps.STEP_BY_KEY:
            valid = steps.step_is_valid(step, values)
            # The step's national standards are checked when it is saved, not first at step 6: "save and next" stays
            # on a step that breaks one (the draft is saved; the other steps stay reachable from the pills).
            breaches = [c for c in _step_checks(services.filing_prechecks(filing), step) if c.blocking] if valid else []
            if (valid and not breaches) or target != _neighbour(step, 1):
                return redirect("filings:step", pk=filing.pk, step=target)
            if breaches:
                messages.warning(request, ngettext(
                    "已保存为草稿。本页有 %(count)d 项不符合备案标准，请按字段下方的提示修改后再继续。",
                    "已保存为草稿。本页有 %(count)d 项不符合备案标准，请按字段下方的提示修改后再继续。",
                    len(breaches)) % {"count": len(breaches)})
            else:
                messages.warning(request, _("本页有需要修改的内容，已保存为草稿。"))
        else:
            messages.success(request, _("已保存草稿。"))
        return redirect("filings:step", pk=filing.pk, step=step)
    checks = services.filing_prechecks(filing)
    context = {
        "filing": filing, "step": steps.STEP_BY_KEY[step], "steps": _step_context(filing, step, checks),
        "previous": _neighbour(step, -1), "next": _neighbour(step, 1), "nav": "filings",
        "form_steps": step in steps.FORM_STEPS,
    }
    returned = _latest_return(filing) if filing.status == FilingStatus.RETURNED else None
    comments = returned.comments if returned else {}
    context["returned"] = returned
    context["comments"] = {key.split(".", 1)[1]: text for key, text in comments.items()
                           if key.startswith(step + ".")}
    if step in steps.FORM_STEPS:
        stored = filing.data.get(step)
        try:
            extra = max(0, min(int(request.GET.get("rows", 0)), 5))
        except ValueError:
            extra = 0
        if stored is None or not (stored.get("rows") if step in ("service", "staff") else True):
            extra = max(extra, 3 if step in ("service", "staff") else 0)
        form, formset = steps.bind(step, stored, extra_rows=extra)
        if stored is not None and form is not None:
            form.is_valid()
        if stored is not None and formset is not None and formset.is_bound:
            formset.is_valid()
        context["checks"] = _step_checks(checks, step)
        _attach_checks(form, formset, context["checks"])
        context.update(form=form, formset=formset)
        return render(request, f"filings/step_{step}.html", context)
    if step == "documents":
        # Missing materials are marked in the page's table; what else breaks a rule (an expired document) is listed.
        context["checks"] = [c for c in _step_checks(checks, step) if c.rule != "document.missing"]
        return _documents_page(request, filing, context)
    context.update(checks=checks, blocking=[c for c in checks if c.blocking], answers=_answers(filing),
                   diff=_diff_rows(filing) if filing.kind == FilingKind.CHANGE else [])
    return render(request, "filings/step_review.html", context)


def _documents_page(request, filing, context, form=None):
    service = filing.data.get("service") or {}
    meals = service.get("meals_served") == "yes"
    today = timezone.localdate()
    choices = document_choices(filing, today)  # national types and the province's additions in force
    extra = [row.code for row in provincial_documents(filing, today)]
    required = required_documents(meals, extra) if filing.kind == FilingKind.NEW else []
    current = {d.doc_type: d for d in filing.documents.current().select_related("uploaded_by")}
    history = filing.documents.filter(superseded_at__isnull=False).order_by("-superseded_at")
    rows = [{"type": value, "label": label, "required": value in required, "document": current.get(value),
             "label_en": DOC_EN.get(value, ""), "provincial": value in extra} for value, label in choices]
    missing = [row["type"] for row in rows if row["required"] and row["document"] is None]
    # The next missing material is preselected, so that uploading them in order is one click each.
    upload_form = form or DocumentUploadForm(initial={"doc_type": missing[0] if missing else DocumentType.OTHER},
                                             choices=choices)
    context.update(rows=rows, history=history, upload_form=upload_form, meals=meals)
    return render(request, "filings/step_documents.html", context, status=400 if form is not None else 200)


@login_required
@require_POST
def document_upload(request, pk: int):
    filing = _filing(request, pk)
    if not can_edit(request.user, filing):
        raise Http404
    form = DocumentUploadForm(request.POST, request.FILES,
                              choices=document_choices(filing, timezone.localdate()))
    if form.is_valid():
        try:
            services.filing_document_upload(filing=filing, doc_type=form.cleaned_data["doc_type"],
                                            upload=form.cleaned_data["file"], by=request.user,
                                            valid_until=form.cleaned_data["valid_until"])
        except ValidationError as error:
            form.add_error("file", error)
        except services.FilingActionError as error:
            messages.error(request, error.message)
            return redirect("filings:detail", pk=filing.pk)
        else:
            messages.success(request, _("材料已上传。"))
            return redirect("filings:step", pk=filing.pk, step="documents")
    context = {"filing": filing, "step": steps.STEP_BY_KEY["documents"],
               "steps": _step_context(filing, "documents"), "previous": "staff", "next": "review", "nav": "filings",
               "comments": {}, "returned": None}
    return _documents_page(request, filing, context, form=form)


@login_required
def document_download(request, pk: int, doc_id: int):
    """Documents are private: served only here, to users who can see the filing."""
    filing = _filing(request, pk)
    document = get_object_or_404(FilingDocument.objects.filter(filing=filing), pk=doc_id)
    if not personal_data.may_open_document(request.user, filing, document.doc_type):
        raise PermissionDenied  # staff certificates: personal data (docs/security.md)
    # ?inline=1 opens a PDF or an image in the browser's own viewer (a new tab from the materials table).
    return private_file_response(request, document.file, name=document.original_name,
                                 content_type=document.content_type, obj=document,
                                 region_code=filing.county_id or "", inline=wants_inline(request))


@login_required
@require_POST
def filing_submit(request, pk: int):
    filing = _filing(request, pk)
    if not can_edit(request.user, filing):
        raise Http404
    try:
        services.filing_submit(filing=filing, by=request.user)
    except services.FilingActionError as error:
        messages.error(request, error.message)
        return redirect("filings:step", pk=filing.pk, step="review")
    messages.success(request, _("已提交，请等待县级卫生健康部门审核。"))
    return redirect("filings:detail", pk=filing.pk)


@login_required
@require_POST
def filing_withdraw(request, pk: int):
    filing = _filing(request, pk)
    if not is_filing_operator(request.user, filing):
        raise Http404
    try:
        filing = services.filing_withdraw(filing=filing, by=request.user)
    except services.FilingActionError as error:
        messages.error(request, error.message)
        return redirect("filings:detail", pk=filing.pk)
    if filing.status == FilingStatus.DRAFT:
        messages.success(request, _("已撤回，备案申请回到草稿，修改后可重新提交。"))
        return redirect("filings:step", pk=filing.pk, step="review")
    messages.success(request, _("已撤回注销申请。"))
    return redirect("filings:detail", pk=filing.pk)


# --- the filing page and decisions -----------------------------------------------------------------

def _answers(filing: Filing, data: dict | None = None) -> list[dict]:
    """The answers of every step with their labels, for the review page and the filing page (`data`: the
    answers to show, e.g. with personal data masked; the filing's own by default)."""
    data = filing.data if data is None else data
    sections = []
    for key in steps.FORM_STEPS:
        stored = data.get(key)
        form, formset = steps.bind(key, stored) if stored is not None else (None, None)
        fields, rows = [], []
        if form is not None:
            form.is_valid()
            for name, field in form.fields.items():
                fields.append({"key": f"{key}.{name}", "label": field.label,
                               "value": _display(form, name, stored.get(name))})
        if formset is not None and stored is not None:
            formset.is_valid()
            rows = [[_display(f, name, row.get(name)) for name in f.fields] for f, row in
                    zip(formset.forms, stored.get("rows") or [], strict=False)]
        sections.append({"key": key, "title": steps.STEP_BY_KEY[key].title, "fields": fields, "rows": rows,
                         "totals": _class_totals(stored.get("rows")) if key == "service" and stored else None,
                         "row_labels": [f.label for f in formset.form.base_fields.values()] if formset else [],
                         "missing": stored is None})
    return sections


def _number(value) -> int:
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() else 0


def _class_totals(rows) -> dict | None:
    """The totals under the class table: classes, slots (托位 = the sum of the classes' approved sizes),
    children enrolled and caregivers, as typed (a value that is not a number counts 0)."""
    rows = rows or []
    if not rows:
        return None
    return {"classes": len(rows), "slots": sum(_number(r.get("capacity")) for r in rows),
            "enrolled": sum(_number(r.get("enrolled")) for r in rows),
            "caregivers": sum(_number(r.get("caregivers")) for r in rows)}


def _region_names(code: str) -> str:
    """'河北省 石家庄市 长安区' for a code, in one query."""
    names = dict(Region.objects.filter(code__in=code_prefixes(code)).values_list("code", "name"))
    return " ".join(names[c] for c in code_prefixes(code) if c in names) or code


def _display(form, name, raw):
    field = form.fields[name]
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(raw, list):
        return enumeration(choices.get(v, v) for v in raw)
    if name == "region" and raw:
        return _region_names(raw)
    return str(choices.get(raw, raw)) if raw not in (None, "") else ""


def _rows_summary(step: str, rows) -> str:
    rows = rows or []
    if step == "service":
        slots = sum(_number(r.get("capacity")) for r in rows)
        lines = "；".join(f"{r.get('name')} {r.get('capacity')}/{r.get('enrolled')}/{r.get('caregivers')}" for r in rows)
        return _("%(n)s 个班级，托位 %(slots)s（%(lines)s）") % {"n": len(rows), "slots": slots, "lines": lines}
    return _("%(n)s 人：%(names)s") % {"n": len(rows), "names": enumeration(r.get("name", "") for r in rows)}


def _diff_rows(filing: Filing, *, masked: bool = False) -> list[dict]:
    """The change filing's differences with labels and displayed values, for the reviewer (personal values
    masked when `masked`)."""
    result = []
    for row in services.filing_diff(filing):
        step, field = row["step"], row["field"]
        if masked:
            row = {**row, **{side: personal_data.masked_data({step: (
                {field: row[side]} if field != "rows" else {"rows": row[side]})})[step].get(field)
                for side in ("before", "after")}}
        if field == "rows":
            label = _("班级") if step == "service" else _("工作人员名单")
            before, after = _rows_summary(step, row["before"]), _rows_summary(step, row["after"])
        else:
            form, _formset = steps.bind(step, None)
            if form is None or field not in form.fields:
                continue
            label = form.fields[field].label
            before, after = _display(form, field, row["before"]), _display(form, field, row["after"])
        result.append({"label": f"{steps.STEP_BY_KEY[step].title} · {label}", "before_display": before,
                       "after_display": after})
    return result


@login_required
def filing_detail(request, pk: int):
    filing = _filing(request, pk)
    return render(request, "filings/detail.html", _detail_context(request, filing))


def _detail_context(request, filing: Filing, decision_form: DecisionForm | None = None) -> dict:
    user = request.user
    personal = personal_data.access(user, filing)
    revealed = personal == personal_data.MASKED and request.GET.get("reveal") == "1"
    if revealed:
        personal_data.reveal_record(user=user, filing=filing, where="page")
    masked = personal != personal_data.FULL and not revealed
    shown = personal_data.masked_data(filing.data) if masked else filing.data
    context = {
        "filing": filing, "nav": "filings", "today": timezone.localdate(), "events": filing.events.select_related("by"),
        "documents": filing.documents.current().select_related("uploaded_by"),
        "personal": personal, "personal_masked": masked, "personal_documents": personal_data.PERSONAL_DOCUMENTS,
        "answers": _answers(filing, shown),
        "diff": _diff_rows(filing, masked=masked) if filing.kind == FilingKind.CHANGE else [],
        "returned": _latest_return(filing) if filing.status == FilingStatus.RETURNED else None,
    }
    if filing.kind != FilingKind.DEREGISTER:
        context["checks"] = services.filing_prechecks(filing)
    if can(user, "filing.audit_read", filing):
        context["audit"] = (AuditEvent.objects.filter(object_type="filings.filing", object_id=str(filing.pk))
                            .select_related("actor").order_by("at", "id"))
        sla_rows([filing], timezone.localdate())
    if can(user, "filing.decide", filing):
        context["decision_form"] = decision_form or DecisionForm(initial={"on": timezone.localdate()})
    return context


@login_required
@require_POST
def filing_decide(request, pk: int):
    filing = _filing(request, pk)
    user = request.user
    if not can_review(user, filing):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        # The page again with the errors at their fields, keeping what the reviewer typed.
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
        return render(request, "filings/detail.html", _detail_context(request, filing, form), status=400)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    try:
        if action == "accept":
            services.filing_accept(filing=filing, by=user)
            messages.success(request, _("已受理。"))
        elif action == "approve":
            filing = services.filing_approve(filing=filing, by=user, on=form.cleaned_data["on"] or None)
            if filing.kind == FilingKind.DEREGISTER:
                institution = Institution.objects.get(pk=filing.institution_id)
                on = institution.deregistered_on
                message = (_("已同意注销：%(name)s 将于 %(date)s 起注销备案。") if on > timezone.localdate()
                           else _("已同意注销：%(name)s 已于 %(date)s 注销备案。"))
                messages.success(request, message % {"name": institution.name, "date": on.isoformat()})
            else:
                messages.success(request, _("已通过，备案编号 %(n)s。") % {"n": filing.filing_number})
        elif action == "return":
            services.filing_return(filing=filing, by=user, reason=reason, comments=form.comments())
            messages.success(request, _("已退回补正，举办者将看到您的意见。"))
        else:
            services.filing_reject(filing=filing, by=user, reason=reason)
            messages.success(request, _("已作出不予备案决定。"))
    except services.FilingActionError as error:
        messages.error(request, error.message)
        for check in error.checks:
            messages.error(request, check.message)
        # The page again, keeping what the reviewer typed (a refusal writes nothing).
        filing = _filing(request, filing.pk)
        return render(request, "filings/detail.html", _detail_context(request, filing, form), status=409)
    return redirect("filings:detail", pk=filing.pk)


# --- change filings and deregistration ------------------------------------------------------------

@login_required
@require_POST
def institution_change(request, institution_pk: int):
    institution = get_object_or_404(Institution.objects.visible_to(request.user), pk=institution_pk)
    if not can(request.user, "filing.start", institution):
        raise PermissionDenied
    try:
        filing = services.filing_start_change(institution=institution, by=request.user)
    except services.FilingActionError as error:
        messages.error(request, error.message)
        return redirect("filings:list")
    return redirect("filings:step", pk=filing.pk, step="entity")


@login_required
@require_http_methods(["GET", "POST"])
def institution_deregister(request, institution_pk: int):
    """Operators request deregistration (reviewed like a filing); reviewers and admins deregister directly."""
    from institutions.services import institution_deregister as deregister_now

    institution = get_object_or_404(Institution.objects.visible_to(request.user), pk=institution_pk,
                                    filing_state=FilingState.FILED)
    user = request.user
    if not can(user, "institution.deregister", institution):
        raise PermissionDenied
    direct = deregisters_directly(user)
    form = DeregisterForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        on, reason = form.cleaned_data["on"], form.cleaned_data["reason"]
        if institution.filed_on and on < institution.filed_on:
            form.add_error("on", services.MSG_DEREGISTER_DATE.format(filed=institution.filed_on.isoformat()))
        elif direct:
            deregister_now(institution=institution, on=on, reason=reason, by=user)
            messages.success(request, _("机构已注销。"))
            return redirect("institutions:staff_detail", pk=institution.pk)
        else:
            try:
                filing = services.filing_request_deregistration(institution=institution, by=user, on=on,
                                                                reason=reason)
            except services.FilingActionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("注销申请已提交，请等待审核。"))
                return redirect("filings:detail", pk=filing.pk)
    return render(request, "filings/deregister.html", {"institution": institution, "form": form, "direct": direct,
                                                       "nav": "filings"})


# --- the working-day calendar ----------------------------------------------------------------------

MSG_HOLIDAY_YEAR = gettext_lazy("年份须为 {low} 至 {high} 之间的整数")
MSG_HOLIDAY_ID = gettext_lazy("要删除的节假日编号无效")

@login_required
@require_http_methods(["GET", "POST"])
def holiday_list(request):
    """Holidays and weekend workdays that the review deadlines skip or count; staff read, national admins edit."""
    from .holidays import holiday_delete, holiday_save

    user = request.user
    if user.is_operator or user.scope_code is None:
        raise PermissionDenied
    editable = can(user, "holiday.edit")
    form = HolidayForm()
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if request.POST.get("delete"):
            holiday_id = request.POST["delete"]
            if not holiday_id.isdigit() or len(holiday_id) > 18:
                return HttpResponseBadRequest(str(MSG_HOLIDAY_ID))
            holiday = get_object_or_404(Holiday, pk=int(holiday_id))
            holiday_delete(holiday=holiday, by=user)
            messages.success(request, _("已删除。"))
            return redirect(f"{reverse('filings:holidays')}?year={holiday.date.year}")
        form = HolidayForm(request.POST)
        if form.is_valid():
            holiday = holiday_save(by=user, **form.cleaned_data)
            messages.success(request, _("已保存。"))
            return redirect(f"{reverse('filings:holidays')}?year={holiday.date.year}")
    low, high = date_bounds("programme")
    raw_year = request.GET.get("year") or str(timezone.localdate().year)
    if not raw_year.isdigit() or not low.year <= int(raw_year) <= high.year:
        return HttpResponseBadRequest(MSG_HOLIDAY_YEAR.format(low=low.year, high=high.year))
    year = int(raw_year)
    holidays = Holiday.objects.filter(date__year=year).order_by("date")
    years = sorted({d.year for d in Holiday.objects.dates("date", "year")} | {timezone.localdate().year, year})
    return render(request, "filings/holidays.html", {
        "holidays": holidays, "form": form, "editable": editable, "year": year, "years": years, "nav": "filings",
    }, status=400 if form.is_bound else 200)
