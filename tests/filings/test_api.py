"""The filings API (/api/v1/filings/): the whole life cycle through HTTP alone, scope and roles,
uploads, refusals and the list's query count."""
import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core.files import MSG_DOCUMENT_TYPE
from filings.models import Filing, FilingKind, FilingStatus
from filings.prechecks import required_documents
from filings.serializers import MSG_CHANGE_NEEDS_INSTITUTION, MSG_DOCUMENT_TYPE_UNKNOWN
from filings.services import MSG_PRECHECKS, MSG_REASON_REQUIRED
from filings.steps import MSG_REQUIRED
from institutions.models import FilingState

from .helpers import PDF, answers, complete_filing, pdf, submitted_filing

pytestmark = pytest.mark.django_db

LIST = "/api/v1/filings/"


def url(filing_or_id, tail=""):
    pk = getattr(filing_or_id, "pk", filing_or_id)
    return f"{LIST}{pk}/{tail}"


@pytest.fixture
def api(users):
    """api("operator_a") → an APIClient authenticated as that user."""
    def _api(username):
        client = APIClient()
        client.force_authenticate(users[username])
        return client
    return _api


def upload(client, filing, doc_type, file):
    return client.post(url(filing, "documents/"), {"doc_type": doc_type, "file": file}, format="multipart")


