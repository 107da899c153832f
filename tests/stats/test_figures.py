"""The figures are declared once (stats/figures.py): the stored columns, the rollup's SQL, the rates and ranks,
the API fields and the export columns all come from the declarations, and "counts on day D" has one
definition whose Q and SQL agree."""
import datetime

import pytest
from django.db import connection

from institutions.models import FilingState, Institution
from regions.models import Region, RegionLevel, RegionPopulation
from stats import figures
from stats.figures import CAPACITY, FIGURES, SUPERVISION, Breakdown, Count, Group, Layout, Rate, counted_on
from stats.models import RegionFigures
from stats.rollup import MEASURES, USED
from stats.serializers import RegionFiguresSerializer
from stats.services import rollups_compute_year
from tests.factories import InstitutionFactory, region

D = datetime.date
DAY = D(2024, 6, 30)


@pytest.mark.django_db
def test_counted_on_says_the_same_as_a_q_and_as_sql():
    cases = {
        "filed the day before": dict(filed_on=D(2024, 6, 29)),
        "filed that day": dict(filed_on=DAY),
        "filed the day after": dict(filed_on=D(2024, 7, 1)),
        "deregistered that day": dict(filed_on=D(2023, 1, 1), deregistered_on=DAY,
                                      filing_state=FilingState.DEREGISTERED),
        "deregistered the day after": dict(filed_on=D(2023, 1, 1), deregistered_on=D(2024, 7, 1),
                                           filing_state=FilingState.DEREGISTERED),
        "deregistered without a date": dict(filed_on=D(2023, 1, 1), filing_state=FilingState.DEREGISTERED),
        "deregistration scheduled later": dict(filed_on=D(2023, 1, 1), deregistered_on=D(2024, 9, 1)),
        "never filed": dict(filed_on=None, filing_state=FilingState.NOT_FILED),
    }
    ids = {}
    for name, values in cases.items():
        values.setdefault("filing_state", FilingState.FILED)
        ids[InstitutionFactory(region=region("130102"), capacity=None, **values).pk] = name
    by_q = {ids[pk] for pk in Institution.objects.filter(counted_on.q(DAY)).values_list("pk", flat=True)}
    table = connection.ops.quote_name(Institution._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT i.id FROM {table} i WHERE {counted_on.sql('i')}", counted_on.params(DAY))
        by_sql = {ids[pk] for (pk,) in cursor.fetchall()}
        # The span's candidates hold every institution counted on one of its days.
        cursor.execute(f"SELECT i.id FROM {table} i WHERE {counted_on.sql_between('i')}",
                       counted_on.params_between(DAY, DAY))
        between = {ids[pk] for (pk,) in cursor.fetchall()}
    assert by_q == by_sql == {"filed the day before", "filed that day", "deregistered the day after",
                              "deregistration scheduled later"}
    assert by_sql <= between and "never filed" not in between


def test_every_figure_is_a_stored_column_with_its_label_and_a_place_in_the_api_and_exports():
    fields = {field.name: field for field in RegionFigures._meta.concrete_fields}
    for figure in FIGURES:
        assert str(fields[figure.name].verbose_name) == str(figure.label), figure.name
    api = list(RegionFiguresSerializer().fields)
    assert api[:6] == ["region_code", "region_name", "year", "quarter", "as_of", "computed_at"]
    assert api[6:] == [figure.name for figure in FIGURES if figure.api]
    from stats.exports import CHILDREN_COLUMNS
    exported = [getter for _header, getter, _format in CHILDREN_COLUMNS]
    assert exported[2:-1] == [figure.name for figure in FIGURES if figure.export]
    # Every measure a sum adds is a column of the rollup's query.
    assert set(USED) <= set(MEASURES)


def test_a_layout_places_each_sum_and_gives_a_group_its_contributions():
    layout = Layout([
        Count("all", "all", measure="count"),
        Count("big", "big", measure="slots", where=lambda group: group.operating_model == "community"),
        Breakdown("per_level", "per level", keys=("county", "city"), parts=("n", "slots"),
                  measures=("count", "slots"), by="pilot_level"),
    ])
    assert layout.width == 1 + 1 + 4 and layout.measures() == ["count", "slots"]
    assert layout.contributions(("community", False, "city", "public"), ["count", "slots"]) == ((0, 0), (1, 1), (4, 0), (5, 1))
    assert layout.contributions(("employer", True, "none", ""), ["count", "slots"]) == ((0, 0),)
    vector = [3, 0, 0, 0, 2, 40]
    assert layout.stored(vector) == {"all": 3, "big": 0, "per_level": {"city": [2, 40]}}

    class Row:
        all, big, per_level = 3, 0, {"city": [2, 40]}
    assert layout.vector_of(Row) == vector
    assert Group("community", False, "province").pilot and not Group("community", False, "none").pilot


def test_rates_follow_their_declaration():
    values = {"slots": 250, "population": 80_000, "enrolled": 0, "inclusive_slots": 0, "pilot_counties": 1,
              "counties": 3, "new_slots": 5, "target": None, "certified_staff": 1, "staff": 8,
              "inspected_institutions": 1, "institutions": 0, "pilots": 1, "pilots_target": 4, "pilot_slots": 30,
              "pilot_slots_target": None, "public_slots": 100, "public_townships": 1, "townships": 0,
              "under3_population": 2_000, "incidents": 3}
    rates = figures.rates(values)
    assert str(rates["public_share_pct"]) == "40.00" and rates["public_township_coverage_pct"] is None
    assert str(rates["enrolment_rate_pct"]) == "0.00" and rates["incidents_per_1000"] is None  # nobody enrolled
    assert str(rates["slots_per_1000"]) == "3.13"  # 3.125 half up
    assert rates["target_completion_pct"] is None and rates["inspected_share_pct"] is None
    assert str(rates["certified_staff_pct"]) == "12.50"
    assert str(rates["pilots_target_completion_pct"]) == "25.00" and rates["pilot_slots_target_completion_pct"] is None
    assert set(rates) == {figure.name for figure in FIGURES if isinstance(figure, Rate)}


@pytest.mark.django_db
def test_a_stored_row_gives_back_its_vectors_and_the_country_sums_them(api, users):
    InstitutionFactory(region=region("130102"), filed_on=D(2024, 1, 5), capacity=(40, 30), inclusive=True,
                       pilot_level="county", operating_model="community")
    InstitutionFactory(region=region("370102"), filed_on=D(2024, 2, 5), capacity=(20, 10))
    RegionPopulation.objects.create(region_id="130102", year=2024, population=10_000)
    RegionPopulation.objects.create(region_id="370102", year=2024, population=10_000)
    rollups_compute_year(year=2024)
    hebei = RegionFigures.objects.get(region_code="13", year=2024, quarter=0)
    vector = CAPACITY.vector_of(hebei)
    assert vector[CAPACITY.index("slots")] == 40 and vector[CAPACITY.index("inclusive_slots")] == 40
    assert vector[CAPACITY.slot("pilots_by_level", "county", 1)] == 40
    assert vector[CAPACITY.slot("slots_by_model", "community")] == 40
    assert CAPACITY.stored(vector) == {name: getattr(hebei, name) for name in CAPACITY.offset}
    assert SUPERVISION.vector_of(hebei) == SUPERVISION.zeros()
    # The country row is the provinces' vectors added up; the provinces ranked by their declared rates.
    country = RegionFigures.objects.get(region_code="", year=2024, quarter=0)
    counties = Region.objects.filter(level=RegionLevel.COUNTY).count()
    assert (country.slots, country.enrolled, country.pilots, country.counties, country.pilot_counties) == (
        60, 40, 1, counties, 1)
    assert str(country.slots_per_1000) == "3.00" and str(country.utilization_pct) == "66.67"
    ranks = dict(RegionFigures.objects.filter(level="province", year=2024, quarter=0).values_list("region_code", "rank"))
    assert ranks == {"13": 1, "37": 2}
    # The API shows the declared fields, breakdowns in full.
    data = api(users["national_admin"]).get("/api/v1/stats/", {"region": "", "year": 2024}).json()
    assert data["slots"] == 60 and data["pilots_by_level"]["county"] == {"pilots": 1, "slots": 40, "enrolled": 30}
    assert data["slots_by_model"]["community"] == {"slots": 40, "share_pct": 66.67}
    assert "staff" not in data and data["certified_staff_pct"] is None
