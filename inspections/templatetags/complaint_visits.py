"""The inspection visits that check a complaint (Visit.complaint_ref = its tracking number), as a template
tag so that the complaints app's staff page can list them and start one without importing inspections."""
from django import template

from institutions.models import Institution

from ..models import Visit
from ..permissions import can_inspect

register = template.Library()


@register.inclusion_tag("inspections/_complaint_visits.html", takes_context=True)
def complaint_visits(context, complaint):
    """The user's visible visits for the complaint, newest first, and whether the user may start one."""
    user = context["request"].user
    visits = list(Visit.objects.visible_to(user).filter(complaint_ref=complaint.tracking_number)
                  .select_related("institution").order_by("-id"))
    institution = None
    if complaint.institution_id and complaint.status != "closed":
        institution = Institution.objects.visible_to(user).filter(pk=complaint.institution_id).first()
    return {
        "complaint": complaint,
        "visits": visits,
        "can_start": institution is not None and can_inspect(user, institution),
        "request": context["request"],
    }