def test_whole_life_cycle_through_the_api(api, users):
    operator, reviewer = api("operator_a"), api("reviewer_a")
    created = operator.post(LIST, {"kind": "new"}, format="json")
    assert created.status_code == 201 and created.json()["status"] == FilingStatus.DRAFT
    filing_id = created.json()["id"]

    for step, values in answers().items():
        response = operator.put(url(filing_id, f"steps/{step}/"), values, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["valid"] is True and response.json()["errors"] == {}
    for doc in required_documents(meals_served=True):
        response = upload(operator, filing_id, doc, pdf(f"{doc}.pdf"))
        assert response.status_code == 201, response.content
        assert response.json()["doc_type"] == doc and response.json()["content_type"] == "application/pdf"

    submitted = operator.post(url(filing_id, "submit/"))
    assert submitted.status_code == 200 and submitted.json()["status"] == FilingStatus.SUBMITTED
    assert submitted.json()["county_code"] == "130102"

    returned = reviewer.post(url(filing_id, "return/"), {
        "reason": "地址不完整", "comments": {"premises.address": "地址请写到门牌号"}}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == FilingStatus.RETURNED

    seen = operator.get(url(filing_id)).json()
    last = seen["events"][-1]
    assert (last["action"], last["reason"], last["comments"]) == (
        "return", "地址不完整", {"premises.address": "地址请写到门牌号"})
    assert seen["is_editable"] is True and len(seen["documents"]) == len(required_documents(meals_served=True))

    corrected = operator.patch(url(filing_id, "steps/premises/"), {"address": "中山东路100号3号楼"}, format="json")
    assert corrected.status_code == 200 and corrected.json()["valid"] is True
    assert corrected.json()["values"]["address"] == "中山东路100号3号楼"
    assert corrected.json()["values"]["region"] == "130102"  # PATCH keeps the other answers
    assert operator.post(url(filing_id, "submit/")).status_code == 200

    today = timezone.localdate()
    approved = reviewer.post(url(filing_id, "approve/"), {"on": today.isoformat()}, format="json")
    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert body["status"] == FilingStatus.APPROVED and body["filing_number"] == f"130102-{today.year}-00001"
    assert body["institution"] is not None and body["effective_on"] == today.isoformat()
    assert [e["action"] for e in body["events"]] == ["submit", "return", "submit", "approve"]


def test_step_answers_are_kept_with_their_errors(api, users):
    operator = api("operator_a")
    filing_id = operator.post(LIST, {"kind": "new"}, format="json").json()["id"]
    premises = {**answers()["premises"], "highest_care_floor": "二楼", "lease_end": "", "building_area": 600}
    response = operator.put(url(filing_id, "steps/premises/"), premises, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False
    assert set(body["errors"]) == {"premises.highest_care_floor", "premises.lease_end"}
    assert body["values"]["highest_care_floor"] == "二楼" and body["values"]["building_area"] == "600"

    service = answers()["service"]
    service["rows"][0]["capacity"] = ""
    body = operator.put(url(filing_id, "steps/service/"), service, format="json").json()
    assert body["errors"] == {"service.rows.0.capacity": [MSG_REQUIRED]}

    body = operator.put(url(filing_id, "steps/staff/"), {"rows": []}, format="json").json()
    assert list(body["errors"]) == ["staff.rows"]
    assert operator.put(url(filing_id, "steps/documents/"), {}, format="json").status_code == 404


def test_create_with_initial_answers(api, users):
    entity = answers()["entity"]
    response = api("operator_a").post(LIST, {"kind": "new", "data": {"entity": entity}}, format="json")
    assert response.status_code == 201
    assert response.json()["data"]["entity"] == entity and response.json()["name"] == entity["name"]


def test_html_named_pdf_is_refused_and_answers_are_kept(api, users):
    operator = api("operator_a")
    filing_id = operator.post(LIST, {"kind": "new"}, format="json").json()["id"]
    operator.put(url(filing_id, "steps/entity/"), answers()["entity"], format="json")
    before = operator.get(url(filing_id)).json()["data"]

    response = upload(operator, filing_id, "premises", pdf("场地证明.pdf", b"<html><script>alert(1)</script></html>"))
    assert response.status_code == 400 and response.json() == {"file": [MSG_DOCUMENT_TYPE]}
    assert str(MSG_DOCUMENT_TYPE).startswith("只接受")  # the active language only (issue 13)
    after = operator.get(url(filing_id)).json()
    assert after["data"] == before and after["documents"] == []

    response = upload(operator, filing_id, "diploma", pdf())
    assert response.status_code == 400
    assert response.json()["doc_type"] == [MSG_DOCUMENT_TYPE_UNKNOWN.format(input="diploma")]


def test_upload_above_10_mb_is_refused(api, users):
    operator = api("operator_a")
    filing_id = operator.post(LIST, {"kind": "new"}, format="json").json()["id"]
    response = upload(operator, filing_id, "premises", pdf("big.pdf", PDF + b"0" * (11 * 1024 * 1024)))
    assert response.status_code == 400
    message = response.json()["file"][0]
    assert message == "文件“big.pdf”大小为 11.0\xa0MB，超过 10.0\xa0MB 的上限"
    assert Filing.objects.get(pk=filing_id).documents.count() == 0


def test_document_history_and_download(api, users):
    filing = complete_filing(users["operator_a"])
    operator = api("operator_a")
    assert upload(operator, filing, "premises", pdf("新租赁合同.pdf")).status_code == 201
    documents = operator.get(url(filing, "documents/")).json()
    premises = [d for d in documents if d["doc_type"] == "premises"]
    assert len(premises) == 2 and premises[0]["superseded_at"] is None
    assert premises[0]["original_name"] == "新租赁合同.pdf" and premises[1]["superseded_at"] is not None
    response = operator.get(url(filing, f"documents/{premises[0]['id']}/file/"))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_operator_of_other_institution_gets_404(api, users):
    filing = complete_filing(users["operator_a"])
    document = filing.documents.first()
    other = api("operator_b")
    assert other.get(url(filing)).status_code == 404
    assert other.get(url(filing, "documents/")).status_code == 404
    assert other.get(url(filing, f"documents/{document.pk}/file/")).status_code == 404
    assert upload(other, filing, "premises", pdf()).status_code == 404
    assert other.put(url(filing, "steps/entity/"), answers()["entity"], format="json").status_code == 404
    assert other.post(url(filing, "submit/")).status_code == 404
    assert other.get(LIST).json()["count"] == 0


def test_reviewer_of_other_county_gets_404(api, users):
    filing = submitted_filing(users["operator_a"])
    other = api("reviewer_b")
    assert other.get(url(filing)).status_code == 404
    assert other.post(url(filing, "approve/"), {}, format="json").status_code == 404
    assert other.get(LIST).json()["count"] == 0
    assert api("reviewer_a").get(url(filing)).status_code == 200
    assert api("city_admin").get(LIST).json()["count"] == 1


def test_read_only_roles_get_403_on_actions(api, users):
    filing = submitted_filing(users["operator_a"])
    for username in ("viewer_a", "inspector_a"):
        client = api(username)
        assert client.get(url(filing)).status_code == 200
        assert client.post(url(filing, "approve/"), {}, format="json").status_code == 403
        assert client.post(url(filing, "return/"), {"reason": "x"}, format="json").status_code == 403
        assert client.post(LIST, {"kind": "new"}, format="json").status_code == 403
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED


def test_roles_keep_to_their_side(api, users):
    filing = submitted_filing(users["operator_a"])
    assert api("operator_a").post(url(filing, "approve/"), {}, format="json").status_code == 403
    assert api("reviewer_a").post(url(filing, "submit/")).status_code == 403
    assert api("reviewer_a").post(LIST, {"kind": "new"}, format="json").status_code == 403
    assert api("city_admin").post(url(filing, "accept/")).status_code == 200


def test_drafts_are_not_shown_to_reviewers(api, users):
    filing = complete_filing(users["operator_a"])
    assert api("reviewer_a").get(url(filing)).status_code == 404


def test_anonymous_gets_401(users):
    assert APIClient().get(LIST).status_code == 401
    assert APIClient().post(LIST, {"kind": "new"}, format="json").status_code == 401


def test_submit_with_failing_prechecks_answers_409_with_the_checks(api, users):
    filing = complete_filing(users["operator_a"], documents=False)
    response = api("operator_a").post(url(filing, "submit/"))
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == MSG_PRECHECKS
    assert {c["rule"] for c in body["checks"]} == {"document.missing"}
    assert body["checks"][0].keys() == {"rule", "step", "field", "message", "blocking"}
    shown = api("operator_a").get(url(filing)).json()["prechecks"]
    assert len(shown) == len(body["checks"]) and shown[0]["step"] == "documents"


def test_second_decision_and_missing_reason_answer_409(api, users):
    filing = submitted_filing(users["operator_a"])
    reviewer = api("reviewer_a")
    refused = reviewer.post(url(filing, "reject/"), {"reason": " "}, format="json")
    assert refused.status_code == 409 and refused.json()["detail"] == MSG_REASON_REQUIRED
    assert reviewer.post(url(filing, "reject/"), {"reason": "场地不符合要求"}, format="json").status_code == 200
    again = api("admin_a").post(url(filing, "approve/"), {}, format="json")
    assert again.status_code == 409 and "已由" in again.json()["detail"]
    english = api("admin_a").post(url(filing, "approve/"), {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 409 and "already handled" in english.json()["detail"]
    edit = api("operator_a").put(url(filing, "steps/entity/"), answers()["entity"], format="json")
    assert edit.status_code == 409


def test_change_filing_and_deregistration(api, users, institutions):
    operator = api("operator_a")
    inst = institutions["a"]
    assert operator.post(LIST, {"kind": "change"}, format="json").json() == {
        "institution": [MSG_CHANGE_NEEDS_INSTITUTION]}
    assert operator.post(LIST, {"kind": "change", "institution": institutions["b"].pk},
                         format="json").status_code == 404
    change = operator.post(LIST, {"kind": "change", "institution": inst.pk}, format="json")
    assert change.status_code == 201
    assert change.json()["kind"] == FilingKind.CHANGE and change.json()["data"]["entity"]["name"] == inst.name
    second = operator.post(LIST, {"kind": "change", "institution": inst.pk}, format="json")
    assert second.status_code == 409

    Filing.objects.filter(pk=change.json()["id"]).update(status=FilingStatus.WITHDRAWN)
    request = {"institution": inst.pk, "on": "2025-06-30", "reason": "停办"}
    assert api("operator_b").post(f"{LIST}deregister/", request, format="json").status_code == 404
    assert api("reviewer_a").post(f"{LIST}deregister/", request, format="json").status_code == 403
    response = operator.post(f"{LIST}deregister/", request, format="json")
    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["status"]) == (FilingKind.DEREGISTER, FilingStatus.SUBMITTED)
    approved = api("reviewer_a").post(url(response.json()["id"], "approve/"), {}, format="json")
    assert approved.status_code == 200
    inst.refresh_from_db()
    assert inst.filing_state != FilingState.FILED


def test_list_filters_and_ordering(api, users):
    first = submitted_filing(users["operator_a"], name="阳光托育园")
    second = submitted_filing(users["operator_a"], name="星星托育园", region="130104")
    Filing.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=1))
    client = api("city_admin")

    def names(**params):
        return [row["name"] for row in client.get(LIST, params).json()["results"]]

    assert names(county="130104") == ["星星托育园"]
    assert names(county="1301", ordering="submitted_at") == ["阳光托育园", "星星托育园"]
    assert names(ordering="-submitted_at") == ["星星托育园", "阳光托育园"]
    assert names(q="阳光") == ["阳光托育园"]
    assert names(q=second.credit_code.lower()) == ["星星托育园"]
    assert names(status="approved") == [] and len(names(status="submitted", kind="new")) == 2
    assert client.get(LIST, {"status": "nonsense"}).status_code == 400


def _bulk_submitted(operator, county, count):
    now = timezone.now()
    Filing.objects.bulk_create([
        Filing(kind=FilingKind.NEW, status=FilingStatus.SUBMITTED, county=county, name=f"托育园{i}",
               credit_code=f"{i:018d}", created_by=operator, submitted_at=now, first_submitted_at=now)
        for i in range(count)])


@pytest.mark.parametrize("username", ["reviewer_a", "operator_a"])
def test_list_query_count_does_not_grow(api, users, regions, username, django_assert_max_num_queries):
    client = api(username)
    _bulk_submitted(users["operator_a"], regions["county_a"], 10)
    with django_assert_max_num_queries(3):
        small = client.get(LIST, {"page_size": 500})
    _bulk_submitted(users["operator_a"], regions["county_a"], 190)
    with django_assert_max_num_queries(3):
        large = client.get(LIST, {"page_size": 500})
    assert small.json()["count"] == 10 and large.json()["count"] == 200
    assert large.json()["results"][0]["county_name"] == "长安区"


def test_schema_lists_the_filings_endpoints(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/v1/filings/", "/api/v1/filings/{id}/", "/api/v1/filings/{id}/steps/{step}/",
                 "/api/v1/filings/{id}/documents/", "/api/v1/filings/{id}/submit/", "/api/v1/filings/{id}/accept/",
                 "/api/v1/filings/{id}/approve/", "/api/v1/filings/{id}/return/", "/api/v1/filings/{id}/reject/",
                 "/api/v1/filings/deregister/"):
        assert path in schema["paths"], path
    assert schema["paths"]["/api/v1/filings/{id}/submit/"]["post"]["responses"]["409"]


def test_change_filing_raising_slots_on_1_march_through_the_api(api, users):
    """40 slots filed in January; a change filing approved on 1 March raises them to 60: the institutions API
    reports 40 on 28 February and 60 on 1 March (the old capacity record is kept)."""
    operator, reviewer = api("operator_a"), api("reviewer_a")
    classes = [{"name": f"托大{i}班", "class_type": "toddler_large", "capacity": "20", "enrolled": "7",
                "caregivers": "1"} for i in (1, 2)]
    filing = complete_filing(users["operator_a"], classes=classes)
    operator.post(url(filing, "submit/"))
    approved = reviewer.post(url(filing, "approve/"), {"on": "2026-01-05"}, format="json").json()
    institution_id = approved["institution"]

    change = operator.post(LIST, {"kind": "change", "institution": institution_id}, format="json").json()
    service = dict(change["data"]["service"])
    service["rows"] = [*service["rows"], {"name": "托大3班", "class_type": "toddler_large", "capacity": "20",
                                          "enrolled": "7", "caregivers": "1"}]
    assert operator.put(url(change["id"], "steps/service/"), service, format="json").json()["valid"] is True
    assert operator.post(url(change["id"], "submit/")).status_code == 200
    assert reviewer.post(url(change["id"], "approve/"), {"on": "2026-03-01"}, format="json").status_code == 200

    def slots_on(day):
        return reviewer.get(f"/api/v1/institutions/{institution_id}/", {"date": day}).json()["slots"]

    assert slots_on("2026-02-28") == 40
    assert slots_on("2026-03-01") == 60
