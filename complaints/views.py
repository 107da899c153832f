"""Pages of complaints. Public: the complaint form (no login), the receipt with the tracking number and the
tracking page. Staff: the list with the acknowledgement deadline and the complaint page with its actions.

Staff objects come from `Complaint.objects.visible_to(user)` (404 outside it); every action calls a service
in complaints/services.py. The public pages never show the complainant's contact, internal notes or staff.
"""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import AuditEvent
from core.pagination import CountCachingPaginator
from core.personal import mask_name, mask_phone
from institutions.models import Institution

from . import form_tokens, ratelimit, services
from .filters import ORDERINGS, ComplaintFilter
from .forms import ComplaintActionForm, ComplaintForm, TrackForm
from .models import Complaint
from .permissions import can_act, can_list, can_see_contact
from .selectors import find_by_number, public_status
from .sla import acknowledge_days, sla_for

PAGE_SIZE = 20
SESSION_RECEIPT = "complaint_receipt"
MSG_ALREADY_SENT = (gettext_lazy("这份投诉正在提交，请勿重复点击；稍后可用投诉编号查询"))
MSG_RATE_LIMITED = (gettext_lazy("提交过于频繁，请一小时后再试；紧急情况请直接致电当地卫生健康部门"))
MSG_TRACK_RATE_LIMITED = gettext_lazy("查询过于频繁，请稍后再试")
MSG_TRACK_NOT_FOUND = gettext_lazy("未找到该编号的投诉，请核对后重试")


def today() -> datetime.date:
    return timezone.localdate()


# --- public -----------------------------------------------------------------------------------------

def _named_institution(value) -> Institution | None:
    """The directory institution a complaint names (?institution=<id>); None for anything else."""
    if not str(value or "").isdigit():
        return None
    return Institution.objects.public().select_related("region").filter(pk=int(value)).first()


@require_http_methods(["GET", "POST"])
def complaint_new(request):
    """投诉 form, for anyone without logging in; CSRF-protected like every form of the portal."""
    institution = _named_institution(request.POST.get("institution") or request.GET.get("institution"))
    form = ComplaintForm(request.POST or None, institution=institution)
    status = 200
    token = request.POST.get("form_token", "") if request.method == "POST" else form_tokens.new_token()
    if request.method == "POST":
        status = 400
        already = form_tokens.claim(token)
        if already == form_tokens.PENDING:
            form.add_error(None, MSG_ALREADY_SENT)
        elif already:  # the same form sent twice (a double click): the first complaint's receipt, no second
            request.session[SESSION_RECEIPT] = already
            return redirect("complaints:submitted")
        elif form.is_valid():
            if not ratelimit.hit(request, ratelimit.SUBMIT):
                form.add_error(None, MSG_RATE_LIMITED)
                status = 429
            else:
                data = form.cleaned_data
                try:
                    complaint = services.complaint_submit(
                        category=data["category"], description=data["description"], institution=institution,
                        county=data.get("county"), place=data.get("place", ""),
                        contact_name=data["contact_name"], contact_phone=data["contact_phone"])
                except services.ComplaintActionError as error:
                    form.add_error(None, error.message)
                else:
                    form_tokens.fulfil(token, complaint.tracking_number)
                    request.session[SESSION_RECEIPT] = complaint.tracking_number
                    return redirect("complaints:submitted")
        if already is None:
            form_tokens.release(token)  # refused: the corrected form may use it again
    return render(request, "complaints/new.html", {"form": form, "institution": institution, "form_token": token,
                                                   "nav": "complaint_new",
                                                   "ack_days": acknowledge_days()}, status=status)


def complaint_submitted(request):
    """The receipt, once (POST-redirect-GET): the number is kept in the session, never in a URL."""
    number = request.session.pop(SESSION_RECEIPT, None)
    if not number:
        return redirect("complaints:track")
    county = Complaint.objects.filter(tracking_number=number).values_list("county_id", flat=True).first() or ""
    return render(request, "complaints/submitted.html", {"number": number, "ack_days": acknowledge_days(county)})


@require_http_methods(["GET", "POST"])
def complaint_track(request):
    """查询: the number is posted (not put in the URL, where logs and browser history would keep it)."""
    form = TrackForm(request.POST or None)
    result, status = None, 200
    if request.method == "POST" and form.is_valid():
        if not ratelimit.hit(request, ratelimit.TRACK):
            form.add_error(None, MSG_TRACK_RATE_LIMITED)
            status = 429
        else:
            complaint = find_by_number(form.cleaned_data["number"])
            if complaint is None:
                form.add_error("number", MSG_TRACK_NOT_FOUND)
                status = 404
            else:
                result = public_status(complaint)
    elif request.method == "POST":
        status = 400
    return render(request, "complaints/track.html", {"form": form, "result": result, "nav": "complaint_track"},
                  status=status)


