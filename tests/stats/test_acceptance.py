"""Acceptance: the hand-built data set (tests/stats/conftest.py) gives exactly the figures computed by hand,
for every key of DOMAIN.md §7, for county A, the city and the province (and county B and the township),
for 2023 and 2024, through `manage.py stats_report` and through GET /api/v1/stats/."""
import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ZERO = {"pilots": 0, "slots": 0, "enrolled": 0}
MODELS = ("brand_chain", "community", "kindergarten", "employer", "medical", "independent", "family")


def by_model(**shares):
    """slots_by_model: each model's {slots, share_pct}; models not named have 0 slots (share 0.0)."""
    return {model: dict(zip(("slots", "share_pct"), shares.get(model, (0, 0.0)), strict=True)) for model in MODELS}


def by_level(**levels):
    return {level: dict(zip(("pilots", "slots", "enrolled"), levels[level], strict=True)) if level in levels
            else ZERO for level in ("county", "city", "province")}


def by_kind(**kinds):
    return {model: dict(zip(("pilots", "slots", "enrolled"), kinds[model], strict=True)) if model in kinds
            else ZERO for model in MODELS}


# Counted at end of 2022 (the baseline of 2023): I1 100, I3 10 → A 110 slots; B 0.
# Counted at end of 2023: A = I1 100/80 + I2 60/45 (township) + I3 10/8; B = I4 80/50 (I5 filed 2024).
# Counted at end of 2024: A = I1 120/90 (changed 2024-03-01) + I2 60/45 (I3 deregistered 2024-07-01);
#                         B = I4 80/50 + I5 40/30. I6 (filed 2025) and I7 (draft) never count.
EXPECTED = {
    ("130102", 2023): {
        "region_name": "长安区",
        "institutions": 3,  # I1, I2, I3
        "slots": 170,  # 100 + 60 + 10
        "enrolled": 133,  # 80 + 45 + 8
        "population": 50_000,  # A's own 2023 figure
        "slots_per_1000": 3.40,  # 170 / 50,000 × 1000 = 3.4
        "utilization_pct": 78.24,  # 133 / 170 × 100 = 78.2352… → 78.24
        "inclusive_slots": 160,  # I1 100 + I2 60
        "inclusive_share_pct": 94.12,  # 160 / 170 × 100 = 94.1176… → 94.12
        # 100/170 = 58.8235… → 58.82; 60/170 = 35.2941… → 35.29; 10/170 = 5.8823… → 5.88
        "slots_by_model": by_model(brand_chain=(100, 58.82), community=(60, 35.29), family=(10, 5.88)),
        "pilots": 2,  # I1 (county level), I2 (city level)
        "pilot_slots": 160,  # 100 + 60
        "pilot_enrolled": 125,  # 80 + 45
        "pilots_by_level": by_level(county=(1, 100, 80), city=(1, 60, 45)),
        "pilots_by_kind": by_kind(brand_chain=(1, 100, 80), community=(1, 60, 45)),
        "pilot_county_coverage_pct": 100.00,  # 1 county (A itself) with a pilot / 1 county
        "new_slots": 60,  # 170 − 110
        "target": 50,
        "target_completion_pct": 120.00,  # 60 / 50 × 100
        "certified_staff_pct": 62.50,  # (I1 3 + I2 2 + I3 0) / (4 + 2 + 2) = 5 / 8 × 100
        "rank": 1,  # A 3.40 > B 2.67 in city 1301
        "rank_target": 1,  # A 120.00 > B 80.00
    },
    ("130102", 2024): {
        "region_name": "长安区",
        "institutions": 2,  # I1, I2 (I3 deregistered 2024-07-01)
        "slots": 180,  # 120 + 60
        "enrolled": 135,  # 90 + 45
        "population": 50_000,  # latest A figure of a year ≤ 2024 is 2023's
        "slots_per_1000": 3.60,  # 180 / 50,000 × 1000
        "utilization_pct": 75.00,  # 135 / 180 × 100
        "inclusive_slots": 180,  # I1 120 + I2 60
        "inclusive_share_pct": 100.00,
        # 120/180 = 66.666… → 66.67; 60/180 = 33.333… → 33.33; family 0 (I3 gone)
        "slots_by_model": by_model(brand_chain=(120, 66.67), community=(60, 33.33)),
        "pilots": 2,
        "pilot_slots": 180,  # 120 + 60
        "pilot_enrolled": 135,  # 90 + 45
        "pilots_by_level": by_level(county=(1, 120, 90), city=(1, 60, 45)),
        "pilots_by_kind": by_kind(brand_chain=(1, 120, 90), community=(1, 60, 45)),
        "pilot_county_coverage_pct": 100.00,
        "new_slots": 10,  # 180 − 170: +20 from I1's change, −10 from I3's deregistration (net)
        "target": 40,
        "target_completion_pct": 25.00,  # 10 / 40 × 100
        "certified_staff_pct": 83.33,  # (3 + 2) / (4 + 2) × 100 = 83.333… (I3's staff no longer count)
        "rank": 2,  # B 3.75 > A 3.60
        "rank_target": 2,  # B 66.67 > A 25.00
    },
    ("130102001", 2023): {
        "region_name": "建北街道",
        "institutions": 1, "slots": 60, "enrolled": 45,  # I2
        "population": None,  # the township has no population (nor children with one)
        "slots_per_1000": None,
        "utilization_pct": 75.00,  # 45 / 60 × 100
        "inclusive_slots": 60, "inclusive_share_pct": 100.00,
        "slots_by_model": by_model(community=(60, 100.0)),
        "pilots": 1, "pilot_slots": 60, "pilot_enrolled": 45,
        "pilots_by_level": by_level(city=(1, 60, 45)),
        "pilots_by_kind": by_kind(community=(1, 60, 45)),
        "pilot_county_coverage_pct": None,  # no county-level region inside a township
        "new_slots": 60,  # 60 − 0 (I2 filed 2023)
        "target": None, "target_completion_pct": None,
        "certified_staff_pct": 100.00,  # 2 / 2
        "rank": None,  # its slots_per_1000 is null: not ranked
        "rank_target": None,
    },
    ("130104", 2023): {
        "region_name": "桥西区",
        "institutions": 1, "slots": 80, "enrolled": 50,  # I4
        "population": 30_000,
        "slots_per_1000": 2.67,  # 80 / 30,000 × 1000 = 2.666… → 2.67
        "utilization_pct": 62.50,  # 50 / 80 × 100
        "inclusive_slots": 0, "inclusive_share_pct": 0.00,
        "slots_by_model": by_model(kindergarten=(80, 100.0)),
        "pilots": 0, "pilot_slots": 0, "pilot_enrolled": 0,
        "pilots_by_level": by_level(), "pilots_by_kind": by_kind(),
        "pilot_county_coverage_pct": 0.00,  # 0 of 1
        "new_slots": 80,  # 80 − 0
        "target": 100, "target_completion_pct": 80.00,  # 80 / 100 × 100
        "certified_staff_pct": 80.00,  # 4 / 5
        "rank": 2, "rank_target": 2,
    },
    ("130104", 2024): {
        "region_name": "桥西区",
        "institutions": 2, "slots": 120, "enrolled": 80,  # I4 80/50 + I5 40/30
        "population": 32_000,
        "slots_per_1000": 3.75,  # 120 / 32,000 × 1000
        "utilization_pct": 66.67,  # 80 / 120 × 100 = 66.666… → 66.67
        "inclusive_slots": 40, "inclusive_share_pct": 33.33,  # 40 / 120 × 100
        "slots_by_model": by_model(kindergarten=(80, 66.67), independent=(40, 33.33)),
        "pilots": 1, "pilot_slots": 40, "pilot_enrolled": 30,  # I5, province level
        "pilots_by_level": by_level(province=(1, 40, 30)),
        "pilots_by_kind": by_kind(independent=(1, 40, 30)),
        "pilot_county_coverage_pct": 100.00,
        "new_slots": 40,  # 120 − 80
        "target": 60, "target_completion_pct": 66.67,  # 40 / 60 × 100 = 66.666… → 66.67
        "certified_staff_pct": 62.50,  # (I4 4 + I5 1) / (5 + 3) × 100
        "rank": 1, "rank_target": 1,
    },
    ("1301", 2023): {
        "region_name": "石家庄市",
        "institutions": 4,  # A 3 + B 1
        "slots": 250,  # 170 + 80
        "enrolled": 183,  # 133 + 50
        "population": 80_000,  # the city has none: A 50,000 + B 30,000
        "slots_per_1000": 3.13,  # 250 / 80,000 × 1000 = 3.125 → 3.13 (half up, not to even)
        "utilization_pct": 73.20,  # 183 / 250 × 100
        "inclusive_slots": 160, "inclusive_share_pct": 64.00,  # 160 / 250 × 100
        # 100/250 = 40; 60/250 = 24; 80/250 = 32; 10/250 = 4
        "slots_by_model": by_model(brand_chain=(100, 40.0), community=(60, 24.0), kindergarten=(80, 32.0),
                                   family=(10, 4.0)),
        "pilots": 2, "pilot_slots": 160, "pilot_enrolled": 125,
        "pilots_by_level": by_level(county=(1, 100, 80), city=(1, 60, 45)),
        "pilots_by_kind": by_kind(brand_chain=(1, 100, 80), community=(1, 60, 45)),
        "pilot_county_coverage_pct": 50.00,  # A has a pilot, B none: 1 / 2 × 100
        "new_slots": 140,  # 250 − 110
        "target": 150,  # the city has none: A 50 + B 100
        "target_completion_pct": 93.33,  # 140 / 150 × 100 = 93.333… → 93.33
        "certified_staff_pct": 69.23,  # (5 + 4) / (8 + 5) × 100 = 69.2307… → 69.23
        "rank": 1, "rank_target": 1,  # the only city of province 13
    },
    ("1301", 2024): {
        "region_name": "石家庄市",
        "institutions": 4,  # A 2 + B 2
        "slots": 300,  # 180 + 120
        "enrolled": 215,  # 135 + 80
        "population": 82_000,  # A 50,000 (its 2023 figure) + B 32,000
        "slots_per_1000": 3.66,  # 300 / 82,000 × 1000 = 3.6585… → 3.66
        "utilization_pct": 71.67,  # 215 / 300 × 100 = 71.666… → 71.67
        "inclusive_slots": 220, "inclusive_share_pct": 73.33,  # 180 + 40; 220 / 300 × 100 = 73.333…
        # 120/300 = 40; 60/300 = 20; 80/300 = 26.666… → 26.67; 40/300 = 13.333… → 13.33
        "slots_by_model": by_model(brand_chain=(120, 40.0), community=(60, 20.0), kindergarten=(80, 26.67),
                                   independent=(40, 13.33)),
        "pilots": 3, "pilot_slots": 220, "pilot_enrolled": 165,  # I1 120/90 + I2 60/45 + I5 40/30
        "pilots_by_level": by_level(county=(1, 120, 90), city=(1, 60, 45), province=(1, 40, 30)),
        "pilots_by_kind": by_kind(brand_chain=(1, 120, 90), community=(1, 60, 45), independent=(1, 40, 30)),
        "pilot_county_coverage_pct": 100.00,  # both counties have a pilot
        "new_slots": 50,  # 300 − 250
        "target": 100,  # A 40 + B 60
        "target_completion_pct": 50.00,  # 50 / 100 × 100
        "certified_staff_pct": 71.43,  # (5 + 5) / (6 + 8) × 100 = 71.428… → 71.43
        "rank": 1, "rank_target": 1,
    },
}
# Province 13 has one city: the same figures, its own name; it ranks first of the provinces.
for _year in (2023, 2024):
    EXPECTED[("13", _year)] = {**EXPECTED[("1301", _year)], "region_name": "河北省"}

