"""The rules where DOMAIN.md §7 leaves room (docs/statistics.md): net new slots, sums of children, null rates,
shared ranks, the day of filing and of deregistration, townships."""
import datetime
from decimal import Decimal

import pytest

from institutions.models import CapacityRecord, FilingState
from institutions.services import institution_deregister
from regions.models import RegionPopulation, SlotTarget
from stats.models import RegionFigures
from stats.numbers import ratio
from stats.rollup import competition_ranks
from stats.services import rollups_compute, rollups_compute_year
from tests.factories import InstitutionFactory, region

pytestmark = pytest.mark.django_db

D = datetime.date


def figures(code, year=2024, quarter=0):
    return RegionFigures.objects.get(region_code=code, year=year, quarter=quarter)


def test_ratio_rounds_half_up_and_gives_none_without_a_denominator():
    assert ratio(1, 8) == Decimal("12.50")
    assert ratio(250, 80_000, 1000) == Decimal("3.13")  # 3.125: half up (banker's rounding would give 3.12)
    assert ratio(-1, 8, 10) == Decimal("-1.25")
    assert ratio(5, 0) is None and ratio(5, None) is None


def test_ties_share_a_rank_and_the_next_rank_skips():
    values = {"a": Decimal("5.00"), "b": Decimal("4.00"), "c": Decimal("4.00"), "d": Decimal("3.00"), "e": None}
    assert competition_ranks(values) == {"a": 1, "b": 2, "c": 2, "d": 4, "e": None}


def test_counties_with_equal_rates_share_a_rank(db):
    # Four counties of one city, 1,000 residents each: 5, 4, 4 and 3 slots → 5.00, 4.00, 4.00, 3.00 per 1000.
    for code, slots in (("130102", 5), ("130104", 4), ("130105", 4), ("130107", 3)):
        InstitutionFactory(region=region(code), filed_on=D(2024, 1, 5), capacity=(slots, 0))
        RegionPopulation.objects.create(region_id=code, year=2024, population=1000)
        SlotTarget.objects.create(region_id=code, year=2024, new_slots_target=slots if code != "130107" else 6)
    rollups_compute(year=2024)
    ranks = dict(RegionFigures.objects.filter(parent_code="1301", year=2024).values_list("region_code", "rank"))
    assert ranks == {"130102": 1, "130104": 2, "130105": 2, "130107": 4}
    # Target completion: 100, 100, 100, 50 (3 of 6) → 1, 1, 1, 4.
    by_target = dict(RegionFigures.objects.filter(parent_code="1301", year=2024).values_list(
        "region_code", "rank_target"))
    assert by_target == {"130102": 1, "130104": 1, "130105": 1, "130107": 4}


def test_new_slots_are_net_of_deregistrations(db):
    opened = InstitutionFactory(region=region("130102"), filed_on=D(2023, 3, 1), capacity=(50, 40))
    closing = InstitutionFactory(region=region("130102"), filed_on=D(2023, 3, 1), capacity=(30, 20))
    InstitutionFactory(region=region("130102"), filed_on=D(2024, 5, 1), capacity=(25, 10))
    institution_deregister(institution=closing, on=D(2024, 8, 1), reason="停办")
    rollups_compute(year=2024)
    row = figures("130102")
    assert (row.slots, row.new_slots) == (75, -5)  # 50 + 25 now; 80 at the end of 2023: +25 − 30
    assert opened.filing_state == FilingState.FILED


def test_a_city_without_population_or_target_sums_its_counties(db):
    for code, population, target in (("130102", 40_000, 30), ("130104", 60_000, 20)):
        region(code)
        RegionPopulation.objects.create(region_id=code, year=2023, population=population)
        SlotTarget.objects.create(region_id=code, year=2024, new_slots_target=target)
    rollups_compute(year=2024)
    city = figures("1301")
    assert (city.population, city.target) == (100_000, 50)
    # A figure of the city's own wins over the sum of its counties.
    RegionPopulation.objects.create(region_id="1301", year=2024, population=123_456)
    rollups_compute(year=2024)
    assert figures("1301").population == 123_456


