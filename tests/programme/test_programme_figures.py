"""Issue 16 acceptance: hand-computed programme figures for two counties over two years match the API and
`stats_report` to the last digit.

Data (tests/conftest.py): A 长安区 130102 40 slots, B 桥西区 130104 60 slots, both since 2024-03-01, city 1301.
- A recognised inclusive 2024-07-01 – 2025-06-30; B keeps its undated inclusive flag (no recognition).
- A county pilot named 2024-10-01 (valid to 2026-09-30), accepted 2025-04-01; B city pilot named 2024-05-01,
  revoked 2025-02-01 (in force to 2025-01-31); B provincial demonstration institution from 2025-03-01.
- Pilot targets: A 1 (2024), 2 (2025); B none.

2024-12-31: A inclusive 40, pilot 1 (target 1 → 100.00); B inclusive 60, pilot 1 (city); city: inclusive 100/100 =
100.00 %, pilots 2, pilot slots 100, accepted 0, demonstrations 0, target 1 (A's) → 200.00, coverage 2/2 = 100.00.
2025-12-31: A inclusive 0, pilot 1 accepted (target 2 → 50.00); B inclusive 60, no pilot, 1 demonstration; city:
inclusive 60/100 = 60.00 %, pilots 1, pilot slots 40, accepted 1, demonstrations 1, target 2 → 50.00, coverage 50.00.
"""
import datetime
import io
import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from institutions.models import InclusiveRecognition
from programme.models import Designation
from regions.models import SlotTarget
from stats.services import rollups_compute_year

pytestmark = pytest.mark.django_db
D = datetime.date
KEYS = ("slots", "inclusive_slots", "inclusive_share_pct", "pilots", "pilot_slots", "accepted_pilots",
        "demonstrations", "pilots_target", "pilots_target_completion_pct", "pilot_county_coverage_pct")

EXPECTED = {
    ("130102", 2024): (40, 40, 100.0, 1, 40, 0, 0, 1, 100.0, 100.0),
    ("130104", 2024): (60, 60, 100.0, 1, 60, 0, 0, None, None, 100.0),
    ("1301", 2024): (100, 100, 100.0, 2, 100, 0, 0, 1, 200.0, 100.0),
    ("130102", 2025): (40, 0, 0.0, 1, 40, 1, 0, 2, 50.0, 100.0),
    ("130104", 2025): (60, 60, 100.0, 0, 0, 0, 1, None, None, 0.0),
    ("1301", 2025): (100, 60, 60.0, 1, 40, 1, 1, 2, 50.0, 50.0),
}


@pytest.fixture
def programme_data(users, institutions):
    a, b = institutions["a"], institutions["b"]
    b.inclusive = True
    b.save(update_fields=["inclusive"])
    by = users["admin_a"]
    InclusiveRecognition.objects.create(institution=a, valid_from=D(2024, 7, 1), valid_to=D(2025, 6, 30),
                                        basis="名单", recognised_by=by)

    def named(institution, kind, level, designated_on, valid_to, **extra):
        Designation.objects.create(institution=institution, kind=kind, level=level, status="designated",
                                   statement="x", created_by=by, designated_on=designated_on, valid_to=valid_to,
                                   **extra)

    named(a, "pilot", "county", D(2024, 10, 1), D(2026, 9, 30), accepted_on=D(2025, 4, 1))
    named(b, "pilot", "city", D(2024, 5, 1), D(2025, 1, 31), ended_on=D(2025, 2, 1))
    named(b, "demonstration", "province", D(2025, 3, 1), D(2027, 2, 28))
    SlotTarget.objects.create(region_id="130102", year=2024, new_slots_target=10, pilots_target=1)
    SlotTarget.objects.create(region_id="130102", year=2025, new_slots_target=10, pilots_target=2)
    for year in (2024, 2025):
        rollups_compute_year(year=year)


@pytest.mark.parametrize(("region", "year"), sorted(EXPECTED))
def test_the_api_and_stats_report_give_the_hand_computed_figures(programme_data, users, region, year):
    api = APIClient()
    api.force_authenticate(users["province_admin"])
    from_api = api.get("/api/v1/stats/", {"region": region, "year": year}).json()
    out = io.StringIO()
    call_command("stats_report", "--region", region, "--year", str(year), stdout=out)
    from_report = json.loads(out.getvalue())
    for source in (from_api, from_report):
        assert tuple(source[key] for key in KEYS) == EXPECTED[(region, year)]