CHECKED = sorted(EXPECTED)
SECTION7_KEYS = {
    "institutions", "slots", "enrolled", "population", "slots_per_1000", "utilization_pct", "inclusive_slots",
    "inclusive_share_pct", "slots_by_model", "pilots", "pilot_slots", "pilot_enrolled", "pilots_by_level",
    "pilots_by_kind", "pilot_county_coverage_pct", "new_slots", "target", "target_completion_pct",
    "certified_staff_pct", "rank", "rank_target",
}
META_KEYS = {"region_code", "region_name", "year", "quarter", "as_of", "computed_at"}
# Issue 16: dated by pilot and demonstration designations; the hand-built data set has none (their own hand-computed
# test: tests/programme/test_designations.py).
PROGRAMME_KEYS = {"accepted_pilots": 0, "demonstrations": 0, "pilots_target": None, "pilot_slots_target": None,
                  "pilots_target_completion_pct": None, "pilot_slots_target_completion_pct": None}
# Issue 17's denominators (ownership, townships, children under 3), checked by hand in test_denominators.py.
DENOMINATOR_KEYS = {"public_institutions", "public_slots", "public_share_pct", "slots_by_ownership", "townships",
                    "public_townships", "public_township_coverage_pct", "under3_population", "enrolment_rate_pct"}
