import pytest
from django.urls import reverse

from institutions.models import FilingState, OperatingModel, PilotLevel
from tests.factories import InstitutionFactory

DIRECTORY = reverse("institutions:directory")


@pytest.mark.django_db
def test_directory_is_public_and_lists_filed_institutions(client, institutions):
    InstitutionFactory(name="尚未备案的托育园", filing_state=FilingState.NOT_FILED)
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    body = response.content.decode()
    assert "长安区阳光托育园" in body and "汶上县小树苗托育" in body
    assert "尚未备案的托育园" not in body


@pytest.mark.django_db
def test_directory_search_by_name(client, institutions):
    body = client.get(DIRECTORY, {"q": "阳光"}).content.decode()
    assert "长安区阳光托育园" in body and "桥西区童心托育中心" not in body


@pytest.mark.django_db
def test_directory_search_by_credit_code(client, institutions):
    code = institutions["b"].credit_code
    body = client.get(DIRECTORY, {"q": code.lower()}).content.decode()
    assert "桥西区童心托育中心" in body and "长安区阳光托育园" not in body


@pytest.mark.django_db
def test_directory_filters_by_region_scope(client, institutions):
    body = client.get(DIRECTORY, {"region": "13"}).content.decode()
    assert "长安区阳光托育园" in body and "桥西区童心托育中心" in body and "汶上县小树苗托育" not in body
    body = client.get(DIRECTORY, {"region": "130104"}).content.decode()
    assert "桥西区童心托育中心" in body and "长安区阳光托育园" not in body


@pytest.mark.django_db
def test_directory_filters_by_model_inclusive_pilot_and_star(client, regions):
    InstitutionFactory(name="甲", operating_model=OperatingModel.COMMUNITY, inclusive=True,
                       pilot_level=PilotLevel.CITY, star_rating=4)
    InstitutionFactory(name="乙", operating_model=OperatingModel.FAMILY, inclusive=False)

    def names(params):
        return [i.name for i in client.get(DIRECTORY, params).context["page_obj"].object_list]

    assert names({"operating_model": "community"}) == ["甲"]
    assert names({"inclusive": "true"}) == ["甲"]
    assert names({"inclusive": "false"}) == ["乙"]
    assert names({"pilot_level": "city"}) == ["甲"]
    assert names({"star_rating": "4"}) == ["甲"]


@pytest.mark.django_db
def test_directory_paginates(client, regions):
    InstitutionFactory.create_batch(45)
    response = client.get(DIRECTORY, {"page": 3})
    assert response.context["page_obj"].number == 3
    assert len(response.context["page_obj"].object_list) == 5


@pytest.mark.django_db
def test_public_page_shows_public_facts_without_phone(client, institutions):
    inst = institutions["a"]
    inst.phone = "13800138000"
    inst.save(update_fields=["phone"])
    response = client.get(reverse("institutions:public_detail", args=[inst.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert inst.name in body and inst.credit_code in body and "40" in body
    assert "13800138000" not in body


@pytest.mark.django_db
def test_public_page_of_unfiled_or_deregistered_is_404(client, regions):
    for state in (FilingState.NOT_FILED, FilingState.DEREGISTERED):
        inst = InstitutionFactory(filing_state=state)
        assert client.get(reverse("institutions:public_detail", args=[inst.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [10, 200])
def test_directory_query_count_is_constant(client, regions, rows, django_assert_max_num_queries):
    InstitutionFactory.create_batch(rows, capacity=(30, 20))
    # First request: the page (one row more), the count (more than a page), the page's figures (capacity, monthly
    # reports' vacancies, fees: one statement), region paths, the picker's provinces. Then regions are cached.
    with django_assert_max_num_queries(5):
        response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == rows
    with django_assert_max_num_queries(3):  # the page, its figures, the count (exact: under pagination.CACHE_FROM)
        assert client.get(DIRECTORY).status_code == 200


@pytest.mark.django_db
def test_directory_cascade_selects_filter_without_javascript(client, institutions):
    page = client.get(DIRECTORY, {"region_province": "13", "region_city": "1301", "region_county": "130104"})
    assert [i.name for i in page.context["page_obj"].object_list] == ["桥西区童心托育中心"]
    body = page.content.decode()
    assert 'name="region_county"' in body and "桥西区" in body
