import pytest
from django.urls import reverse

from tests.factories import InstitutionFactory

LIST = reverse("institutions:staff_list")


def detail(inst):
    return reverse("institutions:staff_detail", args=[inst.pk])


@pytest.mark.django_db
def test_staff_list_requires_login(client, institutions):
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_county_reviewer_list_shows_only_own_county(login, users, institutions):
    body = login(users["reviewer_a"]).get(LIST).content.decode()
    assert "长安区阳光托育园" in body
    assert "桥西区童心托育中心" not in body and "汶上县小树苗托育" not in body


@pytest.mark.django_db
def test_reviewer_of_other_county_gets_404_on_institution_page(login, users, institutions):
    client = login(users["reviewer_a"])
    assert client.get(detail(institutions["a"])).status_code == 200
    assert client.get(detail(institutions["b"])).status_code == 404


@pytest.mark.django_db
def test_city_admin_sees_all_counties_of_the_city_and_nothing_else(login, users, institutions):
    client = login(users["city_admin"])
    assert client.get(detail(institutions["a"])).status_code == 200
    assert client.get(detail(institutions["b"])).status_code == 200
    assert client.get(detail(institutions["other"])).status_code == 404
    names = {i.name for i in client.get(LIST).context["page_obj"].object_list}
    assert names == {"长安区阳光托育园", "桥西区童心托育中心"}


@pytest.mark.django_db
def test_operator_sees_own_institution_only(login, users, institutions):
    client = login(users["operator_a"])
    assert client.get(detail(institutions["a"])).status_code == 200
    assert client.get(detail(institutions["b"])).status_code == 404
    assert [i.name for i in client.get(LIST).context["page_obj"].object_list] == ["长安区阳光托育园"]


@pytest.mark.django_db
def test_viewer_can_read_in_scope(login, users, institutions):
    client = login(users["viewer_b"])
    assert client.get(detail(institutions["b"])).status_code == 200
    assert client.get(detail(institutions["a"])).status_code == 404


@pytest.mark.django_db
def test_staff_detail_shows_capacity_history(login, users, institutions):
    body = login(users["reviewer_a"]).get(detail(institutions["a"])).content.decode()
    assert "托位变更历史" in body and "2024-03-01" in body


@pytest.mark.django_db
def test_staff_list_filters_by_state(login, users, regions):
    InstitutionFactory(name="未备案机构", region=regions["county_a"], filing_state="not_filed")
    InstitutionFactory(name="已备案机构", region=regions["county_a"])
    page = login(users["reviewer_a"]).get(LIST, {"filing_state": "not_filed"}).context["page_obj"]
    assert [i.name for i in page.object_list] == ["未备案机构"]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [10, 200])
def test_staff_list_query_count_is_constant(login, users, regions, rows, django_assert_max_num_queries):
    InstitutionFactory.create_batch(rows, region=regions["county_a"], capacity=(30, 20))
    client = login(users["city_admin"])
    # First request: session and user, the unread count, the picker's regions (three), the page (one row more),
    # the count (more than a page), capacity, region paths. Then the regions come from the cache.
    with django_assert_max_num_queries(10):
        response = client.get(LIST)
    assert response.context["page_obj"].paginator.count == rows
    with django_assert_max_num_queries(6):
        assert client.get(LIST).status_code == 200


@pytest.mark.django_db
def test_region_picker_is_confined_to_the_users_scope(login, users, institutions):
    from regions.forms import MSG_REGION_OUT_OF_SCOPE

    client = login(users["city_admin"])
    page = client.get(LIST, {"region_county": "130104"}).context["page_obj"]
    assert [i.name for i in page.object_list] == ["桥西区童心托育中心"]
    response = client.get(LIST, {"region": "370830"})
    assert str(MSG_REGION_OUT_OF_SCOPE) in response.content.decode()
    assert "汶上县小树苗托育" not in response.content.decode()
