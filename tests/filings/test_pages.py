"""The filing pages through HTTP: the wizard, documents, submission, the queue and decisions."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.files import MSG_DOCUMENT_TYPE, MSG_TOO_LARGE
from filings import services
from filings.models import Filing, FilingDocument, FilingStatus
from filings.prechecks import required_documents

from .helpers import PDF, PNG, answers, complete_filing, submitted_filing

pytestmark = pytest.mark.django_db


def step_url(filing, step):
    return reverse("filings:step", args=[filing.pk, step])


def post_step(client, filing, step, values, goto=""):
    """POST a step as the browser would: plain fields, or the formset's TOTAL_FORMS and rows."""
    data = {"goto": goto}
    for key, value in values.items():
        if key == "rows":
            prefix = "classes" if step == "service" else "staff"
            data[f"{prefix}-TOTAL_FORMS"], data[f"{prefix}-INITIAL_FORMS"] = str(len(value)), "0"
            for index, row in enumerate(value):
                data.update({f"{prefix}-{index}-{k}": v for k, v in row.items()})
        elif key == "region":
            data["region"] = value
        else:
            data[key] = value
    return client.post(step_url(filing, step), data)


def test_operator_files_through_the_wizard_and_submits(login, users, regions):
    client = login(users["operator_a"])
    response = client.post(reverse("filings:new"))
    filing = Filing.objects.get()
    assert response["Location"] == step_url(filing, "entity")
    for step, values in answers().items():
        response = post_step(client, filing, step, values, goto="next")
        assert response.status_code == 302
    for doc in required_documents(meals_served=True):
        upload = SimpleUploadedFile(f"{doc}.pdf", PDF, content_type="application/pdf")
        response = client.post(reverse("filings:document_upload", args=[filing.pk]),
                               {"doc_type": doc, "file": upload})
        assert response.status_code == 302
    page = client.get(step_url(filing, "review")).content.decode()
    assert "全部预检通过" in page
    response = client.post(reverse("filings:submit", args=[filing.pk]))
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED and filing.county_id == "130102"


def test_invalid_step_is_saved_as_typed_and_shows_the_errors(login, users, regions):
    client = login(users["operator_a"])
    filing = services.filing_start_new(by=users["operator_a"])
    values = answers()["entity"] | {"credit_code": "91130102MA0TEST0X1", "name": "我的托育园"}
    response = post_step(client, filing, "entity", values, goto="premises")
    assert response["Location"] == step_url(filing, "entity")
    page = client.get(step_url(filing, "entity")).content.decode()
    assert 'value="91130102MA0TEST0X1"' in page and 'value="我的托育园"' in page
    assert "统一社会信用代码" in page and "invalid-feedback" in page


def test_a_draft_resumes_in_another_session(client, users, regions, django_user_model):
    filing = complete_filing(users["operator_a"], documents=False)
    client.force_login(users["operator_a"])
    page = client.get(step_url(filing, "service")).content.decode()
    assert 'value="托小一班"' in page and 'value="托大一班"' in page


def test_executable_or_html_named_pdf_is_refused_and_answers_are_kept(login, users, regions):
    client = login(users["operator_a"])
    filing = complete_filing(users["operator_a"], documents=False)
    for content in (b"MZ\x90\x00\x03" + b"\x00" * 100, b"<html><script>alert(1)</script></html>"):
        upload = SimpleUploadedFile("licence.pdf", content, content_type="application/pdf")
        response = client.post(reverse("filings:document_upload", args=[filing.pk]),
                               {"doc_type": "business_licence", "file": upload})
        assert response.status_code == 400
        assert MSG_DOCUMENT_TYPE.split(" / ")[0] in response.content.decode()
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (11 * 1024 * 1024), content_type="application/pdf")
    response = client.post(reverse("filings:document_upload", args=[filing.pk]),
                           {"doc_type": "business_licence", "file": big})
    assert response.status_code == 400
    assert MSG_TOO_LARGE.format(name="big.pdf", size="11.0\xa0MB", limit="10.0\xa0MB") in response.content.decode()
    assert not FilingDocument.objects.exists()
    filing.refresh_from_db()
    assert filing.data["entity"]["name"] == "长安区小太阳托育园"
    assert 'value="长安区小太阳托育园"' in client.get(step_url(filing, "entity")).content.decode()


