"""A complaint is checked and closed with an inspection visit: the staff page starts a complaint visit
carrying the tracking number, lists the visits that check it, and links the visit named at closing."""
import pytest
from django.urls import reverse

from complaints.models import ComplaintStatus
from inspections.models import InspectionType, Visit

pytestmark = pytest.mark.django_db


def test_a_complaint_is_checked_by_a_visit_and_closed_with_it(login, users, complaint_a):
    client = login(users["inspector_a"])
    page = client.get(reverse("complaints:detail", args=[complaint_a.pk])).content.decode()
    start = (f'{reverse("inspections:visit_start", args=[complaint_a.institution_id])}'
             f'?type=complaint&amp;complaint_ref={complaint_a.tracking_number}')
    assert start in page and "尚无核查检查" in page

    form = client.get(start.replace("&amp;", "&")).content.decode()
    assert f'value="{complaint_a.tracking_number}"' in form  # the tracking number is filled in
    response = client.post(reverse("inspections:visit_start", args=[complaint_a.institution_id]),
                           {"type": InspectionType.COMPLAINT, "complaint_ref": complaint_a.tracking_number})
    visit = Visit.objects.get(complaint_ref=complaint_a.tracking_number)
    assert response.status_code == 302 and visit.type == InspectionType.COMPLAINT

    page = client.get(reverse("complaints:detail", args=[complaint_a.pk])).content.decode()
    assert reverse("inspections:visit_detail", args=[visit.pk]) in page and "尚无核查检查" not in page

    client.post(reverse("complaints:act", args=[complaint_a.pk]),
                {"action": "close", "resolution": "经核查已整改。", "visit_ref": str(visit.pk)})
    complaint_a.refresh_from_db()
    assert complaint_a.status == ComplaintStatus.CLOSED and complaint_a.visit_ref == str(visit.pk)
    page = client.get(reverse("complaints:detail", args=[complaint_a.pk])).content.decode()
    assert f'id="closing-visit">{visit.pk}<' in page and 'id="start-complaint-visit"' not in page


def test_readers_see_the_visits_but_cannot_start_one_and_other_counties_see_none(login, users, complaint_a):
    Visit.objects.all().delete()
    admin = login(users["admin_a"]).get(reverse("complaints:detail", args=[complaint_a.pk])).content.decode()
    assert 'id="complaint-visits"' in admin and 'id="start-complaint-visit"' not in admin
    assert login(users["inspector_b"]).get(reverse("complaints:detail", args=[complaint_a.pk])).status_code == 404


def test_a_visit_number_typed_in_full_width_or_as_text_never_breaks_the_page(login, users, complaint_a):
    client = login(users["inspector_a"])
    client.post(reverse("complaints:act", args=[complaint_a.pk]),
                {"action": "close", "resolution": "已核查。", "visit_ref": "１２"})
    complaint_a.refresh_from_db()
    assert complaint_a.visit_ref == "12"  # NFKC
    page = client.get(reverse("complaints:detail", args=[complaint_a.pk]))
    assert page.status_code == 200 and 'id="closing-visit">12<' in page.content.decode()
    type(complaint_a).objects.filter(pk=complaint_a.pk).update(visit_ref="²")
    page = client.get(reverse("complaints:detail", args=[complaint_a.pk]))
    assert page.status_code == 200 and 'id="closing-visit"' not in page.content.decode()
