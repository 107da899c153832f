"""load_regions: the shipped national list, loaded idempotently."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from regions.models import Region, RegionLevel, RegionPopulation
from regions.services import RegionDataError, regions_load

EXPECTED = {RegionLevel.PROVINCE: 31, RegionLevel.CITY: 342, RegionLevel.COUNTY: 2978, RegionLevel.TOWNSHIP: 41352}
PARENT_LEVEL = {RegionLevel.CITY: RegionLevel.PROVINCE, RegionLevel.COUNTY: RegionLevel.CITY,
                RegionLevel.TOWNSHIP: RegionLevel.COUNTY}


def counts_by_level() -> dict[str, int]:
    return dict(Region.objects.values_list("level").annotate(n=Count("code")).order_by())


def load(*args) -> str:
    out = StringIO()
    call_command("load_regions", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_loading_twice_leaves_the_national_list_with_every_parent_one_level_up():
    first = load()
    second = load()
    assert counts_by_level() == EXPECTED
    assert "township     41352    41352        0          0" in first
    assert "township     41352        0        0      41352" in second
    assert not Region.objects.filter(level=RegionLevel.PROVINCE, parent__isnull=False).exists()
    for level, parent_level in PARENT_LEVEL.items():
        assert not Region.objects.filter(level=level).exclude(parent__level=parent_level).exists(), level
    assert not Region.objects.exclude(level=RegionLevel.PROVINCE).filter(parent__isnull=True).exists()
    assert Region.objects.get(code="130102").name == "长安区"
    assert Region.objects.get(code="370830").parent_id == "3708"
    # Municipalities keep their 市辖区 city-level row; 东莞 has a county-level row of its own name.
    assert Region.objects.get(code="1101").name == "市辖区"
    assert Region.objects.get(code="441900").parent_id == "4419"


@pytest.mark.django_db
def test_reload_updates_changed_names_and_keeps_referenced_regions(regions, users):
    # The conftest regions carry placeholder names; a region outside the files is used by population data.
    stale = Region.objects.create(code="130199", name="已撤销区", level=RegionLevel.COUNTY, parent=regions["city"])
    RegionPopulation.objects.create(region=stale, year=2024, population=1000)
    unused = Region.objects.create(code="130198", name="无引用区", level=RegionLevel.COUNTY, parent=regions["city"])
    Region.objects.filter(code="13").update(name="河北")
    results = {r.level: r for r in regions_load(prune=True)}
    assert results[RegionLevel.PROVINCE].updated == 1
    assert results[RegionLevel.COUNTY].not_in_data == 2
    assert results[RegionLevel.COUNTY].deleted == 1 and results[RegionLevel.COUNTY].kept_referenced == 1
    assert Region.objects.get(code="13").name == "河北省"
    assert Region.objects.filter(code=stale.code).exists() and RegionPopulation.objects.filter(region=stale).exists()
    assert not Region.objects.filter(code=unused.code).exists()
    # Users bound to regions are untouched.
    users["reviewer_a"].refresh_from_db()
    assert users["reviewer_a"].region_id == "130102"


@pytest.mark.django_db
def test_without_prune_regions_outside_the_files_are_kept_and_reported(regions):
    Region.objects.create(code="130198", name="无引用区", level=RegionLevel.COUNTY, parent=regions["city"])
    assert "not in the files" in load()
    assert Region.objects.filter(code="130198").exists()


def _write(tmp_path, provinces, cities, areas="", streets=""):
    (tmp_path / "provinces.csv").write_text("code,name\n" + provinces, encoding="utf-8")
    (tmp_path / "cities.csv").write_text("code,name,provinceCode\n" + cities, encoding="utf-8")
    (tmp_path / "areas.csv").write_text("code,name,cityCode,provinceCode\n" + areas, encoding="utf-8")
    (tmp_path / "streets.csv").write_text("code,name,areaCode,provinceCode,cityCode\n" + streets, encoding="utf-8")


@pytest.mark.django_db
def test_inconsistent_files_write_nothing(tmp_path):
    _write(tmp_path, '13,"河北省"\n', '1301,"石家庄市",13\n3708,"济宁市",37\n', '130102,"长安区",1399,13\n')
    with pytest.raises(RegionDataError) as excinfo:
        regions_load(data_dir=tmp_path)
    problems = "\n".join(excinfo.value.problems)
    assert "cities.csv:3 3708: parent '37'" in problems
    assert "areas.csv:2 130102: parent '1399'" in problems
    assert not Region.objects.exists()


@pytest.mark.django_db
def test_command_reports_inconsistent_files(tmp_path):
    _write(tmp_path, '13,"河北省"\n', '1301,"石家庄市",14\n')
    with pytest.raises(CommandError, match="nothing was written"):
        load("--data-dir", str(tmp_path))
