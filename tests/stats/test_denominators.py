"""Issue 17 point 6, hand-computed: 入托率 (enrolled / children under 3) and 公办比例 (slots of 公办 institutions /
all slots) for a county, its city and its province, and the township coverage of public provision, through
`stats_report` and GET /api/v1/stats/. The institutions (with their 举办性质) and the under-3 population come in
through the import commands; a county without an under-3 population gives null, never 0.

Data (filed 2022-03-01, slots / enrolled, region):
  county A 130102: A1 公办 60/50 in township 130102001; A2 民办 40/30 at the county; A3 公建民营 30/20 in township
                   130102002 — under-3 population 5,000 in 2024 (none before);
  county B 130104: B1 公办 50/40 in township 130104001; B2 (举办性质 not given) 70/60 at the county — no under-3
                   population.
  The region table has townships 130102001, 130102002, 130102003 (A) and 130104001 (B).

By hand, 2024:
  A: enrolled 100 / 5,000 = 2.00 %; public 60 / 130 = 46.153… → 46.15 %; public townships 1 of 3 → 33.33 %.
  B: 入托率 null (no denominator); public 50 / 120 = 41.666… → 41.67 %; 1 of 1 → 100.00 %.
  City 1301 and province 13: under-3 population = the known part, 5,000 (1 of 2 counties): 200 / 5,000 = 4.00 %;
  public 110 / 250 = 44.00 %; public townships 2 of 4 → 50.00 %.
  2023: no under-3 population of a year <= 2023 anywhere: null everywhere; 2025 uses 2024's 5,000.
"""
import io
import json

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from institutions.models import Institution, OwnershipType
from tests.factories import make_credit_code, region
from tests.imports.files import EN_HEADERS, write_csv

pytestmark = pytest.mark.django_db

ROWS = [  # name, region, ownership (English code, Chinese label or blank), slots, enrolled
    ("A1", "130102001", "public", 60, 50),
    ("A2", "130102", "民办", 40, 30),
    ("A3", "130102002", "公建民营", 30, 20),
    ("B1", "130104001", "公办", 50, 40),
    ("B2", "130104", "", 70, 60),
]
EXPECTED = {  # (region, year): (enrolment_rate_pct, under3_population, public_slots, public_share_pct,
    #                              townships, public_townships, public_township_coverage_pct)
    ("130102", 2024): (2.0, 5000, 60, 46.15, 3, 1, 33.33),
    ("130104", 2024): (None, None, 50, 41.67, 1, 1, 100.0),
    ("1301", 2024): (4.0, 5000, 110, 44.0, 4, 2, 50.0),
    ("13", 2024): (4.0, 5000, 110, 44.0, 4, 2, 50.0),
    ("130102", 2023): (None, None, 60, 46.15, 3, 1, 33.33),
    ("13", 2023): (None, None, 110, 44.0, 4, 2, 50.0),
    ("130102", 2025): (2.0, 5000, 60, 46.15, 3, 1, 33.33),
}
KEYS = ("enrolment_rate_pct", "under3_population", "public_slots", "public_share_pct", "townships",
        "public_townships", "public_township_coverage_pct")


@pytest.fixture
def data(tmp_path):
    region("13", "河北省"), region("1301", "石家庄市"), region("130102", "长安区"), region("130104", "桥西区")
    for code in ("130102001", "130102002", "130102003", "130104001"):
        region(code, f"街道{code}")
    rows = [[make_credit_code(900 + i), name, code, "independent", "for_profit", "否", "none", slots, enrolled,
             "2022-03-01", "", "", "", "", ownership] for i, (name, code, ownership, slots, enrolled) in enumerate(ROWS)]
    call_command("import_institutions", str(write_csv(tmp_path / "i.csv", [*EN_HEADERS, "ownership_type"], rows)),
                 stdout=io.StringIO())
    call_command("import_under3_population", str(write_csv(tmp_path / "u.csv", ["区划代码", "年份", "3岁以下人口"],
                                                              [["130102", "2024", "5000"]])), stdout=io.StringIO())
    for year in ("2023", "2024", "2025"):
        call_command("compute_rollups", "--year", year, stdout=io.StringIO())


def report(region_code: str, year: int) -> dict:
    out = io.StringIO()
    call_command("stats_report", "--region", region_code, "--year", str(year), stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(("region_code", "year"), sorted(EXPECTED))
def test_enrolment_rate_and_public_share_match_the_hand_computed_values(data, users, region_code, year):
    assert dict(Institution.objects.values_list("name", "ownership_type")) == {
        "A1": OwnershipType.PUBLIC, "A2": OwnershipType.PRIVATE, "A3": OwnershipType.PUBLIC_BUILT,
        "B1": OwnershipType.PUBLIC, "B2": ""}
    printed = report(region_code, year)
    assert tuple(printed[key] for key in KEYS) == EXPECTED[(region_code, year)]
    api = APIClient()
    api.force_authenticate(users["province_admin"])
    response = api.get("/api/v1/stats/", {"region": region_code, "year": year})
    assert response.status_code == 200 and response.json() == printed
    shares = printed["slots_by_ownership"]
    if region_code == "1301":
        assert shares["public"] == {"slots": 110, "share_pct": 44.0}
        assert shares["private"] == {"slots": 40, "share_pct": 16.0} and shares["employer"]["slots"] == 0


def test_a_blank_ownership_cell_keeps_the_stored_one_and_a_wrong_one_names_the_choices(data, tmp_path):
    a2 = Institution.objects.get(name="A2")
    row = [a2.credit_code, "A2", "130102", "independent", "for_profit", "否", "none", 40, 30, "2022-03-01", "", "",
           "", "", ""]
    call_command("import_institutions", str(write_csv(tmp_path / "k.csv", [*EN_HEADERS, "ownership_type"], [row])),
                 stdout=io.StringIO())
    a2.refresh_from_db()
    assert a2.ownership_type == OwnershipType.PRIVATE
    row[-1] = "国营"
    err = io.StringIO()
    with pytest.raises(CommandError):  # the file is refused
        call_command("import_institutions", str(write_csv(tmp_path / "w.csv", [*EN_HEADERS, "ownership_type"],
                                                          [row])), stdout=io.StringIO(), stderr=err)
    assert "公办" in err.getvalue() and "单位自办" in err.getvalue()
