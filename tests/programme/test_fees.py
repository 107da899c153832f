"""Fees and guide prices (issue 16 point 3): a city or county sets the guide price of each class type (data, with
a date); an inclusive institution's operator cannot declare a basic fee above it (the cap in the message), a
county's guide price comes before its city's, a non-inclusive institution is not held to it; the public page shows
the fees; staff out of scope get 404; pages and API audited and scoped."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEvent
from programme.models import Fee, FeeCap

pytestmark = pytest.mark.django_db

CAPS = "/programme/fee-caps/"


def today():
    return timezone.localdate()


def set_cap(client, region_code, class_type, cap, *, valid_from=None, basis="石发改价格〔2026〕8号"):
    return client.post(CAPS, {"region_code": region_code, "class_type": class_type, "cap": cap, "basis": basis,
                              "valid_from": (valid_from or today()).isoformat()})


def declare(client, institution, class_type, fee, *, valid_from=None):
    return client.post(reverse("programme:institution_fees", args=[institution.pk]), {
        "class_type": class_type, "monthly_fee": fee, "valid_from": (valid_from or today()).isoformat()})


@pytest.fixture
def inclusive_a(institutions):
    institution = institutions["a"]
    institution.inclusive = True
    institution.save(update_fields=["inclusive"])
    return institution


def test_a_fee_above_the_city_cap_is_refused_with_the_cap_and_the_public_page_shows_the_fees(
        client, users, inclusive_a):
    client.force_login(users["city_admin"])
    assert set_cap(client, "1301", "infant", 2100).status_code == 302
    assert set_cap(client, "1301", "toddler_small", 1700).status_code == 302
    client.force_login(users["operator_a"])
    response = declare(client, inclusive_a, "infant", 2300)
    assert response.status_code == 400
    message = response.context["form"].errors["monthly_fee"][0]
    assert "2100" in message and "石家庄市" in message and "2300" in message
    assert not Fee.objects.exists()
    assert declare(client, inclusive_a, "infant", 2000).status_code == 302
    assert declare(client, inclusive_a, "toddler_small", 1700).status_code == 302  # at the cap: allowed
    public = client.get(reverse("institutions:public_detail", args=[inclusive_a.pk])).content.decode()
    assert 'id="public-fees"' in public and "2000" in public and "1700" in public and "2100" in public
    assert "执行政府指导价" in public
    page = client.get(reverse("programme:institution_fees", args=[inclusive_a.pk])).content.decode()
    assert "2000" in page and 'id="fee-form"' in page
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"fee.declare", "fee_cap.set"} <= actions


def test_the_county_guide_price_comes_before_the_city_one_and_a_later_one_replaces_it(client, users, inclusive_a):
    client.force_login(users["city_admin"])
    set_cap(client, "1301", "infant", 2100)
    client.force_login(users["admin_a"])
    assert set_cap(client, "130102", "infant", 1800).status_code == 302
    assert set_cap(client, "1301", "infant", 3000).status_code == 400  # a county cannot set its city's
    client.force_login(users["operator_a"])
    response = declare(client, inclusive_a, "infant", 1900)
    assert response.status_code == 400 and "1800" in response.context["form"].errors["monthly_fee"][0]
    # From next month the county's price rises: a fee from that date fits, the same fee from today does not.
    later = today() + datetime.timedelta(days=30)
    client.force_login(users["admin_a"])
    assert set_cap(client, "130102", "infant", 2000, valid_from=later).status_code == 302
    client.force_login(users["operator_a"])
    assert declare(client, inclusive_a, "infant", 1900, valid_from=later).status_code == 302
    assert declare(client, inclusive_a, "infant", 1800).status_code == 302
    page = client.get(reverse("programme:institution_fees", args=[inclusive_a.pk])).content.decode()
    assert later.isoformat() in page  # the adjustment declared from a later date is shown as such


def test_a_non_inclusive_institution_is_not_held_to_the_guide_price(client, users, institutions):
    client.force_login(users["city_admin"])
    set_cap(client, "1301", "infant", 2100)
    client.force_login(users["operator_a"])
    assert declare(client, institutions["a"], "infant", 4800).status_code == 302


def test_who_may_declare_and_read(client, users, inclusive_a, institutions):
    client.force_login(users["operator_b"])  # not an operator of institution A
    assert declare(client, inclusive_a, "infant", 1000).status_code == 404
    client.force_login(users["reviewer_a"])  # staff in scope read, never declare
    page = client.get(reverse("programme:institution_fees", args=[inclusive_a.pk]))
    assert page.status_code == 200 and 'id="fee-form"' not in page.content.decode()
    assert declare(client, inclusive_a, "infant", 1000).status_code == 403
    client.force_login(users["reviewer_b"])  # another county
    assert client.get(reverse("programme:institution_fees", args=[inclusive_a.pk])).status_code == 404
    client.force_login(users["viewer_a"])  # guide prices: read by staff, set by admins only
    assert client.get(CAPS).status_code == 200
    assert set_cap(client, "130102", "infant", 1000).status_code == 403
    client.force_login(users["operator_a"])
    assert client.get(CAPS).status_code == 403
    client.force_login(users["other_province_admin"])
    assert set_cap(client, "1301", "infant", 1000).status_code == 400
    assert not FeeCap.objects.exists()


def test_a_fee_from_the_past_and_an_absurd_amount_are_refused(client, users, inclusive_a):
    client.force_login(users["operator_a"])
    assert declare(client, inclusive_a, "infant", 1000, valid_from=today() - datetime.timedelta(days=1)).status_code \
        == 400
    assert declare(client, inclusive_a, "infant", 10_000_000).status_code == 400
    assert not Fee.objects.exists()


def test_the_caps_page_lists_inclusive_institutions_above_a_lowered_cap(client, users, inclusive_a):
    client.force_login(users["operator_a"])
    declare(client, inclusive_a, "infant", 2000)
    client.force_login(users["city_admin"])
    set_cap(client, "1301", "infant", 1500)  # lowered after the declaration
    page = client.get(CAPS).content.decode()
    assert 'id="over-cap"' in page and inclusive_a.name in page and "1500" in page
    client.force_login(users["other_province_admin"])
    assert inclusive_a.name not in client.get(CAPS).content.decode()


def test_the_api_declares_lists_and_scopes(users, inclusive_a, institutions, django_assert_max_num_queries):
    api = APIClient()
    api.force_authenticate(users["city_admin"])
    response = api.post("/api/v1/fee-caps/", {"region_code": "1301", "class_type": "infant", "cap": 2100,
                                              "valid_from": today().isoformat(), "basis": "石发改价格〔2026〕8号"},
                        format="json")
    assert response.status_code == 201 and response.json()["region_name"] == "石家庄市"
    api.force_authenticate(users["operator_a"])
    body = {"institution": inclusive_a.pk, "class_type": "infant", "monthly_fee": 2500,
            "valid_from": today().isoformat()}
    response = api.post("/api/v1/fees/", body, format="json")
    assert response.status_code == 409 and "2100" in response.json()["detail"]
    assert api.post("/api/v1/fees/", {**body, "monthly_fee": 2100}, format="json").status_code == 201
    assert api.post("/api/v1/fees/", {**body, "institution": institutions["b"].pk}, format="json").status_code == 404
    assert api.get("/api/v1/fee-caps/").status_code == 403
    api.force_authenticate(users["reviewer_a"])
    with django_assert_max_num_queries(6):
        rows = api.get("/api/v1/fees/").json()["results"]
    assert [row["monthly_fee"] for row in rows] == [2100]
    assert api.post("/api/v1/fees/", {**body, "monthly_fee": 100}, format="json").status_code == 403
    api.force_authenticate(users["reviewer_b"])
    assert api.get("/api/v1/fees/").json()["results"] == []
    assert api.get(f"/api/v1/fees/?institution={inclusive_a.pk}").json()["results"] == []


def test_guide_prices_and_the_fees_in_force_export_in_scope(client, users, inclusive_a, institutions):
    """XLSX/CSV of the guide prices and of every fee in force in the user's scope, each with the guide price it is
    held to and whether it is above it; another province's admin exports none of them."""
    import io

    import openpyxl

    client.force_login(users["operator_a"])
    declare(client, inclusive_a, "infant", 2000)
    client.force_login(users["operator_b"])
    declare(client, institutions["b"], "toddler_small", 2600)  # not inclusive: no cap applies
    client.force_login(users["city_admin"])
    assert set_cap(client, "1301", "infant", 1500, basis="石发改价格〔2026〕9号").status_code == 302
    caps = client.get(CAPS, {"export": "csv"})
    assert caps.status_code == 200 and "石发改价格〔2026〕9号" in caps.content.decode("utf-8-sig")
    rows = {line.split(",")[0]: line.split(",") for line in
            client.get(CAPS, {"export": "csv", "what": "fees"}).content.decode("utf-8-sig").splitlines()[1:]}
    assert rows[inclusive_a.name][3:] == ["是", "乳儿班", "2000", today().isoformat(), "1500", "石家庄市", "是"]
    assert rows[institutions["b"].name][3:6] == ["否", "托小班", "2600"] and rows[institutions["b"].name][-1] == ""
    book = openpyxl.load_workbook(io.BytesIO(b"".join(
        client.get(CAPS, {"export": "xlsx", "what": "fees"}).streaming_content)))
    assert book.active.max_row == 3
    client.force_login(users["other_province_admin"])
    assert inclusive_a.name not in client.get(CAPS, {"export": "csv", "what": "fees"}).content.decode("utf-8-sig")


def test_the_directory_shows_each_institution_s_lowest_fee_in_force(client, users, inclusive_a, institutions):
    client.force_login(users["operator_a"])
    declare(client, inclusive_a, "infant", 2200)
    declare(client, inclusive_a, "toddler_small", 1800)
    declare(client, inclusive_a, "toddler_small", 1600, valid_from=today() + datetime.timedelta(days=30))  # later
    client.logout()
    page = client.get(reverse("institutions:directory")).content.decode()
    row = page.split(inclusive_a.name)[1].split("</tr>")[0]
    assert "保育费 1800 元/月起" in row
    other = page.split(institutions["b"].name)[1].split("</tr>")[0]
    assert "fee-from" not in other
