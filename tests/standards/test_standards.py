"""Standards as data (issue 14 point 6): the national values by default, province overrides that only tighten,
set on /standards/ (or the API) and audited, read by the filing pre-checks for the filing's province on the day."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEvent
from standards.models import Standard
from standards.selectors import standards_for
from standards.services import MSG_MUST_BE_LOWER
from tests.filings.helpers import complete_filing

pytestmark = pytest.mark.django_db

PAGE = "/standards/"
API = "/api/v1/standards/"
KEY = "class.max_children.toddler_large"
HEBEI_RULE = {"key": KEY, "value": "18", "valid_from": "2026-01-01", "basis": "河北省托育机构设置标准（试行）"}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def hebei_sets_18(client, users):
    client.force_login(users["province_admin"])
    response = client.post(PAGE, HEBEI_RULE)
    assert response.status_code == 302, response.content.decode()[-3000:]


def size_checks(filing_json) -> list[str]:
    return [check["message"] for check in filing_json["prechecks"] if check["rule"] == "class.size"]


def test_a_hebei_override_changes_the_precheck_of_a_hebei_filing_not_of_a_shandong_one(client, users, regions):
    hebei = complete_filing(users["operator_a"])  # 托大一班 of 20 children in 长安区 (Hebei)
    shandong = complete_filing(users["operator_b"], region="370830")
    for filing in (hebei, shandong):
        assert size_checks(api(filing.created_by).get(f"/api/v1/filings/{filing.pk}/").json()) == []

    hebei_sets_18(client, users)

    # The API of each filing.
    assert size_checks(api(users["operator_a"]).get(f"/api/v1/filings/{hebei.pk}/").json()) == \
        ["托大一班（托大班）: 托大班最多18人，当前核定20人"]
    assert size_checks(api(users["operator_b"]).get(f"/api/v1/filings/{shandong.pk}/").json()) == []
    # The pages: the operator's filing page shows the check for Hebei only, and submitting is refused.
    client.force_login(users["operator_a"])
    assert "托大班最多18人" in client.get(reverse("filings:detail", args=[hebei.pk])).content.decode()
    refused = api(users["operator_a"]).post(f"/api/v1/filings/{hebei.pk}/submit/")
    assert refused.status_code == 409 and "class.size" in {c["rule"] for c in refused.json()["checks"]}
    client.force_login(users["operator_b"])
    assert "托大班最多" not in client.get(reverse("filings:detail", args=[shandong.pk])).content.decode()
    assert api(users["operator_b"]).post(f"/api/v1/filings/{shandong.pk}/submit/").status_code == 200


def test_the_rule_in_force_depends_on_the_day(users, client):
    hebei_sets_18(client, users)
    assert standards_for("13", datetime.date(2025, 12, 31))[KEY] == 20
    assert standards_for("13", datetime.date(2026, 1, 1))[KEY] == 18
    assert standards_for("37", datetime.date(2026, 6, 1))[KEY] == 20
    assert standards_for("", datetime.date(2026, 6, 1))[KEY] == 20


def test_a_province_may_only_tighten_and_only_its_own_rules(client, users):
    client.force_login(users["province_admin"])
    looser = client.post(PAGE, HEBEI_RULE | {"value": "22"})
    assert looser.status_code == 400 and str(MSG_MUST_BE_LOWER) in looser.content.decode()
    assert 'value="22"' in looser.content.decode()  # what was typed is kept
    longer = client.post(PAGE, HEBEI_RULE | {"key": "premises.min_cctv_days", "value": "60"})
    assert longer.status_code == 400
    assert not Standard.objects.exists()
    # Another province's admin sets its own province's rules, never Hebei's.
    response = api(users["other_province_admin"]).post(API, {**HEBEI_RULE, "province": "13"})
    assert response.status_code == 403
    # A city admin, a reviewer, an operator: no form, and a POST is refused.
    for who in ("city_admin", "reviewer_a"):
        client.force_login(users[who])
        page = client.get(PAGE)
        assert page.status_code == 200 and "id=\"standard-form\"" not in page.content.decode()
        assert client.post(PAGE, HEBEI_RULE).status_code == 403
    client.force_login(users["operator_a"])
    assert client.get(PAGE).status_code == 403
    assert not Standard.objects.exists()


def test_the_page_lists_the_rules_in_force_and_the_history(client, users):
    hebei_sets_18(client, users)
    client.force_login(users["reviewer_a"])
    page = client.get(PAGE).content.decode()
    row = page[page.index(f'data-rule="{KEY}"'):]
    row = row[:row.index("</tr>")]
    assert ">18 <" in row and "省级" in row and "河北省托育机构设置标准（试行）" in row and "2026-01-01" in row
    assert "河北省托育机构设置标准（试行）" in page[page.index('id="standards-history"'):]
    client.force_login(users["reviewer_b"])  # same province
    assert f'data-rule="{KEY}"' in client.get(PAGE).content.decode()
    shandong = api(users["other_province_admin"]).get(API).json()
    assert {item["key"]: item["value"] for item in shandong}[KEY] == 20
    hebei = {item["key"]: item for item in api(users["reviewer_a"]).get(API).json()}
    assert hebei[KEY] | {} == {"key": KEY, "label": "托大班", "unit": "名幼儿", "value": 18, "national_value": 20,
                               "source": "province", "valid_from": "2026-01-01",
                               "basis": "河北省托育机构设置标准（试行）"}
    # A national admin chooses the province; a county user cannot read another province's.
    assert {i["key"]: i["value"] for i in api(users["national_admin"]).get(API, {"province": "13"}).json()}[KEY] == 18
    assert {i["key"]: i["value"] for i in api(users["reviewer_a"]).get(API, {"province": "37"}).json()}[KEY] == 18


def test_setting_a_rule_is_audited_and_a_rule_in_force_cannot_be_rewritten(client, users):
    hebei_sets_18(client, users)
    event = AuditEvent.objects.get(action="standard.set")
    assert event.region_code == "13" and event.after["value"] == 18 and event.actor == users["province_admin"]
    again = client.post(PAGE, HEBEI_RULE | {"value": "16"})
    assert again.status_code == 400 and "已生效" in again.content.decode()
    # A setting not yet in force may be corrected (audited with before/after).
    later = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    client.post(PAGE, HEBEI_RULE | {"value": "17", "valid_from": later})
    client.post(PAGE, HEBEI_RULE | {"value": "16", "valid_from": later})
    corrected = AuditEvent.objects.filter(action="standard.set").latest("id")
    assert corrected.before == {"value": 17, "basis": HEBEI_RULE["basis"]} and corrected.after["value"] == 16


def test_national_admins_change_the_national_rule(users):
    response = api(users["national_admin"]).post(API, {**HEBEI_RULE, "value": "19", "province": ""})
    assert response.status_code == 201
    assert {i["key"]: i["value"] for i in response.json()}[KEY] == 19
    assert standards_for("37", datetime.date(2026, 6, 1))[KEY] == 19
    # A province may then tighten only below the new national value.
    assert api(users["province_admin"]).post(API, {**HEBEI_RULE, "value": "20", "province": "13"}).status_code == 409


def test_the_rules_page_query_count_is_constant(client, users, django_assert_max_num_queries):
    client.force_login(users["province_admin"])
    for day in range(1, 6):
        client.post(PAGE, HEBEI_RULE | {"valid_from": f"2026-0{day}-01", "value": str(19 - day)})
    with django_assert_max_num_queries(12):
        assert client.get(PAGE).status_code == 200


def test_a_province_with_shorter_review_deadlines(client, users, settings):
    """Review deadlines are rules too: Hebei accepts within 3 working days; a Shandong filing keeps 5."""
    from filings.sla import sla_for
    from tests.filings.helpers import submitted_filing

    client.force_login(users["province_admin"])
    assert client.post(PAGE, {"key": "filing.accept_working_days", "value": "3", "valid_from": "2026-01-01",
                              "basis": "河北省优化营商环境条例"}).status_code == 302
    hebei = submitted_filing(users["operator_a"])
    shandong = submitted_filing(users["operator_b"], region="370830")
    monday = datetime.date(2026, 11, 30)
    by_filing = {sla.filing.pk: sla for sla in sla_for([hebei, shandong], monday)}
    assert (by_filing[hebei.pk].accept_days, by_filing[hebei.pk].decide_days) == (3, 15)
    assert (by_filing[shandong.pk].accept_days, by_filing[shandong.pk].decide_days) == (5, 15)
    submitted_on = by_filing[hebei.pk].submitted_on
    assert by_filing[shandong.pk].accept_due > by_filing[hebei.pk].accept_due >= submitted_on
    client.force_login(users["reviewer_a"])
    assert "应在 3 个工作日内受理" in client.get(reverse("filings:list")).content.decode()
    client.force_login(users["national_admin"])
    assert "应在 5 个工作日内受理" in client.get(reverse("filings:list")).content.decode()