# Issue 6's supervision figures, checked by hand in test_supervision.py.
SUPERVISION_KEYS = {"visits", "visits_by_type", "inspected_institutions", "inspected_share_pct", "open_orders",
                    "overdue_orders", "grades", "stars", "incidents", "incidents_by_kind", "incidents_per_1000"}


def report(region: str, year: int, quarter: int | None = None) -> dict:
    out = io.StringIO()
    args = ["stats_report", "--region", region, "--year", str(year)]
    if quarter is not None:
        args += ["--quarter", str(quarter)]
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def assert_figures(data: dict, region: str, year: int) -> None:
    expected = {**EXPECTED[(region, year)], "region_code": region, "year": year, "quarter": 0,
                "as_of": f"{year}-12-31"}
    assert set(data) == SECTION7_KEYS | META_KEYS | SUPERVISION_KEYS | set(PROGRAMME_KEYS) | DENOMINATOR_KEYS
    assert (data["public_slots"], data["under3_population"], data["enrolment_rate_pct"]) == (0, None, None)
    assert data["computed_at"]
    assert {key: data[key] for key in PROGRAMME_KEYS} == PROGRAMME_KEYS
    actual = {key: value for key, value in data.items() if key in SECTION7_KEYS | META_KEYS - {"computed_at"}}
    assert actual == expected


