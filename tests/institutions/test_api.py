import pytest
from django.urls import reverse
from knox.models import AuthToken

from institutions.apis import MSG_BAD_DATE
from tests.factories import InstitutionFactory

LIST = "/api/v1/institutions/"


def detail(inst):
    return f"{LIST}{inst.pk}/"


@pytest.mark.django_db
def test_anonymous_is_refused(client, institutions):
    assert client.get(LIST).status_code in (401, 403)


@pytest.mark.django_db
def test_county_reviewer_lists_only_own_county(login, users, institutions):
    data = login(users["reviewer_a"]).get(LIST).json()
    assert data["count"] == 1 and data["results"][0]["name"] == "长安区阳光托育园"
    assert data["results"][0]["slots"] == 40 and data["results"][0]["region_path"][-1] == "长安区"


@pytest.mark.django_db
def test_reviewer_of_other_county_gets_404_in_api(login, users, institutions):
    client = login(users["reviewer_a"])
    assert client.get(detail(institutions["a"])).status_code == 200
    assert client.get(detail(institutions["b"])).status_code == 404


@pytest.mark.django_db
def test_city_admin_api_scope(login, users, institutions):
    client = login(users["city_admin"])
    names = {row["name"] for row in client.get(LIST).json()["results"]}
    assert names == {"长安区阳光托育园", "桥西区童心托育中心"}
    assert client.get(detail(institutions["other"])).status_code == 404


@pytest.mark.django_db
def test_token_auth_works(client, users, institutions):
    _, key = AuthToken.objects.create(user=users["province_admin"])
    response = client.get(LIST, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200 and response.json()["count"] == 2


@pytest.mark.django_db
def test_filters_and_capacity_date(login, users, regions):
    InstitutionFactory(name="普惠甲", region=regions["county_a"], inclusive=True, capacity=(50, 10))
    InstitutionFactory(name="乙", region=regions["county_b"], capacity=(20, 10))
    client = login(users["city_admin"])
    rows = client.get(LIST, {"inclusive": "true"}).json()["results"]
    assert [r["name"] for r in rows] == ["普惠甲"]
    rows = client.get(LIST, {"region": "130104"}).json()["results"]
    assert [r["name"] for r in rows] == ["乙"]
    before_filing = client.get(LIST, {"date": "2020-01-01"}).json()["results"]
    assert {r["slots"] for r in before_filing} == {None}


@pytest.mark.django_db
def test_bad_date_is_a_bilingual_400(login, users, institutions):
    response = login(users["city_admin"]).get(LIST, {"date": "2024-13-01"})
    assert response.status_code == 400 and response.json()["date"] == [MSG_BAD_DATE]


@pytest.mark.django_db
def test_detail_has_capacity_history(login, users, institutions):
    data = login(users["operator_a"]).get(detail(institutions["a"])).json()
    assert data["capacity_history"] == [
        {"effective_from": "2024-03-01", "effective_to": None, "slots": 40, "enrolled": 30}]


@pytest.mark.django_db
def test_api_is_read_only(login, users, institutions):
    client = login(users["city_admin"])
    assert client.post(LIST, {"name": "x"}).status_code == 405
    assert client.delete(detail(institutions["a"])).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [10, 200])
def test_api_query_count_is_constant(login, users, regions, rows, django_assert_max_num_queries):
    InstitutionFactory.create_batch(rows, region=regions["county_a"], capacity=(30, 20))
    client = login(users["city_admin"])
    with django_assert_max_num_queries(6):
        response = client.get(LIST, {"page_size": 200})
    assert response.json()["count"] == rows


@pytest.mark.django_db
def test_schema_and_docs_are_served_offline(client):
    schema = client.get(reverse("schema"))
    assert schema.status_code == 200 and b"/api/v1/institutions/" in schema.content
    docs = client.get(reverse("swagger-ui")).content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower() and "unpkg" not in docs.lower()
