"""The reviewer's materials table (issue 13, point 6): a 有效期至 column (expired ones marked), documents opened
in the browser in a new tab (PDF and images only), downloads still one click away."""
import datetime

import pytest
from django.urls import reverse

from filings import services
from filings.models import DocumentType, FilingDocument

from .helpers import PNG, complete_filing

pytestmark = pytest.mark.django_db


def test_the_materials_table_shows_validity_and_opens_documents_inline(client, users, regions):
    from django.core.files.uploadedfile import SimpleUploadedFile

    filing = complete_filing(users["operator_a"])
    services.filing_document_upload(filing=filing, doc_type=DocumentType.OTHER, by=users["operator_a"],
                                    upload=SimpleUploadedFile("平面图.png", PNG, content_type="image/png"))
    filing = services.filing_submit(filing=filing, by=users["operator_a"])
    past = datetime.date.today() - datetime.timedelta(days=2)
    FilingDocument.objects.filter(filing=filing, doc_type=DocumentType.FIRE_SAFETY).update(valid_until=past)
    client.force_login(users["reviewer_a"])
    page = client.get(reverse("filings:detail", args=[filing.pk])).content.decode()
    table = page[page.index('id="materials"'):page.index("</table>", page.index('id="materials"'))]
    assert "有效期至" in table and past.isoformat() in table and "document-expired" in table
    document = FilingDocument.objects.get(filing=filing, doc_type=DocumentType.FIRE_SAFETY, superseded_at=None)
    url = reverse("filings:document", args=[filing.pk, document.pk])
    assert f'href="{url}?inline=1" target="_blank" rel="noopener noreferrer"' in table
    inline = client.get(url, {"inline": "1"})
    assert inline["Content-Disposition"].startswith("inline") and inline["Content-Type"] == "application/pdf"
    assert inline["X-Content-Type-Options"] == "nosniff" and "default-src 'none'" in inline["Content-Security-Policy"]
    assert client.get(url)["Content-Disposition"].startswith("attachment")
    image = FilingDocument.objects.get(filing=filing, doc_type=DocumentType.OTHER)
    opened = client.get(reverse("filings:document", args=[filing.pk, image.pk]), {"inline": "1"})
    assert opened["Content-Disposition"].startswith("inline") and opened["Content-Type"] == "image/png"