@pytest.mark.parametrize(("region", "year"), CHECKED)
def test_stats_report_prints_the_figures_computed_by_hand(computed, region, year):
    assert_figures(report(region, year), region, year)


@pytest.mark.parametrize(("region", "year"), CHECKED)
def test_api_returns_the_same_figures(computed, api, users, region, year):
    response = api(users["province_admin"]).get("/api/v1/stats/", {"region": region, "year": year})
    assert response.status_code == 200, response.content
    assert_figures(response.json(), region, year)
    assert response.json() == report(region, year)


def test_numbers_are_json_numbers_not_strings(computed):
    out = io.StringIO()
    call_command("stats_report", "--region", "1301", "--year", "2023", stdout=out)
    text = out.getvalue()
    assert '"slots_per_1000": 3.13' in text and '"population": 80000' in text
    assert '"3.13"' not in text


def test_a_quarter_counts_new_slots_from_the_end_of_the_previous_year(computed):
    # 2024 Q1 (as of 2024-03-31): A = I1 120 (changed 2024-03-01) + I2 60 + I3 10 (deregistered in July) = 190.
    data = report("130102", 2024, quarter=1)
    assert (data["quarter"], data["as_of"]) == (1, "2024-03-31")
    assert (data["institutions"], data["slots"]) == (3, 190)
    assert data["new_slots"] == 20  # 190 − 170 at the end of 2023: year to date
    assert data["target"] == 40 and data["target_completion_pct"] == 50.00  # 20 / 40 × 100, against the year's target
    # 2024 Q3 (as of 2024-09-30): I3 is gone; the same as the year end.
    assert report("130102", 2024, quarter=3)["slots"] == 180


def test_the_country_sums_the_provinces(computed):
    data = report("", 2024)
    assert data["region_name"] == "全国" and data["rank"] is None
    assert {key: data[key] for key in ("slots", "population", "new_slots", "target", "slots_per_1000")} == {
        "slots": 300, "population": 82_000, "new_slots": 50, "target": 100, "slots_per_1000": 3.66}
