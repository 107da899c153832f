"""Pilots and demonstration institutions (issue 16 point 1): a county pilot goes through application → county
review → public notice → designation → improvement tracking → acceptance passed, a second one is revoked; the
figures count the first only; admins out of scope get 404; each step is taken by the right level only, with an
event and an audit row; a provincial designation passes county, city and province."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEvent
from institutions.models import PilotLevel
from programme.models import Designation, DesignationStatus
from programme.tasks import refresh_pilot_levels
from stats.models import RegionFigures
from stats.services import rollups_compute_year

pytestmark = pytest.mark.django_db

NEW = "/programme/designations/new/"


def detail(designation):
    return reverse("programme:designation_detail", args=[designation.pk])


def step(client, designation, action, **fields):
    return client.post(detail(designation), {"form": "step", "action": action, **fields})


def apply(client, institution, *, level="county", kind="pilot"):
    response = client.post(NEW, {"institution": institution.pk, "kind": kind, "level": level,
                                 "statement": "全日托，托位 40 个，医育结合特色"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Designation.objects.filter(institution=institution).latest("id")


def notice_over(designation):
    """The five working days of public notice have passed (as if time went by)."""
    Designation.objects.filter(pk=designation.pk).update(
        notice_from=timezone.localdate() - datetime.timedelta(days=12),
        notice_to=timezone.localdate() - datetime.timedelta(days=1))


def pilots_now(code="130102") -> int:
    rollups_compute_year(year=timezone.localdate().year)
    return RegionFigures.objects.get(region_code=code, year=timezone.localdate().year, quarter=0).pilots


def test_a_county_pilot_is_designated_tracked_and_accepted_and_a_second_one_revoked(client, users, institutions,
                                                                                      regions):
    from tests.factories import InstitutionFactory

    second = InstitutionFactory(name="长安区第二托育园", region=regions["county_a"], capacity=(30, 20))
    assert pilots_now() == 0
    client.force_login(users["operator_a"])
    first = apply(client, institutions["a"])
    assert first.status == DesignationStatus.APPLIED and not first.nominated
    assert step(client, first, "county_pass").status_code == 403  # an operator takes no review step
    client.force_login(users["admin_a"])
    nominated = apply(client, second)  # the county nominates the second one
    assert nominated.nominated
    for designation in (first, nominated):
        assert step(client, designation, "county_pass").status_code == 302
        designation.refresh_from_db()
        assert designation.status == DesignationStatus.NOTICE and designation.notice_to > timezone.localdate()
    response = step(client, first, "designate")
    assert response.status_code == 400 and "公示期满后方可命名" in response.content.decode()
    for designation in (first, nominated):
        notice_over(designation)
        assert step(client, designation, "designate").status_code == 302
        designation.refresh_from_db()
        assert designation.status == DesignationStatus.DESIGNATED
        assert designation.valid_to == designation.designated_on.replace(
            year=designation.designated_on.year + 2) - datetime.timedelta(days=1)  # two years by default
    institutions["a"].refresh_from_db()
    assert institutions["a"].pilot_level == PilotLevel.COUNTY
    assert pilots_now() == 2

    # Tracking: the county sets an improvement item, the operator reports progress, the county accepts.
    due = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    assert client.post(detail(first), {"form": "improvement", "text": "增设保健室并配备专职保健员",
                                       "deadline": due}).status_code == 302
    item = first.improvements.get()
    client.force_login(users["operator_a"])
    assert client.post(detail(first), {"form": "progress", "item": item.pk, "progress": "保健室已投入使用，附照片",
                                       "done": "on"}).status_code == 302
    item.refresh_from_db()
    assert item.done and "保健室" in item.progress
    client.force_login(users["admin_a"])
    assert step(client, first, "accept_pass", visit_ref="17").status_code == 302
    assert step(client, nominated, "revoke").status_code == 400  # a reason is required
    assert step(client, nominated, "revoke", reason="发生安全事故，撤销试点命名").status_code == 302
    first.refresh_from_db()
    nominated.refresh_from_db()
    second.refresh_from_db()
    assert first.status == DesignationStatus.ACCEPTED and nominated.status == DesignationStatus.REVOKED
    assert second.pilot_level == PilotLevel.NONE and nominated.ended_on == timezone.localdate()
    assert pilots_now() == 1  # the accepted one only

    # Admins of another county or province: 404 on both; the history is shown on the public page.
    for other in ("admin_b", "other_province_admin"):
        client.force_login(users[other])
        assert client.get(detail(first)).status_code == 404 and client.get(detail(nominated)).status_code == 404
        assert step(client, first, "revoke", reason="x").status_code == 404
    client.logout()
    public = client.get(reverse("institutions:public_detail", args=[institutions["a"].pk])).content.decode()
    assert 'id="public-designations"' in public and "县级试点机构" in public and "验收通过" in public
    actions = set(AuditEvent.objects.filter(action__startswith="designation.").values_list("action", flat=True))
    assert {"designation.apply", "designation.nominate", "designation.county_pass", "designation.designate",
            "designation.improvement", "designation.progress", "designation.accept_pass",
            "designation.revoke"} <= actions


def test_a_provincial_designation_passes_county_city_and_province(client, users, institutions):
    client.force_login(users["operator_a"])
    designation = apply(client, institutions["a"], level="province", kind="demonstration")
    client.force_login(users["city_admin"])
    assert step(client, designation, "city_recommend").status_code == 403  # not yet: the county reviews first
    client.force_login(users["admin_a"])
    step(client, designation, "county_pass")
    designation.refresh_from_db()
    assert designation.status == DesignationStatus.COUNTY_PASSED
    client.force_login(users["city_admin"])
    assert step(client, designation, "city_recommend").status_code == 302
    designation.refresh_from_db()
    assert designation.status == DesignationStatus.CITY_RECOMMENDED
    client.force_login(users["other_province_admin"])
    assert step(client, designation, "province_approve").status_code == 404
    client.force_login(users["province_admin"])
    assert step(client, designation, "province_approve").status_code == 302
    notice_over(designation)
    valid_to = (timezone.localdate() + datetime.timedelta(days=3 * 365)).isoformat()
    assert step(client, designation, "designate", valid_to=valid_to, grade="一级").status_code == 302
    designation.refresh_from_db()
    assert designation.status == DesignationStatus.DESIGNATED and designation.grade == "一级"
    assert designation.valid_to.isoformat() == valid_to
    institutions["a"].refresh_from_db()
    assert institutions["a"].pilot_level == PilotLevel.NONE  # a demonstration designation is not a pilot
    later = (timezone.localdate() + datetime.timedelta(days=4 * 365)).isoformat()  # after the validity
    assert step(client, designation, "accept_extend", reason="整改未完成", acceptance_due=later).status_code == 302
    assert step(client, designation, "accept_fail", reason="验收不合格").status_code == 302
    designation.refresh_from_db()
    assert designation.status == DesignationStatus.FAILED


def test_one_open_application_per_kind_and_a_rejection_needs_a_reason(client, users, institutions):
    client.force_login(users["operator_a"])
    designation = apply(client, institutions["a"])
    response = client.post(NEW, {"institution": institutions["a"].pk, "kind": "pilot", "level": "city",
                                 "statement": "再次申报"})
    assert response.status_code == 400 and "仍在进行中" in response.content.decode()
    client.force_login(users["admin_a"])
    assert step(client, designation, "reject").status_code == 400
    assert step(client, designation, "reject", reason="托位不足 30 个").status_code == 302
    client.force_login(users["operator_a"])
    apply(client, institutions["a"], level="city")  # after a rejection, a new application
    assert Designation.objects.count() == 2


def test_the_nightly_task_ends_a_pilot_whose_validity_is_over(client, users, institutions):
    client.force_login(users["admin_a"])
    designation = apply(client, institutions["a"])
    step(client, designation, "county_pass")
    notice_over(designation)
    step(client, designation, "designate")
    institutions["a"].refresh_from_db()
    assert institutions["a"].pilot_level == PilotLevel.COUNTY
    Designation.objects.filter(pk=designation.pk).update(valid_to=timezone.localdate() - datetime.timedelta(days=1))
    assert refresh_pilot_levels() == 1
    institutions["a"].refresh_from_db()
    assert institutions["a"].pilot_level == PilotLevel.NONE


def test_the_api_lists_applies_and_steps_in_scope(users, institutions, django_assert_max_num_queries):
    api = APIClient()
    api.force_authenticate(users["operator_a"])
    response = api.post("/api/v1/designations/", {"institution": institutions["a"].pk, "kind": "pilot",
                                                  "level": "county", "statement": "申报"}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "applied"
    pk = response.json()["id"]
    assert api.post(f"/api/v1/designations/{pk}/step/", {"action": "county_pass"}, format="json").status_code == 403
    api.force_authenticate(users["admin_a"])
    response = api.post(f"/api/v1/designations/{pk}/step/", {"action": "county_pass"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "notice"
    response = api.post(f"/api/v1/designations/{pk}/step/", {"action": "designate"}, format="json")
    assert response.status_code == 409 and "公示" in response.json()["detail"]
    with django_assert_max_num_queries(8):
        rows = api.get("/api/v1/designations/").json()["results"]
    assert [row["id"] for row in rows] == [pk] and rows[0]["events"][0]["action"] == "apply"
    api.force_authenticate(users["admin_b"])
    assert api.get(f"/api/v1/designations/{pk}/").status_code == 404
    assert api.get("/api/v1/designations/").json()["results"] == []


def test_the_list_page_costs_the_same_queries_for_many_rows(client, users, regions, django_assert_max_num_queries):
    from tests.factories import InstitutionFactory

    def add(n):
        for _ in range(n):
            Designation.objects.create(institution=InstitutionFactory(region=regions["county_a"]), kind="pilot",
                                       level="county", statement="x", created_by=users["admin_a"])

    add(2)
    client.force_login(users["admin_a"])
    client.get("/programme/designations/?tab=todo")
    with django_assert_max_num_queries(12) as few:
        client.get("/programme/designations/?tab=todo")
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/programme/designations/?tab=todo").content.decode()
    assert page.count('href="/programme/designations/') >= 12


def test_the_pilot_figures_of_a_period_count_the_designations_in_force_on_its_last_day(users, institutions,
                                                                                        regions):
    """Hand-computed: A (40 slots) a county pilot from 2025-03-10 for two years, accepted; B (60 slots, county B)
    a city pilot from 2025-03-10, revoked on 2025-09-01 (its last day 2025-08-31). County A: 1 pilot, 40 slots in
    every quarter from Q1; county B: 1 pilot (60) in Q1 and Q2, none in Q3 and Q4; the city: 2 then 1."""
    def named(institution, level, status, valid_to, ended_on=None):
        return Designation.objects.create(
            institution=institution, kind="pilot", level=level, status=status, statement="x",
            created_by=users["admin_a"], notice_from=D(2025, 3, 3), notice_to=D(2025, 3, 7),
            designated_on=D(2025, 3, 10), valid_to=valid_to, ended_on=ended_on)

    accepted = named(institutions["a"], "county", DesignationStatus.ACCEPTED, D(2027, 3, 9))
    Designation.objects.filter(pk=accepted.pk).update(accepted_on=D(2025, 10, 15))
    named(institutions["b"], "city", DesignationStatus.REVOKED, D(2025, 8, 31), ended_on=D(2025, 9, 1))
    demonstration = named(institutions["b"], "province", DesignationStatus.DESIGNATED, D(2027, 3, 9))
    Designation.objects.filter(pk=demonstration.pk).update(kind="demonstration", designated_on=D(2025, 5, 1))
    rollups_compute_year(year=2025)

    def figures(code, quarter):
        row = RegionFigures.objects.get(region_code=code, year=2025, quarter=quarter)
        return row.pilots, row.pilot_slots, {level: v["pilots"] for level, v in row.pilot_levels.items() if v["pilots"]}

    assert figures("130102", 1) == (1, 40, {"county": 1}) == figures("130102", 0)
    assert figures("130104", 1) == (1, 60, {"city": 1}) == figures("130104", 2)
    assert figures("130104", 3) == (0, 0, {}) == figures("130104", 0)
    assert figures("1301", 2) == (2, 100, {"county": 1, "city": 1})
    assert figures("1301", 0) == (1, 40, {"county": 1})
    city = RegionFigures.objects.get(region_code="1301", year=2025, quarter=2)
    assert float(city.pilot_county_coverage_pct) == 100.0  # both counties had a pilot on 2025-06-30
    city = RegionFigures.objects.get(region_code="1301", year=2025, quarter=0)
    assert float(city.pilot_county_coverage_pct) == 50.0  # 1 of 2 counties on 2025-12-31
    # Accepted pilots: A from its acceptance on 2025-10-15 (Q4 and the year); demonstration institutions: B from
    # 2025-05-01 (Q2 on), whatever its pilot designation.
    counts = {quarter: RegionFigures.objects.filter(year=2025, quarter=quarter, region_code="1301").values_list(
        "accepted_pilots", "demonstrations").get() for quarter in (1, 2, 3, 4, 0)}
    assert counts == {1: (0, 0), 2: (0, 1), 3: (0, 1), 4: (1, 1), 0: (1, 1)}


D = datetime.date


def test_the_designation_list_exports_in_scope(client, users, institutions):
    client.force_login(users["operator_a"])
    apply(client, institutions["a"])
    assert "export-xlsx" not in client.get("/programme/designations/").content.decode()  # operators: no export
    client.force_login(users["admin_a"])
    text = client.get("/programme/designations/", {"export": "csv"}).content.decode("utf-8-sig")
    assert institutions["a"].credit_code in text and "待县级初审" in text
    client.force_login(users["admin_b"])
    assert institutions["a"].credit_code not in client.get("/programme/designations/", {"export": "csv"}) \
        .content.decode("utf-8-sig")
