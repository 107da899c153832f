"""The wizard checks each step's national standards when it is saved (issue 13, points 1 and 2): "save and next"
stays on a step that breaks one, each breach is shown under its field, the step pill is never ✓ with a breach;
expired documents, caregivers without a certificate and impossible telephone numbers are caught."""
import datetime
import re

import pytest
from django.urls import reverse

from filings import services
from filings.models import DocumentType, FilingStatus
from filings.prechecks import required_documents

from .helpers import answers, complete_filing, pdf
from .test_pages import post_step, step_url

pytestmark = pytest.mark.django_db


def pill_state(page: str, title: str) -> str:
    """The state class of the step pill whose title is given ("state-done", "state-error"...)."""
    for match in re.finditer(r'<li class="wizard-step[^"]*(state-\w+)">(.*?)</li>', page, re.S):
        if title in match.group(2):
            return match.group(1)
    raise AssertionError(f"no pill {title}")


def field_errors(page: str) -> list[str]:
    return re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', page, re.S)


def test_an_oversized_class_keeps_the_operator_on_step_3_with_the_message_under_the_field(login, users, regions):
    operator = users["operator_a"]
    client = login(operator)
    filing = services.filing_start_new(by=operator)
    service = answers()["service"]
    service["rows"][0] = {"name": "乳儿一班", "class_type": "infant", "capacity": "15", "enrolled": "8",
                          "caregivers": "5"}
    service["rows"][1] = {"name": "托大一班", "class_type": "toddler_large", "capacity": "25", "enrolled": "14",
                          "caregivers": "4"}
    response = post_step(client, filing, "service", service, goto="staff")
    assert response["Location"] == step_url(filing, "service")  # not on to step 4
    page = client.get(response["Location"]).content.decode()
    assert "已保存为草稿。本页有 2 项不符合备案标准" in page
    errors = field_errors(page)
    assert any("乳儿一班" in e and "10" in e for e in errors) and any("托大一班" in e and "20" in e for e in errors)
    assert pill_state(page, "班级与托位") == "state-error"
    filing.refresh_from_db()
    assert filing.data["service"]["rows"][1]["capacity"] == "25"  # the draft keeps what was typed

    # Corrected, the same button moves on and the pill is ✓.
    service["rows"][0]["capacity"], service["rows"][1]["capacity"] = "10", "20"
    response = post_step(client, filing, "service", service, goto="staff")
    assert response["Location"] == step_url(filing, "staff")
    assert pill_state(client.get(response["Location"]).content.decode(), "班级与托位") == "state-done"


def test_premises_breaches_are_each_shown_under_their_field(login, users, regions):
    operator = users["operator_a"]
    client = login(operator)
    filing = services.filing_start_new(by=operator)
    today = datetime.date.today()
    premises = answers()["premises"] | {
        "highest_care_floor": "5", "has_underground_rooms": "yes", "cctv_retention_days": "30",
        "lease_start": today.isoformat(), "lease_end": (today + datetime.timedelta(days=365)).isoformat()}
    response = post_step(client, filing, "premises", premises, goto="service")
    assert response["Location"] == step_url(filing, "premises")
    page = client.get(response["Location"]).content.decode()
    assert "本页有 4 项不符合备案标准" in page
    assert pill_state(page, "场地与地址") == "state-error"
    # Each message follows its own input.
    for name, text in (("highest_care_floor", "5层"), ("has_underground_rooms", "地下"),
                       ("lease_end", "租赁期限不足3年"), ("cctv_retention_days", "90天")):
        after = page[page.index(f'name="{name}"'):]
        assert text in after[:after.index("</div>\n</div>") + 200], name

    # Another step stays reachable from the pills (the draft is saved, as with form errors).
    assert post_step(client, filing, "premises", premises, goto="staff")["Location"] == step_url(filing, "staff")


