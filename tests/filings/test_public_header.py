"""The public side (issue 13, point 11): the anonymous header leads to the complaint form, complaint tracking and
filing verification; the verify page links to the complaint form; "整改中" counts only findings under an order."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_anonymous_header_links_to_complaint_tracking_and_verify(client):
    page = client.get(reverse("institutions:directory")).content.decode()
    header = page[page.index('id="mainnav"'):page.index("</nav>", page.index('id="mainnav"'))]
    for link_id, url in (("nav-complaint", reverse("complaints:new")),
                         ("nav-complaint-track", reverse("complaints:track")),
                         ("nav-verify", reverse("filing_docs:verify_form"))):
        assert f'id="{link_id}" href="{url}"' in header
        assert client.get(url).status_code == 200
    verify = client.get(reverse("filing_docs:verify_form")).content.decode()
    assert 'active" id="nav-verify"' in verify


def test_the_header_of_a_signed_in_user_keeps_its_own_menu(login, users):
    page = login(users["reviewer_a"]).get(reverse("filings:list")).content.decode()
    assert 'id="nav-complaint"' not in page


def test_the_verify_page_links_to_the_complaint_form_for_that_institution(client, institutions):
    institution = institutions["a"]
    institution.filing_number = "130102-2025-00001"
    institution.save(update_fields=["filing_number"])
    page = client.get(reverse("filing_docs:verify", args=[institution.filing_number])).content.decode()
    assert f'id="verify-complaint-link" href="{reverse("complaints:new")}?institution={institution.pk}"' in page
