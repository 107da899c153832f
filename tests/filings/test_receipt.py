"""The filing receipt (备案回执) and the public verification page of a filing number, through HTTP."""
import datetime

import pytest
from django.urls import reverse

from filings import services
from filings.models import FilingStatus
from filings.receipt import MSG_NUMBER_FORMAT, MSG_NUMBER_NOT_FOUND, qr_svg

from .helpers import staff_identity, submitted_filing

pytestmark = pytest.mark.django_db

FILED_ON = datetime.date(2026, 1, 5)
NUMBER = "130102-2026-00001"
PHONE = "0311-86001234"  # the entity's contact phone in helpers.answers


@pytest.fixture
def approved(users, regions):
    return services.filing_approve(filing=submitted_filing(users["operator_a"]), by=users["reviewer_a"], on=FILED_ON)


def receipt_url(filing) -> str:
    return reverse("filing_docs:receipt", args=[filing.pk])


def verify_url(number: str = NUMBER) -> str:
    return reverse("filing_docs:verify", args=[number])


def approve_change(filing, users, *, on: datetime.date):
    change = services.filing_start_change(institution=filing.institution, by=users["operator_a"])
    services.filing_submit(filing=change, by=users["operator_a"])
    return services.filing_approve(filing=change, by=users["reviewer_a"], on=on)


def deregister(filing, users, *, on: datetime.date):
    request = services.filing_request_deregistration(institution=filing.institution, by=users["operator_a"],
                                                     on=on, reason="停止办学")
    return services.filing_approve(filing=request, by=users["reviewer_a"])


# --- receipt ----------------------------------------------------------------------------------------

def test_receipt_shows_the_filing_facts_classes_and_a_qr_code_of_the_verify_url(approved, users, login,
                                                                               django_assert_max_num_queries):
    assert approved.filing_number == NUMBER
    client = login(users["operator_a"])
    with django_assert_max_num_queries(6):
        response = client.get(receipt_url(approved))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("托育机构备案回执", NUMBER, "长安区小太阳托育园", approved.credit_code, "中山东路100号",
                 "河北省 石家庄市 长安区", "营利性", "社会力量独立举办", "全日托、半日托",
                 "托小一班", "托大一班", "乳儿班", "长安区卫生健康委员会（局）", "2026年1月5日", "打印"):
        assert text in page, text
    assert "<td>40</td>" in page.replace('<td class="text-end">', "<td>")  # total slots: 15 + 20 + 5
    absolute_verify = f"http://testserver{verify_url()}"
    assert absolute_verify in page
    assert "<svg" in page and response.context["qr_svg"] == qr_svg(absolute_verify)
    assert PHONE not in page


def test_receipt_has_a4_print_styles(approved, users, login):
    page = login(users["operator_a"]).get(receipt_url(approved)).content.decode()
    assert "css/print.css" in page
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/print.css"), encoding="utf-8").read()
    assert "size: A4" in css and "margin: 15mm" in css and "@media print" in css


def test_reviewer_of_the_county_sees_the_receipt(approved, users, login):
    assert login(users["reviewer_a"]).get(receipt_url(approved)).status_code == 200


def test_operator_of_another_institution_gets_404(approved, users, login):
    assert login(users["operator_b"]).get(receipt_url(approved)).status_code == 404


def test_reviewer_of_other_county_gets_404(approved, users, login):
    assert login(users["reviewer_b"]).get(receipt_url(approved)).status_code == 404


def test_receipt_of_a_filing_not_approved_is_404(users, regions, login):
    filing = submitted_filing(users["operator_a"])
    assert filing.status == FilingStatus.SUBMITTED
    assert login(users["reviewer_a"]).get(receipt_url(filing)).status_code == 404
    assert login(users["operator_a"]).get(receipt_url(filing)).status_code == 404


def test_deregistration_filing_has_no_receipt(approved, users, login):
    request = deregister(approved, users, on=datetime.date(2026, 6, 30))
    assert request.status == FilingStatus.APPROVED
    assert login(users["operator_a"]).get(receipt_url(request)).status_code == 404


def test_anonymous_is_sent_to_log_in(approved, client):
    response = client.get(receipt_url(approved))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_change_filing_receipt_keeps_the_number_and_supersedes_the_first(approved, users, login):
    change = approve_change(approved, users, on=datetime.date(2026, 3, 1))
    client = login(users["operator_a"])
    page = client.get(receipt_url(change)).content.decode()
    assert NUMBER in page and "变更备案" in page and "2026年3月1日" in page
    old = client.get(receipt_url(approved))
    assert old.status_code == 200 and receipt_url(change) in old.content.decode()


# --- verification -----------------------------------------------------------------------------------