def test_a_caregiver_without_a_certificate_number_is_a_breach(login, users, regions):
    operator = users["operator_a"]
    client = login(operator)
    filing = services.filing_start_new(by=operator)
    staff = answers()["staff"]
    staff["rows"][2]["qualification_cert_no"] = "  "
    response = post_step(client, filing, "staff", staff, goto="documents")
    assert response["Location"] == step_url(filing, "staff")
    page = client.get(response["Location"]).content.decode()
    assert any("保育人员须持证上岗" in e and staff["rows"][2]["name"] in e for e in field_errors(page))
    # The director needs none.
    staff["rows"][2]["qualification_cert_no"] = "BY-2024-0099"
    assert post_step(client, filing, "staff", staff, goto="documents")["Location"] == step_url(filing, "documents")


def test_an_expired_document_blocks_the_submission(login, users, regions):
    operator = users["operator_a"]
    client = login(operator)
    filing = complete_filing(operator)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    services.filing_document_upload(filing=filing, doc_type=DocumentType.HEALTH_EVALUATION, upload=pdf("评价.pdf"),
                                    by=operator, valid_until=yesterday)
    review = client.get(step_url(filing, "review")).content.decode()
    assert f"已过有效期（有效期至 {yesterday.isoformat()}）" in review
    documents = client.get(step_url(filing, "documents")).content.decode()
    assert pill_state(documents, "备案材料") == "state-error"
    client.post(reverse("filings:submit", args=[filing.pk]))
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT
    # A new report, valid for a year, clears it.
    services.filing_document_upload(filing=filing, doc_type=DocumentType.HEALTH_EVALUATION, upload=pdf("新评价.pdf"),
                                    by=operator, valid_until=datetime.date.today() + datetime.timedelta(days=365))
    client.post(reverse("filings:submit", args=[filing.pk]))
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED
    assert required_documents(meals_served=True)


@pytest.mark.parametrize("typed, stored", [
    ("0311 8600 1234", "0311-86001234"), ("13812345678", "13812345678"), ("+86 138-1234-5678", "13812345678"),
    ("０１０６２３４５６７８", "010-62345678"), ("400-810-8888", "400-810-8888")])
def test_telephone_numbers_are_normalised(typed, stored):
    from institutions.validators import normalise_phone

    assert normalise_phone(typed) == stored


def test_an_impossible_telephone_number_is_refused_on_step_1(login, users, regions):
    operator = users["operator_a"]
    client = login(operator)
    filing = services.filing_start_new(by=operator)
    entity = answers()["entity"] | {"contact_phone": "12345"}
    response = post_step(client, filing, "entity", entity, goto="premises")
    assert response["Location"] == step_url(filing, "entity")
    page = client.get(response["Location"]).content.decode()
    assert any("有效的电话号码" in e for e in field_errors(page)) and 'value="12345"' in page
    entity["contact_phone"] = "0311 8600 1234"
    assert post_step(client, filing, "entity", entity, goto="premises")["Location"] == step_url(filing, "premises")


def test_step_6_shows_the_total_of_slots(login, users, regions):
    operator = users["operator_a"]
    filing = complete_filing(operator)
    page = login(operator).get(step_url(filing, "review")).content.decode()
    totals = page[page.index('id="slot-totals"'):]
    totals = totals[:totals.index("</tr>")]
    # helpers.answers(): classes of 15, 20 and 5 (40 slots), 10 + 14 + 3 enrolled, 2 + 2 + 1 caregivers.
    assert "3 个班级" in totals and "托位 40" in totals and "在托 27" in totals and "保育人员 5" in totals


def test_a_change_filing_shows_its_diff_with_a_legend_before_it_is_submitted(login, users, regions):
    from filings.models import Filing

    operator = users["operator_a"]
    approved = services.filing_approve(filing=services.filing_submit(filing=complete_filing(operator), by=operator),
                                       by=users["reviewer_a"], on=datetime.date.today())
    client = login(operator)
    client.post(reverse("filings:change", args=[approved.institution_id]))
    change = Filing.objects.get(kind="change")
    review = client.get(step_url(change, "review")).content.decode()
    assert 'id="change-diff-empty"' in review and 'id="diff-legend"' in review  # nothing changed yet
    service = dict(change.data["service"])
    service["rows"] = [dict(row) for row in service["rows"]]
    service["rows"][1]["capacity"] = "18"
    post_step(client, change, "service", service, goto="")
    review = client.get(step_url(change, "review")).content.decode()
    diff = review[review.index('id="change-diff"'):review.index("</table>", review.index('id="change-diff"'))]
    assert "班级与托位 · 班级" in diff and "托位 40" in diff and "托位 38" in diff
    assert 'id="diff-legend"' in review and "原备案内容" in review and "变更后内容" in review
    assert change.status == FilingStatus.DRAFT


