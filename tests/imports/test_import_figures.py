"""Importing population and new-slot targets: upserts with the same all-or-nothing rules."""
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import AuditEvent
from imports import messages as msg
from regions.models import RegionPopulation, SlotTarget

from .files import POPULATION_EN, POPULATION_ZH, TARGETS_EN, TARGETS_ZH, fullwidth, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def test_population_import_creates_then_upserts(regions, run_import, tmp_path):
    rows = [["130102", "2024", "560000"], ["130104", "2024", "480000"], ["13", "2024", "74000000"]]
    out, _ = run_import("population", write_csv(tmp_path / "p.csv", POPULATION_EN, rows))
    assert "3 rows: 3 created, 0 updated, 0 unchanged" in out
    assert RegionPopulation.objects.get(region_id="130102", year=2024).population == 560000

    rows[0][2] = "561000"
    out, _ = run_import("population", write_csv(tmp_path / "p2.csv", POPULATION_EN, rows))
    assert "0 created, 1 updated, 2 unchanged" in out
    assert RegionPopulation.objects.get(region_id="130102", year=2024).population == 561000
    out, _ = run_import("population", write_csv(tmp_path / "p2.csv", POPULATION_EN, rows))
    assert "0 created, 0 updated, 3 unchanged" in out
    assert RegionPopulation.objects.count() == 3
    assert AuditEvent.objects.filter(action="import.run").count() == 3


def test_population_chinese_gbk_and_xlsx(regions, run_import, tmp_path):
    write_csv(tmp_path / "p.csv", POPULATION_ZH, [[" 130102 ", "2024年", "５６００００"]], encoding="gbk")
    run_import("population", tmp_path / "p.csv")
    write_xlsx(tmp_path / "p.xlsx", POPULATION_ZH, [[130104, 2024, 480000.0], [fullwidth("1301"), "2024", 1200000]])
    out, _ = run_import("population", tmp_path / "p.xlsx")
    assert "2 created" in out
    assert dict(RegionPopulation.objects.values_list("region_id", "population")) == {
        "130102": 560000, "130104": 480000, "1301": 1200000}


def test_population_bad_rows_write_nothing(regions, tmp_path, capsys):
    rows = [["130102", "2024", "560000"], ["130102", "2024", "1"], ["999999", "2024", "5"], ["130104", "24", "0"]]
    with pytest.raises(CommandError, match="3 bad row"):
        call_command("import_population", str(write_csv(tmp_path / "p.csv", POPULATION_EN, rows)))
    err = capsys.readouterr().err
    assert msg.MSG_DUPLICATE_REGION_YEAR.format(first=2) in err
    assert msg.MSG_REGION_UNKNOWN.format(code="999999") in err
    assert "row 5, column year" in err and "row 5, column population" in err and str(msg.MSG_POSITIVE) in err
    assert RegionPopulation.objects.count() == 0


def test_targets_import_upserts_and_dry_run(regions, run_import, tmp_path):
    path = write_csv(tmp_path / "t.csv", TARGETS_ZH, [["130102", "2025", "300"], ["1301", "2025", "0"]])
    out, _ = run_import("targets", path, "--dry-run")
    assert "nothing was written" in out and SlotTarget.objects.count() == 0
    out, _ = run_import("targets", path)
    assert "2 created" in out
    out, _ = run_import("targets", write_csv(tmp_path / "t2.csv", TARGETS_EN, [["130102", "2025", "350"]]))
    assert "0 created, 1 updated, 0 unchanged" in out
    assert SlotTarget.objects.get(region_id="130102", year=2025).new_slots_target == 350
    assert SlotTarget.objects.get(region_id="1301").new_slots_target == 0


def test_targets_negative_value_is_refused(regions, tmp_path):
    path = write_csv(tmp_path / "t.csv", TARGETS_EN, [["130102", "2025", "-1"]])
    with pytest.raises(CommandError):
        call_command("import_targets", str(path))
    assert SlotTarget.objects.count() == 0
