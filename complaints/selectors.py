"""Reads of complaints for the public tracking page and API."""
from django.utils import timezone

from .models import Complaint, ComplaintStatus
from .sla import sla_for


def public_status(complaint: Complaint) -> dict:
    """What the complainant may see of their complaint (the page and the API use this): status, dates,
    the public resolution — never the contact data, internal notes or names of staff."""
    sla = sla_for([complaint], timezone.localdate())[0]
    return {
        "tracking_number": complaint.tracking_number,
        "status": complaint.status,
        "status_display": complaint.get_status_display(),
        "category": complaint.category,
        "category_display": complaint.get_category_display(),
        "institution_name": complaint.institution.name if complaint.institution_id else "",
        "county_name": complaint.county.name,
        "received_at": complaint.created_at,
        "acknowledge_due": sla.acknowledge_due,
        "acknowledged_at": complaint.acknowledged_at,
        "investigating_at": complaint.investigating_at,
        "closed_at": complaint.closed_at,
        "resolution": complaint.resolution if complaint.status == ComplaintStatus.CLOSED else "",
    }


def find_by_number(number: str) -> Complaint | None:
    return Complaint.objects.select_related("county", "institution").filter(tracking_number=number).first()