def test_replacing_a_document_keeps_the_old_one(login, users, regions):
    client = login(users["operator_a"])
    filing = complete_filing(users["operator_a"], documents=False)
    for name, content in (("a.pdf", PDF), ("b.png", PNG)):
        client.post(reverse("filings:document_upload", args=[filing.pk]),
                    {"doc_type": "premises", "file": SimpleUploadedFile(name, content)})
    assert FilingDocument.objects.filter(filing=filing).count() == 2
    current = FilingDocument.objects.current().get(filing=filing)
    assert current.original_name == "b.png" and current.content_type == "image/png"
    page = client.get(step_url(filing, "documents")).content.decode()
    assert "a.pdf" in page and "b.png" in page


def test_documents_are_served_only_within_scope(client, users, regions):
    filing = submitted_filing(users["operator_a"])
    document = filing.documents.first()
    url = reverse("filings:document", args=[filing.pk, document.pk])
    client.force_login(users["operator_a"])
    response = client.get(url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    for outsider in ("operator_b", "reviewer_b", "other_province_admin"):
        client.force_login(users[outsider])
        assert client.get(url).status_code == 404
        assert client.get(reverse("filings:detail", args=[filing.pk])).status_code == 404
    client.force_login(users["reviewer_a"])
    assert client.get(url).status_code == 200


def test_drafts_are_not_shown_to_reviewers(client, users, regions):
    filing = complete_filing(users["operator_a"])
    client.force_login(users["reviewer_a"])
    assert client.get(reverse("filings:detail", args=[filing.pk])).status_code == 404


def test_reviewer_returns_with_a_comment_the_operator_sees_it_next_to_the_field(login, client, users, regions):
    filing = submitted_filing(users["operator_a"])
    client.force_login(users["reviewer_a"])
    response = client.post(reverse("filings:decide", args=[filing.pk]), {
        "action": "return", "reason": "请补正", "comment_field_0": "premises.address",
        "comment_text_0": "请写到门牌号"})
    assert response.status_code == 302
    client.force_login(users["operator_a"])
    page = client.get(step_url(filing, "premises")).content.decode()
    assert "请写到门牌号" in page and "review-comment" in page


def test_reviewer_approves_and_gets_the_number(client, users, regions):
    filing = submitted_filing(users["operator_a"])
    client.force_login(users["reviewer_a"])
    client.post(reverse("filings:decide", args=[filing.pk]), {"action": "accept"})
    response = client.post(reverse("filings:decide", args=[filing.pk]),
                           {"action": "approve", "on": "2026-03-02"})
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.filing_number == "130102-2026-00001" and filing.accepted_at is not None
    assert filing.institution.ownership_type == "private"  # the wizard's 举办性质 (issue 17)
    page = client.get(reverse("filings:detail", args=[filing.pk])).content.decode()
    assert "130102-2026-00001" in page


def test_second_decision_gets_a_clear_refusal_and_keeps_the_typed_reason(client, users, regions):
    filing = submitted_filing(users["operator_a"])
    services.filing_approve(filing=filing, by=users["reviewer_a"])
    client.force_login(users["admin_a"])
    response = client.post(reverse("filings:decide", args=[filing.pk]),
                           {"action": "reject", "reason": "我的理由"}, follow=True)
    page = response.content.decode()
    assert "already handled" in page or "已由" in page


def test_reject_needs_a_reason(client, users, regions):
    filing = submitted_filing(users["operator_a"])
    client.force_login(users["reviewer_a"])
    response = client.post(reverse("filings:decide", args=[filing.pk]), {"action": "reject", "reason": ""})
    assert response.status_code == 409 and "请填写理由" in response.content.decode()
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED


@pytest.mark.parametrize("who", ["viewer_a", "inspector_a", "operator_a"])
def test_read_only_roles_cannot_decide(client, users, regions, who):
    filing = submitted_filing(users["operator_a"])
    client.force_login(users[who])
    response = client.post(reverse("filings:decide", args=[filing.pk]), {"action": "approve"})
    assert response.status_code in (403, 404)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED


def test_queue_shows_overdue_filings(client, users, regions):
    filing = submitted_filing(users["operator_a"])
    Filing.objects.filter(pk=filing.pk).update(
        submitted_at=datetime.datetime(2025, 1, 2, 9, 0, tzinfo=datetime.UTC))
    client.force_login(users["reviewer_a"])
    page = client.get(reverse("filings:list")).content.decode()
    assert 'data-overdue="decide"' in page and filing.name in page


def test_city_admin_sees_both_counties_reviewer_only_theirs(client, users, regions):
    a = submitted_filing(users["operator_a"], name="甲托育园")
    b = submitted_filing(users["operator_b"], region="130104", name="乙托育园")
    client.force_login(users["city_admin"])
    page = client.get(reverse("filings:list")).content.decode()
    assert a.name in page and b.name in page
    client.force_login(users["reviewer_a"])
    page = client.get(reverse("filings:list")).content.decode()
    assert a.name in page and b.name not in page


def _bulk_filings(n, county):
    Filing.objects.bulk_create([
        Filing(status=FilingStatus.SUBMITTED, county=county, name=f"托育园{i}", credit_code=f"X{i}",
               submitted_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)) for i in range(n)])


