"""Inclusive recognition (issue 16 point 3): the county recognises an institution as inclusive for a date range and
publishes it (public list, public page); the inclusive share counted for a date uses the recognition in force that
day; an institution without recognitions keeps its flag; periods never overlap; ending one is dated and kept; a
recognition is refused while a fee is above the guide price; scoped (404 / 403) and audited; the nightly task
turns the flag when a recognition starts or ends."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from institutions.inclusive import inclusive_flags_refresh
from institutions.models import InclusiveRecognition, Institution
from institutions.tasks import refresh_inclusive_flags
from programme.models import Fee, FeeCap
from stats.models import RegionFigures
from stats.services import rollups_compute_year
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

LIST = "/programme/inclusive/"
D = datetime.date


def recognise(client, institution, valid_from, valid_to=None, basis="长安区2024年普惠性托育机构名单（第一批）"):
    return client.post(LIST, {"credit_code": institution.credit_code, "valid_from": valid_from.isoformat(),
                              "valid_to": valid_to.isoformat() if valid_to else "", "basis": basis})


def inclusive_slots(code: str, year: int, quarter: int) -> int:
    return RegionFigures.objects.get(region_code=code, year=year, quarter=quarter).inclusive_slots


def test_the_figures_count_an_institution_as_inclusive_only_while_its_recognition_is_in_force(
        client, users, institutions, regions):
    # A (40 slots since 2024-03-01) recognised for the second half of 2024; B (60 slots) keeps its undated flag.
    institutions["b"].inclusive = True
    institutions["b"].save(update_fields=["inclusive"])
    client.force_login(users["admin_a"])
    assert recognise(client, institutions["a"], D(2024, 7, 1), D(2024, 12, 31)).status_code == 302
    rollups_compute_year(year=2024)
    rollups_compute_year(year=2025)
    assert inclusive_slots("130102", 2024, 2) == 0  # ends 2024-06-30: before the recognition
    assert inclusive_slots("130102", 2024, 3) == 40  # 2024-09-30: in force
    assert inclusive_slots("130102", 2024, 0) == 40  # the year's end, 2024-12-31: its last day
    assert inclusive_slots("130102", 2025, 1) == 0  # 2025-03-31: over
    assert inclusive_slots("130104", 2024, 2) == 60 and inclusive_slots("130104", 2025, 1) == 60  # the flag
    city = RegionFigures.objects.get(region_code="1301", year=2024, quarter=3)
    assert (city.inclusive_slots, city.slots, float(city.inclusive_share_pct)) == (100, 100, 100.0)
    city = RegionFigures.objects.get(region_code="1301", year=2024, quarter=2)
    assert (city.inclusive_slots, float(city.inclusive_share_pct)) == (60, 60.0)  # 60 / 100 × 100
    # Today the recognition is over: the flag says so, and a change filing's answer does not turn it back.
    institutions["a"].refresh_from_db()
    assert institutions["a"].inclusive is False


def test_periods_never_overlap_and_ending_one_is_dated_and_kept(client, users, institutions):
    client.force_login(users["admin_a"])
    today = timezone.localdate()
    assert recognise(client, institutions["a"], today - datetime.timedelta(days=30)).status_code == 302
    institutions["a"].refresh_from_db()
    assert institutions["a"].inclusive is True
    response = recognise(client, institutions["a"], today + datetime.timedelta(days=100))
    assert response.status_code == 400 and "不能重叠" in response.content.decode()
    recognition = InclusiveRecognition.objects.get()
    end = reverse("programme:inclusive_end", args=[recognition.pk])
    assert client.post(end, {"on": today.isoformat(), "reason": ""}).status_code == 400
    assert client.post(end, {"on": (today - datetime.timedelta(days=31)).isoformat(),
                             "reason": "撤销"}).status_code == 400  # before it began
    assert client.post(end, {"on": (today - datetime.timedelta(days=1)).isoformat(),
                             "reason": "未按指导价收费，撤销认定"}).status_code == 302
    recognition.refresh_from_db()
    institutions["a"].refresh_from_db()
    assert recognition.valid_to == today - datetime.timedelta(days=1) and institutions["a"].inclusive is False
    assert recognise(client, institutions["a"], today).status_code == 302  # a new period after the end
    assert InclusiveRecognition.objects.count() == 2
    actions = list(AuditEvent.objects.filter(action__startswith="inclusive.").values_list("action", flat=True))
    assert sorted(actions) == ["inclusive.end", "inclusive.recognise", "inclusive.recognise"]


def test_a_fee_above_the_guide_price_blocks_the_recognition(client, users, institutions):
    today = timezone.localdate()
    FeeCap.objects.create(region_id="1301", class_type="infant", cap=2100, valid_from=D(2025, 1, 1), basis="石发改",
                          set_by=users["city_admin"])
    Fee.objects.create(institution=institutions["a"], class_type="infant", monthly_fee=2600, valid_from=today,
                       declared_by=users["operator_a"])
    client.force_login(users["admin_a"])
    response = recognise(client, institutions["a"], today)
    assert response.status_code == 400
    assert "2600" in response.content.decode() and "2100" in response.content.decode()
    assert not InclusiveRecognition.objects.exists()


def test_scope_and_permissions(client, users, institutions):
    today = timezone.localdate()
    client.force_login(users["reviewer_a"])  # staff read the list; only admins recognise
    assert client.get(LIST).status_code == 200
    assert recognise(client, institutions["a"], today).status_code == 403
    client.force_login(users["admin_b"])  # another county's institution: not found in its scope
    response = recognise(client, institutions["a"], today)
    assert response.status_code == 400 and not InclusiveRecognition.objects.exists()
    client.force_login(users["city_admin"])  # the city may recognise in its counties
    assert recognise(client, institutions["a"], today).status_code == 302
    recognition = InclusiveRecognition.objects.get()
    client.force_login(users["admin_b"])
    assert client.get(reverse("programme:inclusive_end", args=[recognition.pk])).status_code == 404
    assert institutions["a"].name not in client.get(LIST).content.decode()
    client.force_login(users["operator_a"])
    assert client.get(LIST).status_code == 403


def test_the_public_list_and_page_show_the_recognitions_in_force(client, users, institutions):
    today = timezone.localdate()
    client.force_login(users["admin_a"])
    recognise(client, institutions["a"], today - datetime.timedelta(days=10), today + datetime.timedelta(days=700))
    client.logout()
    page = client.get(reverse("programme:inclusive_public")).content.decode()
    assert institutions["a"].name in page and "长安区2024年普惠性托育机构名单" in page
    assert institutions["a"].name not in client.get(reverse("programme:inclusive_public") + "?county=370830").content \
        .decode()
    detail = client.get(reverse("institutions:public_detail", args=[institutions["a"].pk])).content.decode()
    assert 'id="inclusive-recognitions"' in detail and (today + datetime.timedelta(days=700)).isoformat() in detail


def test_the_nightly_task_turns_the_flag_when_a_recognition_starts_and_ends(users, regions):
    today = timezone.localdate()
    starting = InstitutionFactory(region=regions["county_a"])
    ending = InstitutionFactory(region=regions["county_a"], inclusive=True)
    legacy = InstitutionFactory(region=regions["county_a"], inclusive=True)  # no recognition: its flag stays
    InclusiveRecognition.objects.create(institution=starting, valid_from=today, basis="x", recognised_by=users["admin_a"])
    InclusiveRecognition.objects.create(institution=ending, valid_from=D(2024, 1, 1), valid_to=today - datetime.timedelta(
        days=1), basis="x", recognised_by=users["admin_a"])
    assert refresh_inclusive_flags() == 2  # the beat task, run in-process
    flags = dict(Institution.objects.filter(pk__in=[starting.pk, ending.pk, legacy.pk]).values_list("pk", "inclusive"))
    assert flags == {starting.pk: True, ending.pk: False, legacy.pk: True}
    assert inclusive_flags_refresh() == 0  # nothing left to change


def test_a_change_filing_does_not_override_the_county_recognition(users, regions):
    from filings import services as filings
    from filings.models import FilingStatus
    from tests.filings.helpers import submitted_filing

    filing = filings.filing_approve(filing=submitted_filing(users["operator_a"]), by=users["reviewer_a"],
                                    on=D(2026, 1, 5))
    institution = filing.institution
    assert institution.inclusive is True  # the demo answers: 普惠 yes; no recognition yet, so the flag holds
    InclusiveRecognition.objects.create(institution=institution, valid_from=D(2026, 1, 5),
                                        valid_to=D(2026, 6, 30), basis="名单", recognised_by=users["admin_a"])
    inclusive_flags_refresh(institution_ids=[institution.pk], on=D(2026, 7, 1))
    change = filings.filing_start_change(institution=institution, by=users["operator_a"])
    change.status = FilingStatus.SUBMITTED
    change.save(update_fields=["status"])
    filings.filing_approve(filing=change, by=users["reviewer_a"])
    institution.refresh_from_db()
    assert institution.inclusive is False  # the operator's "yes" does not renew an ended recognition


def test_the_lists_cost_the_same_queries_for_many_rows(client, users, regions, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            InclusiveRecognition.objects.create(institution=InstitutionFactory(region=regions["county_a"]),
                                                valid_from=D(2025, 1, 1), basis="名单", recognised_by=users["admin_a"])

    add(2)
    client.force_login(users["city_admin"])
    client.get(LIST)
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    public = reverse("programme:inclusive_public")
    with django_assert_max_num_queries(8) as few_public:
        client.get(public)
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIST).content.decode().count('href="/programme/inclusive/') >= 12
    with django_assert_max_num_queries(len(few_public.captured_queries)):
        client.get(public)


def test_the_inclusive_list_exports_in_scope(client, users, institutions):
    today = timezone.localdate()
    client.force_login(users["admin_a"])
    recognise(client, institutions["a"], today)
    response = client.get(LIST, {"tab": "all", "export": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and institutions["a"].credit_code in text and "认定文件" in text
    assert client.get(LIST, {"export": "xlsx"})["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(users["admin_b"])
    assert institutions["a"].credit_code not in client.get(LIST, {"tab": "all", "export": "csv"}).content.decode(
        "utf-8-sig")


def test_the_api_recognises_ends_and_lists_in_force(users, institutions):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users["admin_a"])
    body = {"institution": institutions["a"].pk, "valid_from": "2025-01-01", "valid_to": "2025-12-31",
            "basis": "名单"}
    response = api.post("/api/v1/inclusive-recognitions/", body, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    assert api.post("/api/v1/inclusive-recognitions/", body, format="json").status_code == 409  # overlap
    assert [r["id"] for r in api.get("/api/v1/inclusive-recognitions/?in_force=2025-06-01").json()["results"]] == [pk]
    assert api.get("/api/v1/inclusive-recognitions/?in_force=2026-06-01").json()["results"] == []
    assert api.get("/api/v1/inclusive-recognitions/?in_force=junk").status_code == 400
    response = api.post(f"/api/v1/inclusive-recognitions/{pk}/end/", {"on": "2025-06-30", "reason": "撤销"},
                        format="json")
    assert response.status_code == 200 and response.json()["valid_to"] == "2025-06-30"
    api.force_authenticate(users["reviewer_a"])
    assert api.post("/api/v1/inclusive-recognitions/", {**body, "valid_from": "2026-01-01", "valid_to": None},
                    format="json").status_code == 403
    api.force_authenticate(users["admin_b"])
    assert api.get(f"/api/v1/inclusive-recognitions/{pk}/").status_code == 404
    api.force_authenticate(users["operator_a"])
    assert api.get("/api/v1/inclusive-recognitions/").status_code == 403
