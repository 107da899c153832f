"""Subsidies (issue 16 point 4): a construction subsidy of 10,000 yuan per new inclusive slot, approved for an
institution that gained 20 slots in the period, pays 200,000 split by the programme's shares; after the institution
deregisters within the claw-back period the subsidy is clawed back and the figures show it; eligibility from data;
each step by its level; scoped; exported."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from institutions.models import CapacityRecord, FilingState
from programme.models import SubsidyApplication, SubsidyPayment, SubsidyProgramme, SubsidyStatus
from programme.subsidies import figures

pytestmark = pytest.mark.django_db

LIST = "/programme/subsidies/"
D = datetime.date


def create(client, **values):
    data = {"name": "2025年普惠托位建设补贴", "kind": "construction", "amount": 10_000, "budget": 1_000_000,
            "share_central": 40, "share_province": 30, "share_city": 20, "share_county": 10,
            "period_from": "2025-01-01", "period_to": "2025-12-31", "clawback_years": 3,
            "require_inclusive": "on", "no_open_high_risk": "on", **values}
    return client.post(LIST, data)


def step(client, application, action, **fields):
    return client.post(reverse("programme:subsidy_application", args=[application.pk]), {"action": action, **fields})


@pytest.fixture
def grown(institutions):
    """Institution A, inclusive, 40 slots since 2024-03-01, 60 from 2025-06-01 (an approved change filing)."""
    institution = institutions["a"]
    institution.inclusive = True
    institution.save(update_fields=["inclusive"])
    CapacityRecord.objects.filter(institution=institution).update(effective_to=D(2025, 6, 1))
    CapacityRecord.objects.create(institution=institution, effective_from=D(2025, 6, 1), slots=60, enrolled=50)
    return institution


def test_a_construction_subsidy_pays_200000_split_by_shares_and_its_clawback_shows(client, users, grown):
    client.force_login(users["province_admin"])
    response = create(client, share_county=20)
    assert response.status_code == 400 and "110%" in response.content.decode()  # shares must make 100
    assert create(client).status_code == 302
    programme = SubsidyProgramme.objects.get()
    assert programme.region_code == "13"

    client.force_login(users["operator_a"])
    detail = reverse("programme:subsidy_detail", args=[programme.pk])
    assert client.post(detail, {"institution": grown.pk}).status_code == 302
    application = SubsidyApplication.objects.get()
    assert (application.units, application.amount) == (20, 200_000)
    assert "40 → 60" in application.basis
    assert step(client, application, "county_pass").status_code == 403

    client.force_login(users["province_admin"])  # the county reviews first
    assert step(client, application, "approve").status_code == 403
    client.force_login(users["admin_a"])
    assert step(client, application, "county_pass").status_code == 302
    client.force_login(users["city_admin"])  # not the programme's level
    assert step(client, application, "approve").status_code == 403
    client.force_login(users["province_admin"])
    assert step(client, application, "approve").status_code == 302
    assert step(client, application, "pay", voucher="").status_code == 400
    assert step(client, application, "pay", voucher="冀财拨〔2025〕88号", on=timezone.localdate().isoformat()) \
        .status_code == 302
    application.refresh_from_db()
    assert application.status == SubsidyStatus.PAID and application.voucher == "冀财拨〔2025〕88号"

    [row] = figures(SubsidyApplication.objects.all())
    assert (row["approved"], row["net_paid"], row["units"], str(row["per_unit"])) == (200_000, 200_000, 20,
                                                                                      "10000.00")
    assert str(row["budget_executed_pct"]) == "20.00"  # 200,000 / 1,000,000 × 100
    assert {source: str(v["net_paid"]) for source, v in row["by_source"].items()} == {
        "central": "80000.00", "province": "60000.00", "city": "40000.00", "county": "20000.00"}
    page = client.get(detail).content.decode()
    assert 'data-key="net_paid">200,000<' in page and "80,000.00" in page

    # The institution deregisters within the claw-back period: it is due, the province claws it back.
    grown.filing_state, grown.deregistered_on = FilingState.DEREGISTERED, timezone.localdate()
    grown.save(update_fields=["filing_state", "deregistered_on"])
    page = client.get(detail).content.decode()
    assert 'id="clawback-due"' in page and grown.name in page
    assert step(client, application, "clawback").status_code == 400  # a reason is required
    assert step(client, application, "clawback", note="机构已注销，追回建设补贴").status_code == 302
    [row] = figures(SubsidyApplication.objects.all())
    assert (row["paid"], row["clawed_back"], row["net_paid"], row["units"]) == (200_000, 200_000, 0, 0)
    assert str(row["by_source"]["central"]["clawed_back"]) == "80000.00"
    assert str(row["budget_executed_pct"]) == "0.00"
    actions = set(AuditEvent.objects.filter(action__startswith="subsidy.").values_list("action", flat=True))
    assert actions == {"subsidy.programme", "subsidy.apply", "subsidy.county_pass", "subsidy.approve",
                       "subsidy.pay", "subsidy.clawback"}
    export = client.get(detail + "?export=csv")
    assert export.status_code == 200 and "冀财拨〔2025〕88号" in export.content.decode("utf-8-sig")


def test_eligibility_comes_from_the_programme(client, users, grown, institutions):
    client.force_login(users["province_admin"])
    create(client, min_star=3)
    programme = SubsidyProgramme.objects.get()
    detail = reverse("programme:subsidy_detail", args=[programme.pk])
    client.force_login(users["operator_a"])
    response = client.post(detail, {"institution": grown.pk})
    assert response.status_code == 400 and "3 星" in response.content.decode()
    grown.star_rating = 4
    grown.save(update_fields=["star_rating"])
    client.force_login(users["operator_b"])  # B: not inclusive, no new slots
    response = client.post(detail, {"institution": institutions["b"].pk})
    assert response.status_code == 400 and "普惠" in response.content.decode()
    client.force_login(users["operator_a"])
    assert client.post(detail, {"institution": grown.pk}).status_code == 302
    response = client.post(detail, {"institution": grown.pk})
    assert response.status_code == 400 and "已申请过" in response.content.decode()


def test_the_budget_caps_approvals_and_scope_hides_other_regions(client, users, grown):
    client.force_login(users["province_admin"])
    create(client, budget=150_000)
    programme = SubsidyProgramme.objects.get()
    client.force_login(users["operator_a"])
    client.post(reverse("programme:subsidy_detail", args=[programme.pk]), {"institution": grown.pk})
    application = SubsidyApplication.objects.get()
    client.force_login(users["admin_a"])
    step(client, application, "county_pass")
    client.force_login(users["province_admin"])
    response = step(client, application, "approve")
    assert response.status_code == 400 and "超出项目预算" in response.content.decode()
    client.force_login(users["other_province_admin"])
    assert client.get(reverse("programme:subsidy_detail", args=[programme.pk])).status_code == 404
    assert client.get(reverse("programme:subsidy_application", args=[application.pk])).status_code == 404
    client.force_login(users["admin_b"])  # the province's programme is seen, not county A's application
    assert client.get(reverse("programme:subsidy_detail", args=[programme.pk])).status_code == 200
    assert client.get(reverse("programme:subsidy_application", args=[application.pk])).status_code == 404


def test_an_operating_subsidy_is_children_times_months_up_to_the_maximum(client, users, grown):
    client.force_login(users["province_admin"])
    create(client, kind="operating", amount=500, max_months=10, name="运营补贴")
    programme = SubsidyProgramme.objects.get()
    detail = reverse("programme:subsidy_detail", args=[programme.pk])
    client.force_login(users["operator_a"])
    assert client.post(detail, {"institution": grown.pk, "children": 30, "months": 11}).status_code == 400
    assert client.post(detail, {"institution": grown.pk, "children": 30, "months": 10}).status_code == 302
    application = SubsidyApplication.objects.get()
    assert (application.units, application.amount) == (300, 150_000)


def test_the_api_sets_up_applies_steps_and_reports_figures(users, grown, django_assert_max_num_queries):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users["province_admin"])
    body = {"name": "建设补贴", "kind": "construction", "amount": 10_000, "budget": 1_000_000, "share_central": 40,
            "share_province": 30, "share_city": 20, "share_county": 10, "period_from": "2025-01-01",
            "period_to": "2025-12-31"}
    assert api.post("/api/v1/subsidy-programmes/", {**body, "share_county": 0}, format="json").status_code == 409
    response = api.post("/api/v1/subsidy-programmes/", body, format="json")
    assert response.status_code == 201 and response.json()["region_code"] == "13"
    programme = response.json()["id"]
    api.force_authenticate(users["operator_a"])
    response = api.post("/api/v1/subsidy-applications/", {"programme": programme, "institution": grown.pk},
                        format="json")
    assert response.status_code == 201 and response.json()["amount"] == 200_000
    pk = response.json()["id"]
    for user, action, extra in (("admin_a", "county_pass", {}), ("province_admin", "approve", {}),
                                ("province_admin", "pay", {"voucher": "V-1"})):
        api.force_authenticate(users[user])
        response = api.post(f"/api/v1/subsidy-applications/{pk}/step/", {"action": action, **extra}, format="json")
        assert response.status_code == 200, response.json()
    assert response.json()["status"] == "paid"
    with django_assert_max_num_queries(6):
        [row] = api.get(f"/api/v1/subsidy-programmes/{programme}/figures/").json()
    assert row["net_paid"] == 200_000 and row["by_source"]["province"]["net_paid"] == "60000.00"
    assert row["per_unit"] == "10000.00" and row["budget_executed_pct"] == "20.00"
    [county] = api.get(f"/api/v1/subsidy-programmes/{programme}/figures/?by=county").json()
    assert county["county"] == "130102"
    api.force_authenticate(users["other_province_admin"])
    assert api.get(f"/api/v1/subsidy-applications/{pk}/").status_code == 404
    assert api.get(f"/api/v1/subsidy-programmes/{programme}/").status_code == 404


def test_the_bulletin_shows_pilots_and_the_subsidies_paid_by_region(client, users, grown):
    from stats.services import rollups_compute_year

    programme = SubsidyProgramme.objects.create(
        name="建设补贴", region_code="13", kind="construction", amount=10_000, budget=1_000_000, share_central=40,
        share_province=30, share_city=20, share_county=10, period_from=D(2025, 1, 1), period_to=D(2025, 12, 31),
        created_by=users["province_admin"])
    application = SubsidyApplication.objects.create(
        programme=programme, institution=grown, units=20, amount=200_000, basis="x", status=SubsidyStatus.PAID,
        paid_amount=200_000, paid_on=D(2025, 11, 3), applied_by=users["operator_a"])
    SubsidyPayment.objects.create(application=application, kind="payment", amount=200_000, on=D(2025, 11, 3),
                                  voucher="V", recorded_by=users["province_admin"])
    rollups_compute_year(year=2025)
    client.force_login(users["city_admin"])
    html = client.get("/stats/bulletin/", {"region": "1301", "year": 2025, "period": "Y"}).content.decode()
    table = html.split('id="bulletin-programme-table"')[1].split("</table>")[0]
    county_a = table.split('data-region="130102"')[1].split("</tr>")[0]
    assert "200,000" in county_a
    total = table.split('data-region="1301"')[1].split("</tr>")[0]
    assert "200,000" in total
    html = client.get("/stats/bulletin/", {"region": "1301", "year": 2025, "period": "Q3"}).content.decode()
    table = html.split('id="bulletin-programme-table"')[1].split("</table>")[0]
    assert "200,000" not in table  # paid in November: not by 30 September


def test_a_subsidy_paid_in_instalments_counts_each_in_its_period_and_region(client, users, grown):
    """200,000 approved on 2025-07-01, paid 120,000 on 2025-09-10 and 80,000 on 2025-12-20, clawed back on
    2026-03-02: each period sees its own transfers (page, API, bulletin); overpaying is refused."""
    from rest_framework.test import APIClient

    from stats.services import rollups_compute_year

    client.force_login(users["province_admin"])
    assert create(client).status_code == 302
    programme = SubsidyProgramme.objects.get()
    client.force_login(users["operator_a"])
    detail = reverse("programme:subsidy_detail", args=[programme.pk])
    assert client.post(detail, {"institution": grown.pk}).status_code == 302
    application = SubsidyApplication.objects.get()
    client.force_login(users["admin_a"])
    assert step(client, application, "county_pass", on="2025-06-20").status_code == 302
    client.force_login(users["province_admin"])
    assert step(client, application, "approve", on="2025-07-01").status_code == 302
    response = step(client, application, "pay", voucher="V-0", amount=50_000, on="2025-06-30")
    assert response.status_code == 400 and "2025-07-01" in response.content.decode()  # before the approval
    assert step(client, application, "pay", voucher="V-1", amount=120_000, on="2025-09-10").status_code == 302
    application.refresh_from_db()
    assert (application.status, application.paid_amount) == (SubsidyStatus.PARTLY_PAID, 120_000)
    response = step(client, application, "pay", voucher="V-2", amount=90_000, on="2025-12-20")
    assert response.status_code == 400 and "80000" in response.content.decode()  # more than remains
    assert step(client, application, "pay", voucher="V-2", on="2025-12-20").status_code == 302  # the rest
    application.refresh_from_db()
    assert (application.status, application.paid_amount, application.voucher) == (SubsidyStatus.PAID, 200_000,
                                                                                   "V-2")
    page = client.get(reverse("programme:subsidy_application", args=[application.pk])).content.decode()
    table = page.split('id="subsidy-payments"')[1].split("</table>")[0]
    assert table.index("V-1") < table.index("V-2") and "120,000" in table and "80,000" in table

    api = APIClient()
    api.force_authenticate(users["province_admin"])
    url = f"/api/v1/subsidy-programmes/{programme.pk}/figures/"

    def money(**params):
        [row] = api.get(url, params).json()
        return row["approved"], row["paid"], row["clawed_back"], row["net_paid"]

    assert money() == (200_000, 200_000, 0, 200_000)
    assert money(start="2025-07-01", end="2025-09-30") == (200_000, 120_000, 0, 120_000)
    assert money(start="2025-10-01", end="2025-12-31") == (0, 80_000, 0, 80_000)
    [row] = api.get(url, {"by": "city", "end": "2025-09-30"}).json()
    assert (row["region"], row["net_paid"], row["by_source"]["central"]["paid"]) == ("1301", 120_000, "48000.00")
    assert api.get(url, {"start": "2025-10-01", "end": "2025-09-30"}).status_code == 400
    assert api.get(url, {"by": "township"}).status_code == 400

    grown.filing_state, grown.deregistered_on = FilingState.DEREGISTERED, D(2026, 2, 1)
    grown.save(update_fields=["filing_state", "deregistered_on"])
    assert step(client, application, "clawback", note="机构注销", on="2025-12-19").status_code == 400
    assert step(client, application, "clawback", note="机构注销", on="2026-03-02").status_code == 302
    assert money() == (200_000, 200_000, 200_000, 0)
    assert money(start="2026-01-01", end="2026-12-31") == (0, 0, 200_000, -200_000)
    page = client.get(detail, {"start": "2025-01-01", "end": "2025-12-31", "by": "county"}).content.decode()
    row = page.split('id="subsidy-by-region"')[1].split('data-region="130102"')[1].split("</tr>")[0]
    assert "200,000" in row and "长安区" in row
    assert client.get(detail, {"start": "2025-12-31", "end": "2025-01-01"}).status_code == 200  # message, all data

    rollups_compute_year(year=2025)
    client.force_login(users["city_admin"])
    html = client.get("/stats/bulletin/", {"region": "1301", "year": 2025, "period": "Q3"}).content.decode()
    county = html.split('id="bulletin-programme-table"')[1].split('data-region="130102"')[1].split("</tr>")[0]
    assert "120,000" in county


def test_the_programme_admins_are_told_once_when_a_clawback_becomes_due(users, grown):
    """Beat task: after the institution deregisters, the province's admins (the programme's level) get one notice
    linking to the application; a second run sends nothing; past the claw-back period nobody is told."""
    from notifications.models import Notification
    from programme.notify import KIND_CLAWBACK_DUE
    from programme.tasks import notify_clawbacks_due

    programme = SubsidyProgramme.objects.create(
        name="建设补贴", region_code="13", kind="construction", amount=10_000, budget=1_000_000, share_central=40,
        share_province=30, share_city=20, share_county=10, period_from=D(2025, 1, 1), period_to=D(2025, 12, 31),
        clawback_years=3, created_by=users["province_admin"])
    paid_on = timezone.localdate() - datetime.timedelta(days=30)
    application = SubsidyApplication.objects.create(
        programme=programme, institution=grown, units=20, amount=200_000, basis="x", status=SubsidyStatus.PAID,
        paid_amount=200_000, paid_on=paid_on, applied_by=users["operator_a"])
    assert notify_clawbacks_due.delay().get() == 0  # not due while the institution is filed and inclusive
    grown.filing_state, grown.deregistered_on = FilingState.DEREGISTERED, timezone.localdate()
    grown.save(update_fields=["filing_state", "deregistered_on"])
    assert notify_clawbacks_due.delay().get() == 1
    [notice] = Notification.objects.filter(kind=KIND_CLAWBACK_DUE)
    assert notice.recipient == users["province_admin"] and str(application.pk) in notice.url
    assert "200000" in notice.body and grown.name in notice.title
    assert notify_clawbacks_due.delay().get() == 0  # once
    SubsidyApplication.objects.filter(pk=application.pk).update(paid_on=paid_on.replace(year=paid_on.year - 4))
    Notification.objects.all().delete()
    assert notify_clawbacks_due.delay().get() == 0  # past the claw-back period
