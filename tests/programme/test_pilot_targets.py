"""Pilot targets (issue 16 point 2): optional columns of the targets import (a later file without them keeps them);
given like the new-slot target (a region's own, else the sum of its children's); completion = pilots / target ×
100 (2 dp), null without a target; on the dashboard. Hand-computed for two counties and their city."""
import datetime
import io

import pytest
from django.core.management import call_command

from programme.models import Designation
from regions.models import SlotTarget
from stats.models import RegionFigures
from stats.services import rollups_compute_year

pytestmark = pytest.mark.django_db
D = datetime.date


def import_targets(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    call_command("import_targets", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_pilot_targets_are_imported_rolled_up_and_completed(tmp_path, users, institutions, client):
    import_targets(tmp_path, "t1.csv", "区划代码,年份,年度新增托位目标,试点机构目标数,试点托位目标数\n"
                                       "130102,2025,50,2,80\n130104,2025,40,,\n")
    import_targets(tmp_path, "t2.csv", "region_code,year,new_slots_target\n130102,2025,55\n")  # keeps the pilots
    target = SlotTarget.objects.get(region_id="130102", year=2025)
    assert (target.new_slots_target, target.pilots_target, target.pilot_slots_target) == (55, 2, 80)
    assert SlotTarget.objects.get(region_id="130104", year=2025).pilots_target is None
    # One county pilot in A (40 slots) named 2025-03-10 for two years.
    Designation.objects.create(institution=institutions["a"], kind="pilot", level="county", status="designated",
                               statement="x", created_by=users["admin_a"], designated_on=D(2025, 3, 10),
                               valid_to=D(2027, 3, 9))
    rollups_compute_year(year=2025)

    def row(code):
        return RegionFigures.objects.values(
            "pilots", "pilot_slots", "pilots_target", "pilot_slots_target", "pilots_target_completion_pct",
            "pilot_slots_target_completion_pct").get(region_code=code, year=2025, quarter=0)

    a, b, city = row("130102"), row("130104"), row("1301")
    assert (a["pilots_target"], str(a["pilots_target_completion_pct"])) == (2, "50.00")  # 1 / 2 × 100
    assert (a["pilot_slots_target"], str(a["pilot_slots_target_completion_pct"])) == (80, "50.00")  # 40 / 80
    assert (b["pilots_target"], b["pilots_target_completion_pct"]) == (None, None)  # no target: null, not 0
    assert (city["pilots_target"], str(city["pilots_target_completion_pct"])) == (2, "50.00")  # children's sum
    client.force_login(users["city_admin"])
    page = client.get("/stats/", {"region": "130102", "year": 2025}).content.decode()
    assert 'id="pilot-targets"' in page and "50.00%" in page
