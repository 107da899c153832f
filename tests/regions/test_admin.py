"""Django admin pages for regions, population and targets."""
import pytest

from accounts.models import User
from regions.models import RegionPopulation, SlotTarget


@pytest.fixture
def superuser_client(client, db):
    client.force_login(User.objects.create_superuser("root", "root@example.invalid", "pass-Word-123"))
    return client


@pytest.mark.django_db
def test_region_admin_searches_by_code_prefix_and_filters_by_level(superuser_client, regions):
    page = superuser_client.get("/admin/regions/region/", {"q": "1301", "level__exact": "county"})
    assert page.status_code == 200
    assert "130102" in page.content.decode() and "370830" not in page.content.decode()
    assert superuser_client.get("/admin/regions/region/130102/change/").status_code == 200


@pytest.mark.django_db
def test_population_and_target_admin_pages(superuser_client, regions):
    RegionPopulation.objects.create(region=regions["county_a"], year=2024, population=500000)
    SlotTarget.objects.create(region=regions["county_a"], year=2025, new_slots_target=300)
    for url in ("/admin/regions/regionpopulation/", "/admin/regions/slottarget/"):
        page = superuser_client.get(url, {"q": "长安"})
        assert page.status_code == 200 and "长安区" in page.content.decode()
