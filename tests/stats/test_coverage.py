"""Headline figures on a partial population (issue 13, point 13): a region whose population covers only some of
its county-level units says so on the dashboard card, in the ranking and in the bulletin. The figures themselves,
and the API's and stats_report's keys, stay those of DOMAIN.md §7 (population: the sum of the children that have
one)."""
import pytest
from django.urls import reverse

from regions.models import RegionPopulation
from stats.models import RegionFigures
from stats.services import rollups_compute_year
from tests.factories import region

pytestmark = pytest.mark.django_db


def figures(code: str, year: int = 2024) -> RegionFigures:
    return RegionFigures.objects.get(region_code=code, year=year, quarter=0)


def test_coverage_counts_the_county_level_units_with_a_population(dataset, stats_regions):
    region("130105", "新华区")  # a third county of the city, without population or target
    rollups_compute_year(year=2024)
    city = figures("1301")
    assert city.counties == 3 and city.population == 50_000 + 32_000  # DOMAIN.md §7: the sum of the known ones
    assert (city.population_counties, city.target_counties) == (2, 2) and city.population_partial
    assert (figures("130102").population_counties, figures("130105").population_counties) == (1, 0)
    assert figures("130105").population is None and not figures("130105").population_partial
    country = figures("")
    assert country.population_counties == 2 and country.counties == 3

    # Once the city has its own population, it covers all three.
    RegionPopulation.objects.create(region_id="1301", year=2024, population=120_000)
    rollups_compute_year(year=2024)
    city = figures("1301")
    assert city.population == 120_000 and city.population_counties == 3 and not city.population_partial
    assert figures("13").population_counties == 3


def test_pages_say_when_a_population_is_partial(dataset, stats_regions, users, client):
    region("130105", "新华区")
    rollups_compute_year(year=2024)
    client.force_login(users["province_admin"])
    board = client.get(reverse("stats:dashboard"), {"region": "1301", "year": 2024}).content.decode()
    assert 'id="population-coverage"' in board and "人口覆盖 2/3 个县区" in board
    province = client.get(reverse("stats:dashboard"), {"region": "13", "year": 2024}).content.decode()
    assert "partial-coverage" in province  # the city's row in the province's ranking
    bulletin = client.get(reverse("stats:bulletin"), {"region": "1301", "year": 2024, "period": "Y"})
    assert "常住人口仅覆盖2/3个县区" in bulletin.content.decode()


def test_a_complete_population_shows_no_note(dataset, users, client):
    rollups_compute_year(year=2024)
    client.force_login(users["province_admin"])
    board = client.get(reverse("stats:dashboard"), {"region": "1301", "year": 2024}).content.decode()
    assert 'id="population-coverage"' not in board
