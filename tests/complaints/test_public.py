"""The public side: a complaint filed without an account gives a tracking number; the tracking page shows
status, dates and the public resolution, never the contact data, internal notes or staff names; the form
resists spam (honeypot, length limits, 5 per hour per IP) and keeps what was typed."""
import re

import pytest
from django.test import Client
from django.urls import reverse

from complaints import forms, services, views
from complaints.models import Complaint, ComplaintStatus
from regions.forms import MSG_REGION_TOO_SHALLOW
from regions.models import RegionLevel

pytestmark = pytest.mark.django_db

NEW = reverse("complaints:new")
DONE = reverse("complaints:submitted")
TRACK = reverse("complaints:track")
TRACKING = re.compile(r"TS-[0-9A-HJKMNP-TV-Z]{10}")


def post_complaint(client, **overrides):
    data = {"category": "safety", "description": "午睡室没有人看护，孩子哭了很久。", "contact_name": "",
            "contact_phone": "", "website": "", **overrides}
    return client.post(NEW, data)


def test_public_page_links_to_the_complaint_form_with_the_institution(client, institutions):
    inst = institutions["a"]
    body = client.get(reverse("institutions:public_detail", args=[inst.pk])).content.decode()
    assert f'{NEW}?institution={inst.pk}' in body and "投诉该机构" in body