def test_verify_valid_filing_is_public_and_shows_public_facts_only(approved, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(verify_url())
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("有效", NUMBER, "长安区小太阳托育园", "河北省 石家庄市 长安区", "2026年1月5日"):
        assert text in page, text
    assert "已注销" not in page and "已变更" not in page
    assert PHONE not in page and "王芳" not in page and approved.credit_code not in page


def test_verify_after_deregistration_shows_deregistered_and_the_date(approved, users, client):
    deregister(approved, users, on=datetime.date(2026, 6, 30))
    response = client.get(verify_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "已注销" in page and "2026年6月30日" in page and "有效" not in page


def test_verify_after_a_change_shows_changed_with_the_date(approved, users, client,
                                                           django_assert_max_num_queries):
    approve_change(approved, users, on=datetime.date(2026, 3, 1))
    approve_change(approved, users, on=datetime.date(2026, 4, 1))
    with django_assert_max_num_queries(2):
        response = client.get(verify_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "有效" in page and "已变更（最近变更于 2026年4月1日）" in page


def test_verify_unknown_number_is_404_with_the_message(approved, client):
    response = client.get(verify_url("130102-2026-00099"))
    assert response.status_code == 404
    assert str(MSG_NUMBER_NOT_FOUND) in response.content.decode()


@pytest.mark.parametrize("number", ["130102-2026-1", "abc", "1301022026000001", "130102-26-00001"])
def test_verify_malformed_number_is_404(approved, client, number):
    response = client.get(verify_url(number))
    assert response.status_code == 404
    assert str(MSG_NUMBER_NOT_FOUND) in response.content.decode()


def test_verify_form_sends_the_visitor_to_the_number(client):
    form = reverse("filing_docs:verify_form")
    assert client.get(form).status_code == 200
    response = client.get(form, {"number": " 130102-2026-00001 "})
    assert response.status_code == 302 and response["Location"] == verify_url()
    # Full-width digits and dashes typed with a Chinese input method are accepted.
    response = client.get(form, {"number": "１３０１０２－２０２６－００００１"})
    assert response.status_code == 302 and response["Location"] == verify_url()


def test_verify_form_shows_the_format_error_at_the_field(client):
    response = client.get(reverse("filing_docs:verify_form"), {"number": "12345"})
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == [MSG_NUMBER_FORMAT]
    assert "is-invalid" in response.content.decode()


# --- a change does not rewrite history (issue 13, point 7) ------------------------------------------------

def _change_slots(filing, users, *, to: int, on: datetime.date):
    """A change filing that adds a 托大班 (and its caregiver) of `to` - 40 slots, approved on `on`."""
    change = services.filing_start_change(institution=filing.institution, by=users["operator_a"])
    service = dict(change.data["service"])
    added = to - sum(int(row["capacity"]) for row in service["rows"])
    service["rows"] = [*service["rows"], {"name": "托大二班（扩班）", "class_type": "toddler_large",
                                          "capacity": str(added), "enrolled": "7", "caregivers": "1"}]
    staff = dict(change.data["staff"])
    staff["rows"] = [*staff["rows"], {"name": "保育员新", "role": "caregiver", "qualification_cert_no": "BY-2026-0100",
                                      "health_check_on": on.isoformat(), **staff_identity(100)}]
    change = services.filing_save_step(filing=change, step="service", values=service, by=users["operator_a"])
    change = services.filing_save_step(filing=change, step="staff", values=staff, by=users["operator_a"])
    services.filing_submit(filing=change, by=users["operator_a"])
    return services.filing_approve(filing=change, by=users["reviewer_a"], on=on)


@pytest.mark.parametrize("change_on", [datetime.date(2026, 3, 1), FILED_ON], ids=["months-later", "same-day"])
def test_a_change_from_40_to_60_slots_keeps_the_first_receipt_its_capacity_record_and_an_audit_row(
        approved, users, login, change_on):
    from accounts.models import AuditEvent
    from institutions.models import CapacityRecord

    institution = approved.institution
    change = _change_slots(approved, users, to=60, on=change_on)
    client = login(users["reviewer_a"])

    first = client.get(receipt_url(approved)).content.decode()
    facts = first[first.index('class="table table-bordered receipt-table receipt-facts"'):]
    assert "<td>40</td>" in facts[:facts.index("</table>")] and "扩班" not in first
    assert 'id="receipt-superseded"' in first and 'class="receipt-void"' in first
    assert receipt_url(change) in first
    current = client.get(receipt_url(change)).content.decode()
    assert "<td>60</td>" in current and "扩班" in current and 'id="receipt-superseded"' not in current

    records = list(CapacityRecord.objects.filter(institution=institution).order_by("effective_from"))
    assert [(r.slots, r.effective_from) for r in records] == [
        (40, FILED_ON), (60, max(change_on, FILED_ON + datetime.timedelta(days=1)))]
    assert records[0].effective_to == records[1].effective_from and records[1].effective_to is None
    page = client.get(reverse("institutions:staff_detail", args=[institution.pk])).content.decode()
    history = page[page.index('id="capacity-history"'):]
    history = history[:history.index("</table>")]
    assert ">40<" in history and ">60<" in history
    audit = AuditEvent.objects.get(action="capacity.add", object_id=str(institution.pk), summary__contains="→")
    assert "托位 40 → 60" in audit.summary and audit.before["slots"] == 40 and audit.after["slots"] == 60
    assert "托位 40 → 60" in page  # 操作记录


def test_the_audit_rows_of_a_change_read_in_the_pages_language(approved, users, login):
    """Audit summaries are records in Chinese, shown again in the reader's language (issue 13 point 12)."""
    institution = approved.institution
    _change_slots(approved, users, to=60, on=datetime.date(2026, 3, 1))
    client = login(users["reviewer_a"])
    url = reverse("institutions:staff_detail", args=[institution.pk])

    chinese = client.get(url).content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    log = english[english.index("Audit history"):]
    assert "托位 40 → 60 / 在托" in chinese and "Slots 40 → 60 / enrolled" in english
    assert "托位" not in log and "在托" not in log and "核定" not in log
    assert "toddler_large" not in english and "toddler_large" not in chinese
    filing_page = client.get(reverse("filings:detail", args=[approved.pk]), HTTP_ACCEPT_LANGUAGE="en")
    audit = filing_page.content.decode()
    audit = audit[audit.index('id="audit"'):]
    audit = audit[:audit.index("</ul>")]
    assert "New filing" in audit or "Filing" in audit
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in audit.replace(approved.name, "")), audit