@pytest.mark.parametrize("count", [10, 200])
def test_queue_query_count_is_constant(client, users, regions, django_assert_max_num_queries, count):
    _bulk_filings(count, regions["county_a"])
    client.force_login(users["reviewer_a"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("filings:list")).status_code == 200


@pytest.mark.parametrize("count", [10, 200])
def test_operator_list_query_count_is_constant(client, users, regions, django_assert_max_num_queries, count):
    Filing.objects.bulk_create([Filing(created_by=users["operator_a"], name=f"托育园{i}") for i in range(count)])
    client.force_login(users["operator_a"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("filings:list")).status_code == 200


def test_change_filing_from_the_list_and_diff_for_the_reviewer(client, users, regions):
    filing = services.filing_approve(filing=submitted_filing(users["operator_a"]), by=users["reviewer_a"],
                                     on=datetime.date(2026, 1, 5))
    client.force_login(users["operator_a"])
    response = client.post(reverse("filings:change", args=[filing.institution_id]))
    change = Filing.objects.get(kind="change")
    assert response["Location"] == step_url(change, "entity")
    values = dict(change.data["entity"]) | {"name": "长安区小太阳托育园（新址）"}
    post_step(client, change, "entity", values)
    assert client.post(reverse("filings:submit", args=[change.pk])).status_code == 302
    change.refresh_from_db()
    assert change.status == FilingStatus.SUBMITTED
    client.force_login(users["reviewer_a"])
    page = client.get(reverse("filings:detail", args=[change.pk])).content.decode()
    assert "change-diff" in page and "长安区小太阳托育园（新址）" in page


def test_operator_requests_deregistration(client, users, regions):
    filing = services.filing_approve(filing=submitted_filing(users["operator_a"]), by=users["reviewer_a"],
                                     on=datetime.date(2026, 1, 5))
    client.force_login(users["operator_a"])
    url = reverse("filings:deregister", args=[filing.institution_id])
    response = client.post(url, {"on": "2026-06-30", "reason": ""})
    assert response.status_code == 200 and "请填写理由" in response.content.decode()
    assert 'value="2026-06-30"' in response.content.decode()
    response = client.post(url, {"on": "2026-06-30", "reason": "停办"})
    request = Filing.objects.get(kind="deregister")
    assert response["Location"] == reverse("filings:detail", args=[request.pk])
    assert request.status == FilingStatus.SUBMITTED


def test_submission_and_decision_notify_through_the_pages(client, users, regions, django_capture_on_commit_callbacks,
                                                          mailoutbox):
    from notifications.models import Notification

    filing = complete_filing(users["operator_a"])
    client.force_login(users["operator_a"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("filings:submit", args=[filing.pk]))
    assert Notification.objects.filter(recipient=users["reviewer_a"]).count() == 1
    assert not Notification.objects.filter(recipient=users["reviewer_b"]).exists()
    client.force_login(users["reviewer_a"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("filings:decide", args=[filing.pk]), {"action": "reject", "reason": "场地不符合要求"})
    notice = Notification.objects.get(recipient=users["operator_a"])
    assert "场地不符合要求" in notice.body


def test_reviewer_deregisters_directly_from_the_institution_page(client, users, institutions):
    from institutions.models import FilingState, Institution

    inst = institutions["a"]
    client.force_login(users["reviewer_a"])
    page = client.get(reverse("institutions:staff_detail", args=[inst.pk])).content.decode()
    assert reverse("filings:deregister", args=[inst.pk]) in page
    response = client.post(reverse("filings:deregister", args=[inst.pk]), {"on": "2026-05-01", "reason": "停办"})
    assert response.status_code == 302
    inst = Institution.objects.get(pk=inst.pk)
    assert inst.filing_state == FilingState.DEREGISTERED and str(inst.deregistered_on) == "2026-05-01"
    client.force_login(users["reviewer_b"])
    assert client.get(reverse("filings:deregister", args=[institutions["a"].pk])).status_code == 404