def test_form_with_an_institution_shows_it_and_no_county_picker(client, institutions):
    response = client.get(NEW, {"institution": institutions["a"].pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "长安区阳光托育园" in body and 'name="institution"' in body
    assert "county_province" not in body
    assert 'name="csrfmiddlewaretoken"' in body


def test_anonymous_complaint_gives_a_tracking_number_shown_once(client, institutions):
    response = post_complaint(client, institution=institutions["a"].pk, contact_name="张先生",
                              contact_phone="138 0000 1234")
    assert response.status_code == 302 and response["Location"] == DONE
    complaint = Complaint.objects.get()
    assert TRACKING.fullmatch(complaint.tracking_number)
    assert complaint.institution == institutions["a"] and complaint.county_id == "130102"
    assert (complaint.contact_name, complaint.contact_phone) == ("张先生", "138 0000 1234")
    assert complaint.status == ComplaintStatus.RECEIVED
    page = client.get(DONE)
    assert complaint.tracking_number in page.content.decode()
    assert TRACK in page.content.decode()
    # The number is not in any URL, and the receipt is shown only once.
    assert complaint.tracking_number not in response["Location"]
    assert client.get(DONE)["Location"] == TRACK


def test_without_an_institution_the_complainant_picks_the_county(client, regions, institutions):
    response = post_complaint(client, category="unfiled", place="桥西区某小区3号楼家庭托育点",
                              county_province="13", county_city="1301", county_county="130104")
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.institution is None and complaint.county_id == "130104"
    assert complaint.place == "桥西区某小区3号楼家庭托育点"


def test_county_is_required_without_an_institution(client, regions):
    response = post_complaint(client)
    assert response.status_code == 400
    assert str(services.MSG_COUNTY_REQUIRED) in response.content.decode()
    response = post_complaint(client, county_province="13", county_city="1301")
    assert str(MSG_REGION_TOO_SHALLOW[RegionLevel.COUNTY]) in response.content.decode()
    assert not Complaint.objects.exists()


def test_an_institution_not_in_the_directory_is_ignored(client, institutions):
    inst = institutions["a"]
    inst.filing_state = "deregistered"
    inst.save(update_fields=["filing_state"])
    body = client.get(NEW, {"institution": inst.pk}).content.decode()
    assert "长安区阳光托育园" not in body and "county_province" in body


def test_anonymous_user_without_csrf_token_is_refused(institutions):
    client = Client(enforce_csrf_checks=True)
    response = post_complaint(client, institution=institutions["a"].pk)
    assert response.status_code == 403
    assert not Complaint.objects.exists()


def test_honeypot_filled_sends_nothing(client, institutions):
    response = post_complaint(client, institution=institutions["a"].pk, website="http://spam.example")
    assert response.status_code == 400
    assert str(forms.MSG_HONEYPOT) in response.content.decode()
    assert not Complaint.objects.exists()


def test_length_limits_keep_what_was_typed(client, institutions):
    response = post_complaint(client, institution=institutions["a"].pk, description="太差了",
                              contact_name="王" * 40)
    body = response.content.decode()
    assert response.status_code == 400
    assert forms.MSG_DESCRIPTION_SHORT.format(n=forms.DESCRIPTION_MIN_LENGTH) in body
    assert forms.MSG_TOO_LONG.format(n=32) in body
    assert "太差了" in body  # kept in the textarea
    response = post_complaint(client, institution=institutions["a"].pk, description="很" * 2001)
    assert forms.MSG_DESCRIPTION_LONG.format(n=forms.DESCRIPTION_MAX_LENGTH) in response.content.decode()
    response = post_complaint(client, institution=institutions["a"].pk, contact_phone="call me")
    assert str(forms.MSG_PHONE) in response.content.decode()
    assert not Complaint.objects.exists()


def test_rate_limit_five_per_hour_per_ip(client, institutions):
    for _ in range(5):
        assert post_complaint(client, institution=institutions["a"].pk).status_code == 302
    response = post_complaint(client, institution=institutions["a"].pk, description="第六次提交的投诉内容，应被限制。")
    assert response.status_code == 429
    body = response.content.decode()
    assert str(views.MSG_RATE_LIMITED) in body and "第六次提交的投诉内容" in body
    assert Complaint.objects.count() == 5
    # Another address is not affected.
    other = post_complaint(Client(REMOTE_ADDR="10.0.0.9"), institution=institutions["a"].pk)
    assert other.status_code == 302 and Complaint.objects.count() == 6


def test_invalid_submissions_do_not_use_up_the_limit(client, institutions):
    for _ in range(6):
        assert post_complaint(client, institution=institutions["a"].pk, description="短").status_code == 400
    assert post_complaint(client, institution=institutions["a"].pk).status_code == 302


# --- tracking -------------------------------------------------------------------------------------------

def track(client, number):
    return client.post(TRACK, {"number": number})


def test_track_page_shows_status_and_dates_but_no_contact_data(client, complaint_a):
    response = track(client, complaint_a.tracking_number)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="track-result"' in body and "已收到" in body and "长安区阳光托育园" in body
    assert "李女士" not in body and "13800001111" not in body
    assert "楼梯没有护栏" not in body  # the description may hold personal details: not shown back


def test_track_accepts_the_number_as_people_type_it(client, complaint_a):
    body = complaint_a.tracking_number[3:]
    typed = "ts-" + body[:5].lower() + " " + body[5:].lower()
    assert 'id="track-result"' in track(client, typed).content.decode()


def test_unknown_or_malformed_number(client, complaint_a):
    response = track(client, "TS-0000000000" if complaint_a.tracking_number != "TS-0000000000" else "TS-1111111111")
    assert response.status_code == 404 and str(views.MSG_TRACK_NOT_FOUND) in response.content.decode()
    response = track(client, "12345")
    assert response.status_code == 400 and str(forms.MSG_TRACKING_NUMBER) in response.content.decode()


def test_closed_complaint_shows_the_public_resolution_but_no_staff_or_notes(client, users, complaint_a):
    users["inspector_a"].display_name = "赵监督"
    users["inspector_a"].save(update_fields=["display_name"])
    services.complaint_acknowledge(complaint=complaint_a, by=users["inspector_a"], note="内部：已电话联系投诉人")
    services.complaint_close(complaint=complaint_a, by=users["inspector_a"], visit_ref="77",
                             resolution="经现场核查，机构已加装楼梯护栏。", note="内部：机构负责人态度较差")
    body = track(client, complaint_a.tracking_number).content.decode()
    assert "已办结" in body and "经现场核查，机构已加装楼梯护栏。" in body
    for secret in ("赵监督", "inspector_a", "内部：", "李女士", "13800001111"):
        assert secret not in body


def test_track_lookups_are_limited(client, complaint_a, settings):
    settings.COMPLAINT_RATE_LIMITS = {"track": 2}
    assert track(client, complaint_a.tracking_number).status_code == 200
    assert track(client, "TS-ZZZZZZZZZZ").status_code in (200, 404)
    response = track(client, complaint_a.tracking_number)
    assert response.status_code == 429 and str(views.MSG_TRACK_RATE_LIMITED) in response.content.decode()
