"""Personal data (PIPL): masked by default, revealed with an audit row to the roles that need it, never shown
to viewers; staff certificates closed to viewers; every private download audited; role changes in /admin/
audited; a family nursery's public page shows no street address (issue 12 point 5)."""
import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import AuditEvent
from filings.models import DocumentType
from tests.factories import InstitutionFactory, UserFactory
from tests.filings.helpers import submitted_filing

pytestmark = pytest.mark.django_db

STAFF_NAME = "保育员1"  # tests/filings/helpers.py's second staff row
PHONE = "0311-86001234"


@pytest.fixture
def filing(users):
    return submitted_filing(users["operator_a"])


def page(user, filing, **params):
    client = Client()
    client.force_login(user)
    return client.get(f"/filings/{filing.pk}/", params).content.decode()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_helpers_staff_and_phone_are_what_the_tests_look_for(filing):
    assert filing.data["staff"]["rows"][1]["name"] == STAFF_NAME and filing.data["entity"]["contact_phone"] == PHONE


def test_a_reviewer_sees_masks_then_reveals_with_an_audit_row(filing, users):
    masked = page(users["reviewer_a"], filing)
    assert STAFF_NAME not in masked and "保***" in masked and PHONE not in masked and "0311-****1234" in masked
    assert 'id="reveal-personal"' in masked
    assert not AuditEvent.objects.filter(action="personal.reveal").exists()
    shown = page(users["reviewer_a"], filing, reveal="1")
    assert STAFF_NAME in shown and PHONE in shown
    event = AuditEvent.objects.get(action="personal.reveal")
    assert (event.actor, event.object_id, event.region_code) == (users["reviewer_a"], str(filing.pk), "130102")


def test_a_viewer_sees_masks_and_cannot_reveal(filing, users):
    for params in ({}, {"reveal": "1"}):
        body = page(users["viewer_a"], filing, **params)
        assert STAFF_NAME not in body and PHONE not in body and 'id="reveal-personal"' not in body
    assert not AuditEvent.objects.filter(action="personal.reveal").exists()


def test_the_operator_sees_their_own_staff(filing, users):
    body = page(users["operator_a"], filing)
    assert STAFF_NAME in body and PHONE in body


def test_the_api_masks_unless_an_allowed_role_reveals(filing, users):
    url = f"/api/v1/filings/{filing.pk}/"
    masked = api(users["reviewer_a"]).get(url).json()["data"]
    assert masked["staff"]["rows"][1]["name"] == "保***" and masked["entity"]["contact_phone"] == "0311-****1234"
    assert masked["staff"]["rows"][1]["health_check_on"].endswith("-**-**")
    shown = api(users["reviewer_a"]).get(url, {"reveal": "1"}).json()["data"]
    assert shown["staff"]["rows"][1]["name"] == STAFF_NAME
    assert AuditEvent.objects.filter(action="personal.reveal", actor=users["reviewer_a"]).count() == 1
    viewer = api(users["viewer_a"]).get(url, {"reveal": "1"}).json()["data"]
    assert viewer["staff"]["rows"][1]["name"] == "保***"
    assert api(users["reviewer_b"]).get(url, {"reveal": "1"}).status_code == 404
    assert api(users["operator_a"]).get(url).json()["data"]["staff"]["rows"][1]["name"] == STAFF_NAME


def test_staff_certificates_are_closed_to_viewers_and_every_download_is_audited(filing, users):
    document = filing.documents.get(doc_type=DocumentType.STAFF_CERTIFICATES)
    url = f"/filings/{filing.pk}/documents/{document.pk}/"
    viewer = Client()
    viewer.force_login(users["viewer_a"])
    assert viewer.get(url).status_code == 403
    api_url = f"/api/v1/filings/{filing.pk}/documents/{document.pk}/file/"
    assert api(users["viewer_a"]).get(api_url).status_code == 403
    other = filing.documents.exclude(doc_type=DocumentType.STAFF_CERTIFICATES).first()
    assert viewer.get(f"/filings/{filing.pk}/documents/{other.pk}/").status_code == 200
    reviewer = Client()
    reviewer.force_login(users["reviewer_a"])
    assert reviewer.get(url).status_code == 200
    assert api(users["reviewer_a"]).get(api_url).status_code == 200
    downloads = AuditEvent.objects.filter(action="file.download")
    assert downloads.count() == 3
    assert set(downloads.values_list("actor__username", flat=True)) == {"viewer_a", "reviewer_a"}


def test_a_role_or_scope_change_in_admin_is_audited_with_before_and_after(users, regions):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    admin = Client()
    admin.force_login(root)
    target = users["viewer_a"]
    response = admin.post(f"/admin/accounts/user/{target.pk}/change/", {
        "username": target.username, "role": "reviewer", "region": "130104", "is_active": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00", "display_name": "", "phone": "",
        "first_name": "", "last_name": "", "email": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="user.role_scope", object_id=str(target.pk))
    assert event.actor == root
    assert (event.before["role"], event.before["region_id"]) == ("viewer", "130102")
    assert (event.after["role"], event.after["region_id"]) == ("reviewer", "130104")
    # A record in Chinese (the role and region fields named by their labels), read again in English.
    assert event.summary == "viewer_a：角色、所属区划"
    log = admin.get("/accounts/audit/", {"action": "user.role_scope"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "viewer_a: Role, Region" in log and "所属区划" not in log


def test_a_family_nurserys_public_page_shows_its_community_not_its_street(regions):
    home = InstitutionFactory(name="建北街道王阿姨家庭托育点", region=regions["township_a"], operating_model="family",
                              address="建北街道幸福小区3号楼2单元501室", capacity=(5, 4))
    body = Client().get(f"/directory/{home.pk}/").content.decode()
    assert "幸福小区" not in body and "501室" not in body and "建北街道" in body
    centre = InstitutionFactory(name="长安区阳光托育中心", region=regions["county_a"], address="中山东路100号",
                                capacity=(40, 30))
    assert "中山东路100号" in Client().get(f"/directory/{centre.pk}/").content.decode()
