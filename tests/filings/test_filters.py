"""One FilterSet for the filing list: the review queue page and /api/v1/filings/ accept the same filters and
find the same filings (issue 14 point 5)."""
import pytest
from django.urls import reverse

from filings import services

from .helpers import submitted_filing

pytestmark = pytest.mark.django_db
PAGE = reverse("filings:list")
API = "/api/v1/filings/"


@pytest.fixture
def filings(users, regions):
    approved = services.filing_approve(filing=submitted_filing(users["operator_a"], name="甲托育园"),
                                       by=users["reviewer_a"])
    waiting = submitted_filing(users["operator_b"], region="130104", name="乙托育园")
    return approved, waiting


def names_on_page(client, params) -> set[str]:
    return {filing.name for filing in client.get(PAGE, params).context["page_obj"].object_list}


def names_in_api(client, params) -> set[str]:
    return {row["name"] for row in client.get(API, params).json()["results"]}


@pytest.mark.parametrize("params, expected", [
    ({"status": "approved"}, {"甲托育园"}),
    ({"status": "", "county": "130104"}, {"乙托育园"}),
    ({"status": "", "kind": "new"}, {"甲托育园", "乙托育园"}),
    ({"status": "", "q": "甲托"}, {"甲托育园"}),
    ({"status": "", "q": "130102-"}, {"甲托育园"}),  # part of the filing number, on the page and the API alike
])
def test_page_and_api_filter_alike(client, users, filings, params, expected):
    client.force_login(users["city_admin"])
    assert names_on_page(client, params) == expected
    assert names_in_api(client, params) == expected


def test_the_queue_opens_on_filings_awaiting_review_and_offers_no_draft_status(client, users, filings):
    client.force_login(users["city_admin"])
    response = client.get(PAGE)
    assert {filing.name for filing in response.context["page_obj"].object_list} == {"乙托育园"}
    body = response.content.decode()
    assert 'value="draft"' not in body and 'name="ordering"' in body and 'name="kind"' in body


def test_ordering_is_the_same_word_on_page_and_api(client, users, filings):
    client.force_login(users["city_admin"])
    newest = [f.name for f in client.get(PAGE, {"status": "", "ordering": "-submitted_at"}).context["page_obj"]]
    oldest = [f.name for f in client.get(PAGE, {"status": "", "ordering": "submitted_at"}).context["page_obj"]]
    assert newest == list(reversed(oldest)) == ["乙托育园", "甲托育园"]
    api = [row["name"] for row in client.get(API, {"ordering": "-submitted_at"}).json()["results"]]
    assert api == newest


def test_the_queues_filter_bar_shows_each_requests_own_filters(client, users, filings):
    """The bar is a cached fragment (templates/filings/queue.html): whatever was rendered before in this process,
    each request sees its own choices, search term, errors and language."""
    client.force_login(users["city_admin"])

    def bar(params, language="zh-hans"):
        html = client.get(PAGE, params, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        return html.split('role="search"')[1].split("</form>")[0]

    opening = bar({})
    assert '<option value="submitted" selected>' in opening
    approved = bar({"status": "approved", "q": "甲托"})
    assert '<option value="approved" selected>' in approved and 'value="甲托"' in approved
    assert 'value="乙托"' in bar({"status": "approved", "q": "乙托"})
    assert bar({"status": "approved", "q": "甲托", "page": "2"}) == approved
    assert '<option value="-submitted_at" selected>' in bar({"ordering": "-submitted_at"})
    assert "invalid-feedback" in bar({"status": "no-such-status"})
    assert "invalid-feedback" not in bar({"status": "approved"})
    english = bar({}, language="en")
    assert "查询" in opening and "查询" not in english
    too_long = bar({"status": "approved", "q": "长" * 70})  # the search term's own error, listed with the others
    assert "invalid-feedback" in too_long and "70" in too_long
    assert "invalid-feedback" not in bar({"status": "approved", "q": "长" * 7})
