"""GET /api/v1/stats/ and /api/v1/stats/children/: scope (404 outside), defaults, children, query counts."""
import io

import pytest
from django.core.management import call_command

from stats.selectors import MSG_NO_FIGURES
from tests.factories import region

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/"
CHILDREN = "/api/v1/stats/children/"


@pytest.fixture
def computed(dataset, users):
    call_command("compute_rollups", "--year", "2024", stdout=io.StringIO())
    return dataset


def test_reviewer_of_a_county_reads_its_figures(computed, api, users):
    response = api(users["reviewer_a"]).get(URL, {"region": "130102", "year": 2024})
    assert response.status_code == 200 and response.json()["slots"] == 180


@pytest.mark.parametrize("region_code", ["130104", "1301", "13", "", "370830"])
def test_reviewer_of_other_county_gets_404(computed, api, users, region_code):
    response = api(users["reviewer_a"]).get(URL, {"region": region_code, "year": 2024})
    assert response.status_code == 404
    assert response.json()["detail"] == MSG_NO_FIGURES  # the same answer as "not computed"
    assert api(users["reviewer_a"]).get(CHILDREN, {"region": region_code, "year": 2024}).status_code == 404


def test_each_role_in_scope_reads_and_operators_get_404(computed, api, users):
    for username in ("inspector_a", "admin_a", "viewer_a", "city_admin", "province_admin", "national_admin"):
        assert api(users[username]).get(URL, {"region": "130102", "year": 2024}).status_code == 200, username
    assert api(users["operator_a"]).get(URL, {"region": "130102", "year": 2024}).status_code == 404
    assert api(users["other_province_admin"]).get(URL, {"region": "130102", "year": 2024}).status_code == 404


def test_anonymous_callers_are_refused(computed, api):
    assert api(None).get(URL, {"region": "130102", "year": 2024}).status_code == 401


def test_without_region_the_callers_own_region_is_meant(computed, api, users):
    assert api(users["city_admin"]).get(URL, {"year": 2024}).json()["region_code"] == "1301"
    national = api(users["national_admin"]).get(URL, {"year": 2024}).json()
    assert (national["region_code"], national["region_name"]) == ("", "全国")


def test_a_period_not_computed_is_404_and_bad_parameters_are_400(computed, api, users):
    client = api(users["city_admin"])
    assert client.get(URL, {"region": "1301", "year": 2022}).status_code == 404
    assert client.get(URL, {"region": "1301", "year": 2024, "quarter": 2}).json()["quarter"] == 2
    assert client.get(URL, {"region": "1301"}).status_code == 400
    assert client.get(URL, {"region": "1301", "year": 2024, "quarter": 5}).status_code == 400


def test_children_are_the_child_regions_figures(computed, api, users):
    client = api(users["city_admin"])
    counties = client.get(CHILDREN, {"region": "1301", "year": 2024}).json()
    assert [(c["region_code"], c["region_name"], c["rank"], c["slots_per_1000"]) for c in counties] == [
        ("130102", "长安区", 2, 3.6), ("130104", "桥西区", 1, 3.75)]
    assert counties[0] == client.get(URL, {"region": "130102", "year": 2024}).json()
    townships = client.get(CHILDREN, {"region": "130102", "year": 2024}).json()
    assert [t["region_code"] for t in townships] == ["130102001"]
    assert client.get(CHILDREN, {"region": "130102001", "year": 2024}).json() == []
    provinces = api(users["national_admin"]).get(CHILDREN, {"year": 2024}).json()
    assert [p["region_code"] for p in provinces] == ["13", "37"]


def test_query_counts_do_not_grow_with_the_children(computed, api, users, django_assert_num_queries):
    client = api(users["city_admin"])
    with django_assert_num_queries(1):
        client.get(URL, {"region": "1301", "year": 2024})
    with django_assert_num_queries(2):
        assert len(client.get(CHILDREN, {"region": "1301", "year": 2024}).json()) == 2
    for code in ("130105", "130107", "130108"):
        region(code)
    call_command("compute_rollups", "--year", "2024", stdout=io.StringIO())
    with django_assert_num_queries(2):
        assert len(client.get(CHILDREN, {"region": "1301", "year": 2024}).json()) == 5
