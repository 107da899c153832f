"""A province adds a filing material to the national list (issue 14 point 6): set on /standards/ by its admins,
audited, required by the pre-checks of that province's new filings only, uploaded on the page and the API under
its own code, and no longer required once the province stops requiring it."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEvent
from standards.models import DocumentRequirement
from tests.filings.helpers import complete_filing, pdf

pytestmark = pytest.mark.django_db

PAGE = "/standards/"
LABEL = "从业人员无犯罪记录证明"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def add_requirement(client, user, **extra):
    client.force_login(user)
    values = {"label": LABEL, "basis": "冀卫人口〔2026〕3号", "valid_from": timezone.localdate().isoformat(), **extra}
    return client.post(PAGE, {"action": "document", **{f"document-{key}": value for key, value in values.items()}})


def missing(user, filing) -> list[str]:
    checks = api(user).get(f"/api/v1/filings/{filing.pk}/").json()["prechecks"]
    return [check["field"] for check in checks if check["rule"] == "document.missing"]


def test_a_province_adds_a_material_that_its_new_filings_must_upload(client, users, regions):
    hebei = complete_filing(users["operator_a"])
    shandong = complete_filing(users["operator_b"], region="370830")
    assert add_requirement(client, users["admin_a"]).status_code == 403  # a county admin keeps no rules
    response = add_requirement(client, users["province_admin"])
    assert response.status_code == 302
    requirement = DocumentRequirement.objects.get()
    assert (requirement.province_code, requirement.label, requirement.code) == ("13", LABEL, "p13_001")
    assert AuditEvent.objects.filter(action="standard.document_add", object_id=str(requirement.pk)).exists()
    response = client.get(PAGE)
    page = response.content.decode()
    assert response.status_code == 200 and LABEL in page and "营业执照或法人登记证书" in page  # with the national list

    # The Hebei filing misses it (blocking its submission); the Shandong one does not.
    assert missing(users["operator_a"], hebei) == [f"documents.{requirement.code}"]
    refused = api(users["operator_a"]).post(f"/api/v1/filings/{hebei.pk}/submit/")
    assert refused.status_code == 409
    assert missing(users["operator_b"], shandong) == []
    # Shandong's filing cannot upload under Hebei's code.
    wrong = api(users["operator_b"]).post(f"/api/v1/filings/{shandong.pk}/documents/",
                                          {"doc_type": requirement.code, "file": pdf()}, format="multipart")
    assert wrong.status_code == 400 and "doc_type" in wrong.json()

    # The operator sees it on the documents step, uploads it on the page, and submits.
    client.force_login(users["operator_a"])
    step = client.get(reverse("filings:step", args=[hebei.pk, "documents"])).content.decode()
    assert LABEL in step and "省级要求" in step and f'value="{requirement.code}" selected' in step
    uploaded = client.post(reverse("filings:document_upload", args=[hebei.pk]),
                           {"doc_type": requirement.code, "file": pdf("无犯罪记录证明.pdf")})
    assert uploaded.status_code == 302
    assert missing(users["operator_a"], hebei) == []
    assert api(users["operator_a"]).post(f"/api/v1/filings/{hebei.pk}/submit/").status_code == 200
    # The reviewer's page names the material.
    client.force_login(users["reviewer_a"])
    assert LABEL in client.get(reverse("filings:detail", args=[hebei.pk])).content.decode()


def test_a_material_is_added_once_and_can_be_stopped(client, users, regions):
    assert add_requirement(client, users["province_admin"]).status_code == 302
    again = add_requirement(client, users["province_admin"])
    assert again.status_code == 400 and "本省已要求" in again.content.decode()
    national = add_requirement(client, users["province_admin"], label="场地证明")
    assert national.status_code == 400 and "已是国家要求的备案材料" in national.content.decode()
    # Another province's admin adds for its own province only (the page has no province to choose for it).
    assert add_requirement(client, users["other_province_admin"]).status_code == 302
    assert sorted(DocumentRequirement.objects.values_list("province_code", flat=True)) == ["13", "37"]

    requirement = DocumentRequirement.objects.get(province_code="13")
    filing = complete_filing(users["operator_a"])
    assert missing(users["operator_a"], filing) == [f"documents.{requirement.code}"]
    client.force_login(users["other_province_admin"])
    assert client.post(PAGE, {"action": "end_document", "requirement": requirement.pk,
                              "on": timezone.localdate().isoformat()}).status_code == 404  # not its province
    client.force_login(users["province_admin"])
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    client.post(PAGE, {"action": "end_document", "requirement": requirement.pk, "on": past})
    requirement.refresh_from_db()
    assert requirement.ended_on is None  # not in the past
    client.post(PAGE, {"action": "end_document", "requirement": requirement.pk,
                       "on": timezone.localdate().isoformat()})
    requirement.refresh_from_db()
    assert requirement.ended_on == timezone.localdate()
    assert missing(users["operator_a"], filing) == []
    assert AuditEvent.objects.filter(action="standard.document_end").count() == 1


def test_the_api_lists_and_adds_a_provinces_materials(users, regions):
    url = "/api/v1/standards/documents/"
    assert api(users["admin_a"]).post(url, {"label": LABEL, "valid_from": "2026-01-01", "basis": "x"}).status_code \
        == 403
    created = api(users["province_admin"]).post(url, {"label": LABEL, "valid_from": "2026-01-01", "basis": "冀"})
    assert created.status_code == 201 and created.json()["code"] == "p13_001"
    assert api(users["other_province_admin"]).post(url, {"province": "13", "label": "x", "valid_from": "2026-01-01",
                                                         "basis": "x"}).status_code == 403
    duplicate = api(users["national_admin"]).post(url, {"province": "13", "label": LABEL, "valid_from": "2026-02-01",
                                                        "basis": "x"})
    assert duplicate.status_code == 409
    assert [row["label"] for row in api(users["reviewer_a"]).get(url).json()] == [LABEL]  # its own province
    assert api(users["reviewer_a"]).get(url, {"on": "2025-12-31"}).json() == []
    assert api(users["national_admin"]).get(url, {"province": "37"}).json() == []
    assert api(users["operator_a"]).get(url).status_code == 403