def test_selects_say_please_choose_and_the_documents_step_lists_an_expired_document(login, users, regions):
    operator = users["operator_a"]
    client = login(operator)
    filing = services.filing_start_new(by=operator)
    page = client.get(step_url(filing, "entity")).content.decode()
    assert "---------" not in page and '<option value="" selected>请选择</option>' in page
    services.filing_document_upload(filing=filing, doc_type=DocumentType.FIRE_SAFETY, upload=pdf("消防.pdf"),
                                    by=operator, valid_until=datetime.date.today() - datetime.timedelta(days=3))
    documents = client.get(step_url(filing, "documents")).content.decode()
    alert = documents[documents.index("本页不符合以下标准"):]
    alert = alert[:alert.index("</div></div>") if "</div></div>" in alert else 600]
    assert "已过有效期" in alert and "缺少必备材料" not in alert


def test_the_breach_message_is_in_english_on_the_english_page(login, users, regions, settings):
    operator = users["operator_a"]
    client = login(operator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    filing = services.filing_start_new(by=operator)
    staff = answers()["staff"]
    staff["rows"][1]["qualification_cert_no"] = ""
    response = post_step(client, filing, "staff", staff, goto="documents")
    page = client.get(response["Location"]).content.decode()
    assert "Saved as a draft. 1 entry on this page does not meet the filing standards" in page
    assert "Caregivers must be certified: no certificate number for 保育员1" in page


def _feedback(page: str) -> list[str]:
    """The texts of the field errors and of the page's alerts."""
    return [re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(
        r'<div class="(?:invalid-feedback d-block|alert alert-[a-z]+[^"]*)"[^>]*>(.*?)</div>', page, re.S)]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_wizard_messages_are_in_the_active_language_only(login, users, regions, settings, language):
    """Issue 13, point 12: no "中文 / English" messages: the Chinese page has no English sentence, the English
    page no Chinese one (names typed by the operator aside)."""
    client = login(users["operator_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    filing = services.filing_start_new(by=users["operator_a"])
    entity = answers()["entity"] | {"credit_code": "9144030071526726XA", "contact_phone": "12345", "name": ""}
    post_step(client, filing, "entity", entity, goto="premises")
    premises = answers()["premises"] | {"highest_care_floor": "5", "has_underground_rooms": "yes"}
    post_step(client, filing, "premises", premises, goto="service")
    texts = []
    for step in ("entity", "premises"):
        texts += _feedback(client.get(step_url(filing, step)).content.decode())
    assert len(texts) >= 5, texts
    for text in texts:
        if language == "en":
            assert not re.search(r"[\u4e00-\u9fff]", text), text
        else:
            assert not re.search(r"[A-Za-z]{4,} [A-Za-z]{2,} [A-Za-z]{2,}", text), text  # no English sentence


def test_english_labels_read_as_english(login, users, regions, settings, institutions):
    """Issue 13, point 12: the submit button, star counts and enumerations in the English UI."""
    from institutions.services import star_rating_set

    client = login(users["operator_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    filing = complete_filing(users["operator_a"])
    review = client.get(step_url(filing, "review")).content.decode()
    submit = review[review.index('id="submit-filing"'):review.index("</button>", review.index('id="submit-filing"'))]
    assert "Submit the filing" in submit and "Filing submitted" not in submit
    assert "Full-day, Half-day" in review and "、" not in review.split('id="prechecks"')[1].split("</dl>")[0]
    star_rating_set(institution=institutions["a"], rating=1, reason="评定", by=users["admin_a"])
    page = client.get(reverse("institutions:public_detail", args=[institutions["a"].pk])).content.decode()
    assert 'aria-label="1 star"' in page and "1 stars" not in page
