"""Claiming an institution (issue 15 point 2): an operator names a filed institution's credit code and uploads an
authorisation (checked by content); the reviewers of its county approve — the operator then sees it — or refuse
with a reason; another county's reviewer gets 404; each step audited."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent, Role
from institutions.models import ClaimStatus, InstitutionClaim
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def proof(content=PDF, name="授权委托书.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def claim(client, institution, **extra):
    return client.post(reverse("institutions:claim"), {"credit_code": institution.credit_code, "proof": "authorisation",
                                                       "document": proof(), **extra})


def test_a_claim_is_approved_by_the_institutions_county_and_refused_404_by_another(client, users, institutions):
    newcomer = UserFactory(username="newcomer", role=Role.OPERATOR, display_name="赵敏")
    target = institutions["a"]  # 130102
    client.force_login(newcomer)
    assert target.name not in client.get(reverse("institutions:staff_list")).content.decode()
    fake = client.post(reverse("institutions:claim"), {"credit_code": target.credit_code, "proof": "licence",
                                                       "document": proof(b"MZ\x90\x00 not a pdf", "x.pdf")})
    assert fake.status_code == 400 and not InstitutionClaim.objects.exists()
    unknown = client.post(reverse("institutions:claim"), {"credit_code": "91110000MA00000000", "proof": "licence",
                                                          "document": proof()})
    assert unknown.status_code == 400
    assert claim(client, target).status_code == 302
    assert claim(client, target).status_code == 400  # one pending claim at a time
    pending = InstitutionClaim.objects.get()
    assert AuditEvent.objects.filter(action="claim.submit", object_id=str(pending.pk)).exists()

    detail = reverse("institutions:claim_detail", args=[pending.pk])
    client.force_login(users["reviewer_b"])  # 130104: another county
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"action": "approve"}).status_code == 404
    assert client.get(reverse("institutions:claim_document", args=[pending.pk])).status_code == 404
    client.force_login(users["viewer_a"])
    assert client.get(detail).status_code == 403
    assert client.get(reverse("institutions:claim_document", args=[pending.pk])).status_code == 403
    client.force_login(users["reviewer_a"])
    assert target.name in client.get(reverse("institutions:claim_list")).content.decode()
    document = client.get(reverse("institutions:claim_document", args=[pending.pk]))
    assert document.status_code == 200 and b"".join(document.streaming_content) == PDF
    assert client.post(detail, {"action": "approve"}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == ClaimStatus.APPROVED and target.operators.filter(pk=newcomer.pk).exists()
    assert AuditEvent.objects.filter(action="claim.approve", actor=users["reviewer_a"]).exists()
    client.force_login(newcomer)
    assert target.name in client.get(reverse("institutions:staff_list")).content.decode()
    assert client.get(reverse("institutions:staff_detail", args=[target.pk])).status_code == 200


def test_a_refusal_needs_a_reason_that_the_operator_reads(client, users, institutions):
    newcomer = UserFactory(username="newcomer2", role=Role.OPERATOR)
    client.force_login(newcomer)
    claim(client, institutions["b"])
    pending = InstitutionClaim.objects.get()
    client.force_login(users["admin_b"])
    detail = reverse("institutions:claim_detail", args=[pending.pk])
    assert client.post(detail, {"action": "refuse", "reason": ""}).status_code == 400
    assert client.post(detail, {"action": "refuse", "reason": "委托书未加盖公章"}).status_code == 302
    assert not institutions["b"].operators.filter(pk=newcomer.pk).exists()
    client.force_login(newcomer)
    assert "委托书未加盖公章" in client.get(reverse("institutions:claim")).content.decode()
    # Staff cannot claim; the superuser cannot decide.
    client.force_login(users["reviewer_a"])
    assert client.get(reverse("institutions:claim")).status_code == 403


def test_the_api_submits_lists_and_decides_claims(users, institutions):
    from rest_framework.test import APIClient

    def api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    newcomer = UserFactory(username="api_claimer", role=Role.OPERATOR)
    created = api(newcomer).post("/api/v1/claims/", {"credit_code": institutions["a"].credit_code,
                                                     "proof": "licence", "document": proof()}, format="multipart")
    assert created.status_code == 201 and created.json()["status"] == "pending"
    again = api(newcomer).post("/api/v1/claims/", {"credit_code": institutions["a"].credit_code,
                                                   "proof": "licence", "document": proof()}, format="multipart")
    assert again.status_code == 409
    pk = created.json()["id"]
    assert [row["id"] for row in api(newcomer).get("/api/v1/claims/").json()["results"]] == [pk]
    assert api(users["reviewer_b"]).post(f"/api/v1/claims/{pk}/approve/").status_code == 404
    assert api(users["viewer_a"]).post(f"/api/v1/claims/{pk}/approve/").status_code == 403
    assert api(users["reviewer_a"]).post(f"/api/v1/claims/{pk}/refuse/", {}, format="json").status_code == 400
    approved = api(users["reviewer_a"]).post(f"/api/v1/claims/{pk}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert api(users["reviewer_a"]).post(f"/api/v1/claims/{pk}/approve/").status_code == 409
    assert api(users["reviewer_a"]).post("/api/v1/claims/", {}, format="json").status_code == 403


def test_the_admin_operator_adds_and_removes_colleagues(client, users, institutions):
    from institutions.models import InstitutionOperator

    institution = institutions["a"]
    InstitutionOperator.objects.filter(institution=institution, user=users["operator_a"]).update(is_admin=True)
    colleague = UserFactory(username="13900001111", phone="13900001111", role=Role.OPERATOR, display_name="钱同事")
    page = reverse("institutions:operators", args=[institution.pk])
    client.force_login(users["operator_a"])
    assert client.get(page).status_code == 200
    unknown = client.post(page, {"action": "add", "phone": "13900002222"})
    assert unknown.status_code == 400 and "尚未注册举办者账号" in unknown.content.decode()
    assert client.post(page, {"action": "add", "phone": "13900001111"}).status_code == 302
    assert institution.operators.filter(pk=colleague.pk).exists()
    # The colleague now sees the institution, reads the list, and cannot manage it.
    client.force_login(colleague)
    assert client.get(reverse("institutions:staff_detail", args=[institution.pk])).status_code == 200
    assert client.post(page, {"action": "remove", "user": users["operator_a"].pk}).status_code == 403
    # Another institution's operator: 404.
    client.force_login(users["operator_b"])
    assert client.get(page).status_code == 404
    # The admin cannot leave the institution without an admin; makes the colleague admin, then removes them.
    client.force_login(users["operator_a"])
    client.post(page, {"action": "remove", "user": users["operator_a"].pk})
    assert institution.operators.filter(pk=users["operator_a"].pk).exists()
    client.post(page, {"action": "admin", "user": colleague.pk})
    assert InstitutionOperator.objects.get(institution=institution, user=colleague).is_admin
    client.post(page, {"action": "remove", "user": colleague.pk})
    assert not institution.operators.filter(pk=colleague.pk).exists()
    actions = set(AuditEvent.objects.filter(object_id=str(institution.pk)).values_list("action", flat=True))
    assert {"institution.operator_add", "institution.operator_admin", "institution.operator_remove"} <= actions


def test_the_first_approved_claimant_of_an_institution_without_operators_becomes_its_admin(client, users,
                                                                                            institutions):
    from institutions.models import InstitutionOperator

    institution = institutions["other"]  # no operator yet
    newcomer = UserFactory(username="first_claimer", role=Role.OPERATOR)
    client.force_login(newcomer)
    claim(client, institution)
    from institutions.claims import claim_approve

    reviewer = UserFactory(role=Role.REVIEWER, region=institution.region)
    claim_approve(claim=InstitutionClaim.objects.get(), by=reviewer)
    assert InstitutionOperator.objects.get(institution=institution, user=newcomer).is_admin


def test_the_claims_api_is_closed_to_roles_that_do_not_decide(users, institutions):
    from rest_framework.test import APIClient

    client = APIClient()
    for username in ("viewer_a", "inspector_a"):
        client.force_authenticate(users[username])
        assert client.get("/api/v1/claims/").status_code == 403, username
    from django.test import Client

    from institutions.models import InstitutionOperator

    InstitutionOperator.objects.filter(institution=institutions["a"], user=users["operator_a"]).update(is_admin=True)
    page = Client()
    page.force_login(users["operator_a"])
    assert page.post(reverse("institutions:operators", args=[institutions["a"].pk]),
                     {"action": "remove", "user": "abc"}).status_code == 404  # not a 500