def test_a_missing_population_gives_null_rates_not_zero(db):
    InstitutionFactory(region=region("130102"), filed_on=D(2024, 1, 5), capacity=(30, 15))
    InstitutionFactory(region=region("130104"), filed_on=D(2024, 1, 5), capacity=(20, 10))
    RegionPopulation.objects.create(region_id="130104", year=2024, population=10_000)
    rollups_compute(year=2024)
    county_a = figures("130102")
    assert county_a.population is None and county_a.slots_per_1000 is None and county_a.rank is None
    assert county_a.target is None and county_a.target_completion_pct is None
    assert county_a.utilization_pct == Decimal("50.00")  # its own denominator (slots) is there
    # The city's population is the sum of the counties that have one (docs/statistics.md).
    assert figures("1301").population == 10_000 and figures("130104").rank == 1


def test_no_slots_gives_null_shares(db):
    region("130102")
    rollups_compute(year=2024)
    row = figures("130102")
    assert row.slots == 0 and row.utilization_pct is None and row.inclusive_share_pct is None
    assert row.model_shares["family"] == {"slots": 0, "share_pct": None}
    assert row.certified_staff_pct is None  # no staff


def test_an_institution_counts_from_its_filing_day_and_not_on_its_deregistration_day(db):
    InstitutionFactory(region=region("130102"), filed_on=D(2024, 12, 31), capacity=(10, 5))
    gone = InstitutionFactory(region=region("130102"), filed_on=D(2024, 1, 2), capacity=(7, 7))
    institution_deregister(institution=gone, on=D(2024, 12, 31), reason="停办")
    rollups_compute(year=2024)
    assert (figures("130102").institutions, figures("130102").slots) == (1, 10)


def test_a_deregistered_institution_without_a_date_never_counts(db):
    institution = InstitutionFactory(region=region("130102"), filed_on=D(2023, 1, 2), capacity=(9, 9),
                                     filing_state=FilingState.DEREGISTERED)
    assert institution.deregistered_on is None
    rollups_compute(year=2024)
    assert figures("130102").institutions == 0


def test_townships_have_rows_only_where_institutions_are_and_count_for_their_county(db):
    region("130102002")
    InstitutionFactory(region=region("130102001"), filed_on=D(2024, 1, 5), capacity=(12, 6))
    rollups_compute(year=2024)
    assert list(RegionFigures.objects.filter(level="township").values_list("region_code", "parent_code")) == [
        ("130102001", "130102")]
    assert figures("130102").slots == figures("1301").slots == figures("130102001").slots == 12


def test_township_population_adds_up_to_a_county_without_its_own(db):
    region("130102001"), region("130102002")
    RegionPopulation.objects.create(region_id="130102001", year=2024, population=3_000)
    RegionPopulation.objects.create(region_id="130102002", year=2024, population=2_000)
    InstitutionFactory(region=region("130102001"), filed_on=D(2024, 1, 5), capacity=(10, 6))
    rollups_compute(year=2024)
    assert figures("130102").population == 5_000 and figures("130102").slots_per_1000 == Decimal("2.00")
    assert figures("130102001").slots_per_1000 == Decimal("3.33")  # 10 / 3,000 × 1000


def test_the_capacity_record_in_force_at_the_period_end_is_used(db):
    institution = InstitutionFactory(region=region("130102"), filed_on=D(2023, 1, 2), capacity=(10, 5))
    CapacityRecord.objects.filter(institution=institution).update(effective_to=D(2024, 6, 1))
    CapacityRecord.objects.create(institution=institution, effective_from=D(2024, 6, 1), slots=16, enrolled=4)
    rollups_compute_year(year=2024)
    assert figures("130102", quarter=1).slots == 10 and figures("130102", quarter=2).slots == 16
    assert figures("130102", quarter=4).slots == figures("130102").slots == 16
