"""/api/v1/regions/: public, read-only, filterable, constant query counts."""
import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from regions.api_urls import urlpatterns as region_urlpatterns
from regions.filters import MSG_PARENT_FORMAT
from regions.serializers import MSG_DEPTH_RANGE
from tests.factories import region

LIST = "/api/v1/regions/"
TREE = "/api/v1/regions/tree/"


@pytest.fixture
def many_regions(regions):
    """Ten more counties under 石家庄市, each with three townships: query counts must not grow with them."""
    for county in range(121, 131):
        for township in range(1, 4):
            region(f"130{county}{township:03d}", f"乡镇{county}-{township}")
    return regions


def codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


@pytest.mark.django_db
def test_anonymous_can_read_regions(client, regions):
    assert client.get(LIST).status_code == 200
    assert client.get(f"{LIST}130102/").status_code == 200
    assert client.get(TREE).status_code == 200


@pytest.mark.django_db
def test_writes_are_not_allowed(login, users):
    client = login(users["national_admin"])
    assert client.post(LIST, {"code": "99", "name": "x", "level": "province"}).status_code == 405


@pytest.mark.django_db
def test_parent_filter_lists_children_by_code(client, regions):
    rows = client.get(LIST, {"parent": "1301"}).json()["results"]
    assert rows == [
        {"code": "130102", "name": "长安区", "level": "county", "parent": "1301", "has_children": True},
        {"code": "130104", "name": "桥西区", "level": "county", "parent": "1301", "has_children": False},
    ]


@pytest.mark.django_db
def test_provinces_by_parent_root_or_level(client, regions):
    assert codes(client.get(LIST, {"parent": "root"})) == ["13", "37"]
    assert codes(client.get(LIST, {"level": "province"})) == ["13", "37"]


@pytest.mark.django_db
def test_name_and_code_prefix_filters(client, regions):
    assert codes(client.get(LIST, {"q": "桥西"})) == ["130104"]
    assert codes(client.get(LIST, {"code_prefix": "1301"})) == ["1301", "130102", "130102001", "130104"]
    assert codes(client.get(LIST, {"code_prefix": "13", "level": "county"})) == ["130102", "130104"]


@pytest.mark.django_db
def test_bad_filter_values_answer_400_with_bilingual_message(client, regions):
    response = client.get(LIST, {"parent": "abc"})
    assert response.status_code == 400 and response.json()["parent"] == [MSG_PARENT_FORMAT]
    assert client.get(LIST, {"level": "galaxy"}).status_code == 400


@pytest.mark.django_db
def test_page_size_up_to_500(client, many_regions):
    data = client.get(LIST, {"code_prefix": "130", "page_size": 500}).json()
    assert data["count"] == len(data["results"]) == 1 + 12 + 31  # 石家庄市, its counties, their townships


@pytest.mark.django_db
def test_detail_has_ancestors_and_children(client, regions):
    data = client.get(f"{LIST}130102/").json()
    assert data["name"] == "长安区" and data["level"] == "county" and data["parent"] == "1301"
    assert data["ancestors"] == [
        {"code": "13", "name": "河北省", "level": "province"},
        {"code": "1301", "name": "石家庄市", "level": "city"},
    ]
    assert [c["code"] for c in data["children"]] == ["130102001"]
    province = client.get(f"{LIST}13/").json()
    assert province["ancestors"] == [] and province["parent"] is None


@pytest.mark.django_db
def test_unknown_code_is_404(client, regions):
    assert client.get(f"{LIST}99/").status_code == 404
    assert client.get(TREE, {"root": "99"}).status_code == 404


@pytest.mark.django_db
def test_tree_below_root_with_depth(client, regions):
    data = client.get(TREE, {"root": "13", "depth": 2}).json()
    assert data["root"] == {"code": "13", "name": "河北省", "level": "province"} and data["depth"] == 2
    [city] = data["children"]
    assert city["code"] == "1301" and [c["code"] for c in city["children"]] == ["130102", "130104"]
    # The last requested level is not expanded.
    assert {c["children"] is None for c in city["children"]} == {True}


@pytest.mark.django_db
def test_tree_of_the_country_defaults_to_provinces(client, regions):
    data = client.get(TREE).json()
    assert data["root"] is None and data["depth"] == 1
    assert [(p["code"], p["children"]) for p in data["children"]] == [("13", None), ("37", None)]
    full = client.get(TREE, {"depth": 3}).json()
    assert full["children"][1]["children"][0]["children"][0]["code"] == "370830"


@pytest.mark.django_db
@pytest.mark.parametrize("depth", ["0", "4", "x"])
def test_tree_depth_is_capped(client, regions, depth):
    response = client.get(TREE, {"depth": depth})
    assert response.status_code == 400 and response.json()["depth"] == [MSG_DEPTH_RANGE]


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_regions(client, many_regions, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # count + page
        assert len(client.get(LIST, {"code_prefix": "13", "page_size": 500}).json()["results"]) > 40
    with django_assert_max_num_queries(2):  # region with ancestors + children
        assert len(client.get(f"{LIST}1301/").json()["children"]) == 12
    with django_assert_max_num_queries(1):
        assert len(client.get(TREE, {"depth": 3}).json()["children"]) == 2
    with django_assert_max_num_queries(2):  # root + tree
        client.get(TREE, {"root": "13", "depth": 3})


def test_schema_documents_the_endpoints_without_warnings():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=region_urlpatterns).get_schema(request=None, public=True)
    assert not GENERATOR_STATS, "drf-spectacular warned about the regions API"
    assert {"/regions/", "/regions/{code}/", "/regions/tree/"} <= set(schema["paths"])
    params = {p["name"] for p in schema["paths"]["/regions/"]["get"]["parameters"]}
    assert {"parent", "level", "q", "code_prefix", "page_size"} <= params
    tree_params = {p["name"] for p in schema["paths"]["/regions/tree/"]["get"]["parameters"]}
    assert tree_params == {"root", "depth"}