# --- staff ------------------------------------------------------------------------------------------

def _complaint(request, pk: int) -> Complaint:
    return get_object_or_404(Complaint.objects.visible_to(request.user).with_related()
                             .select_related("acknowledged_by", "closed_by"), pk=pk)


def sla_rows(complaints, on: datetime.date):
    """Put each complaint's deadline on it, for the templates (one calendar query for the page)."""
    for sla in sla_for(complaints, on):
        complaint = sla.complaint
        complaint.acknowledge_due, complaint.working_days = sla.acknowledge_due, sla.working_days_elapsed
        complaint.overdue, complaint.due_soon = sla.overdue, sla.due_soon
        complaint.acknowledged_late, complaint.acknowledge_days = sla.acknowledged_late, sla.acknowledge_days
    return complaints


@login_required
def complaint_list(request):
    """投诉处理: the complaints of the user's scope, oldest waiting first, with the 5-working-day deadline."""
    user = request.user
    if not can_list(user):
        raise PermissionDenied
    # The API's FilterSet (complaints/filters.py); the page opens on open complaints, oldest first.
    complaints = Complaint.objects.visible_to(user).with_related().order_by(*ORDERINGS["created_at"])
    on = today()
    filterset = ComplaintFilter(request.GET or {"status": "open", "ordering": "created_at"}, queryset=complaints,
                                today=on)
    complaints = filterset.qs if filterset.is_valid() else complaints.none()
    page_obj = CountCachingPaginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    sla_rows(page_obj.object_list, on)
    return render(request, "complaints/list.html", {
        "page_obj": page_obj, "form": filterset.form, "nav": "complaints",
        "ack_days": acknowledge_days((user.scope_code or "")[:2]),
    })


def _detail_context(request, complaint: Complaint, action_form: ComplaintActionForm | None = None) -> dict:
    user = request.user
    sla_rows([complaint], today())
    show_contact = can_see_contact(user)
    has_contact = bool(complaint.contact_name or complaint.contact_phone)
    revealed = show_contact and has_contact and request.GET.get("reveal") == "1"
    if revealed:
        services.complaint_contact_revealed(complaint=complaint, by=user, where="page")
    return {
        "complaint": complaint, "nav": "complaints", "can_act": can_act(user) and complaint.is_open,
        "can_note": can_act(user), "show_contact": show_contact, "contact_revealed": revealed,
        "masked_contact_name": mask_name(complaint.contact_name), "masked_contact_phone": mask_phone(complaint.contact_phone),
        "notes": complaint.notes.select_related("by"),
        "audit": AuditEvent.objects.filter(object_type=complaint._meta.label_lower, object_id=str(complaint.pk))
        .select_related("actor").order_by("at", "id"),
        "action_form": action_form or ComplaintActionForm(),
        "ack_days": complaint.acknowledge_days,
    }


@login_required
def complaint_detail(request, pk: int):
    complaint = _complaint(request, pk)
    return render(request, "complaints/detail.html", _detail_context(request, complaint))


@login_required
@require_POST
def complaint_act(request, pk: int):
    complaint = _complaint(request, pk)
    user = request.user
    if not can_act(user):
        raise PermissionDenied
    form = ComplaintActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        action = data["action"]
        try:
            if action == "acknowledge":
                services.complaint_acknowledge(complaint=complaint, by=user, note=data["note"])
                messages.success(request, _("已受理。"))
            elif action == "investigate":
                services.complaint_investigate(complaint=complaint, by=user, note=data["note"])
                messages.success(request, _("已标记为调查中。"))
            elif action == "close":
                services.complaint_close(complaint=complaint, by=user, resolution=data["resolution"],
                                         visit_ref=data["visit_ref"], note=data["note"])
                messages.success(request, _("投诉已办结，投诉人凭编号可查看处理结果。"))
            else:
                services.complaint_add_note(complaint=complaint, by=user, text=data["note"])
                messages.success(request, _("备注已保存。"))
        except services.ComplaintActionError as error:
            messages.error(request, error.message)
            complaint = _complaint(request, pk)
            return render(request, "complaints/detail.html", _detail_context(request, complaint, form), status=409)
        return redirect("complaints:detail", pk=complaint.pk)
    return render(request, "complaints/detail.html", _detail_context(request, complaint, form), status=400)
