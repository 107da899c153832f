"""Every private file is served by core.files.private_file_response (issue 14 point 1): the same headers on each
page and API path, one audit row per file served, a download unless an inline view is asked for a type a browser
shows by itself, a 404 (and no audit row) for a file missing from storage."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import AuditEvent
from filings.models import FilingDocument
from inspections import services as inspections
from inspections.models import AnswerPhoto, EvidenceFile, Result
from tests.filings.helpers import complete_filing
from tests.inspections.conftest import PDF, PNG, answer_all, items_of

pytestmark = pytest.mark.django_db

SANDBOX = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox"


def assert_private(response, *, disposition: str, content_type: str, sandbox: bool = True):
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith(disposition)
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cache-Control"].startswith("private")
    policy = response["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'") and "script-src" not in policy
    assert policy.endswith("; sandbox") == sandbox
    b"".join(response.streaming_content)


def downloads() -> list[tuple[str, str]]:
    return list(AuditEvent.objects.filter(action="file.download").order_by("id")
                .values_list("object_type", "after__file"))


@pytest.fixture
def api(users):
    def _client(user):
        client = APIClient()
        client.force_authenticate(user)
        return client
    return _client


def test_filing_documents_on_the_page_and_the_api(client, api, users):
    filing = complete_filing(users["operator_a"])
    document = FilingDocument.objects.filter(filing=filing, content_type="application/pdf").first()
    page = reverse("filings:document", args=[filing.pk, document.pk])
    client.force_login(users["operator_a"])
    assert_private(client.get(page), disposition="attachment", content_type="application/pdf")
    # A PDF opened in the browser's viewer cannot be sandboxed (Chromium refuses it); it still runs no script.
    assert_private(client.get(page, {"inline": "1"}), disposition="inline", content_type="application/pdf",
                   sandbox=False)
    url = reverse("filing-document-file", args=[filing.pk, document.pk])
    assert_private(api(users["operator_a"]).get(url, {"inline": "1"}), disposition="attachment",
                   content_type="application/pdf")
    assert downloads() == [("filings.filingdocument", document.original_name)] * 3


def test_photos_and_evidence_on_the_page_and_the_api(client, api, users, institutions, checklists):
    visit = inspections.visit_start(institution=institutions["a"], type="routine", by=users["inspector_a"])
    answer_all(visit, users["inspector_a"], {("人员配备", 1): Result.NOT_MET})
    inspections.visit_answer(visit=visit, item_id=items_of(visit)[("人员配备", 1)].pk, by=users["inspector_a"],
                             photos=[SimpleUploadedFile("现场.png", PNG, content_type="image/png")])
    visit = inspections.visit_finish(visit=visit, by=users["inspector_a"])
    photo = AnswerPhoto.objects.get()
    client.force_login(users["inspector_a"])
    # A photo is a thumbnail in the page: inline, and kept an hour in the user's own browser.
    served = client.get(reverse("inspections:photo", args=[visit.pk, photo.pk]))
    assert_private(served, disposition="inline", content_type="image/png")
    assert served["Cache-Control"] == "private, max-age=3600"
    assert_private(api(users["inspector_a"]).get(reverse("inspection-photo", args=[visit.pk, photo.pk])),
                   disposition="inline", content_type="image/png")

    order = inspections.rectification_issue(visit=visit, by=users["inspector_a"], requirements="配齐保育人员")
    inspections.rectification_answer(order=order, by=users["operator_a"], text="已配齐",
                                     files=[SimpleUploadedFile("花名册.pdf", PDF, content_type="application/pdf")])
    stored = EvidenceFile.objects.get()
    page = reverse("inspections:evidence_file", args=[order.pk, stored.pk])
    assert_private(client.get(page), disposition="attachment", content_type="application/pdf")
    assert_private(api(users["inspector_a"]).get(reverse("rectification-file", args=[order.pk, stored.pk])),
                   disposition="attachment", content_type="application/pdf")
    assert downloads() == [("inspections.answerphoto", "现场.png")] * 2 + [("inspections.evidencefile", "花名册.pdf")] * 2


def test_a_file_missing_from_storage_is_a_404_and_not_audited(client, users):
    filing = complete_filing(users["operator_a"])
    document = FilingDocument.objects.filter(filing=filing).first()
    document.file.storage.delete(document.file.name)
    client.force_login(users["operator_a"])
    assert client.get(reverse("filings:document", args=[filing.pk, document.pk])).status_code == 404
    assert downloads() == []
