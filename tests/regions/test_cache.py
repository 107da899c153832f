"""The picker's reads of regions are cached and forgotten on any change of the table (issue 12, point 14)."""
import pytest

from regions.models import Region, RegionLevel
from regions.selectors import cascade_regions, region_by_code
from tests.factories import region

pytestmark = pytest.mark.django_db


def test_cached_reads_need_no_query_and_see_every_change(django_assert_num_queries):
    region("1301", "石家庄市")
    cascade_regions(codes={"13"}, parents=["13"])
    region_by_code("1301")
    with django_assert_num_queries(0):
        chain, children = cascade_regions(codes={"13"}, parents=["13"])
        assert children["13"] == [("1301", "石家庄市")] and chain["13"].code == "13"
        assert region_by_code("1301").name == "石家庄市"
    Region.objects.create(code="1302", name="唐山市", level=RegionLevel.CITY, parent_id="13")  # a save
    assert cascade_regions(codes={"13"}, parents=["13"])[1]["13"] == [("1301", "石家庄市"), ("1302", "唐山市")]
    Region.objects.filter(code="1302").get().delete()  # a delete
    assert cascade_regions(codes={"13"}, parents=["13"])[1]["13"] == [("1301", "石家庄市")]
    assert region_by_code("1302") is None
    region_by_code("1399")
    Region.objects.bulk_create([Region(code="1399", name="雄安", level=RegionLevel.CITY, parent_id="13")])
    from regions.cache import regions_changed

    regions_changed()  # what regions_load calls after its bulk writes
    assert region_by_code("1399").name == "雄安"


def test_loading_the_shipped_regions_forgets_the_cached_reads(tmp_path):
    from regions.services import regions_load

    assert region_by_code("13") is None
    regions_load()
    assert region_by_code("13").name == "河北省"


def test_another_process_change_is_seen_once_the_local_copy_is_checked(monkeypatch, django_assert_num_queries):
    from django.core.cache import cache

    from regions import cache as region_cache
    from regions.selectors import region_paths

    region("130102001", "建北街道")
    assert region_paths(["130102001"]) == {"130102001": "区划13 区划1301 区划130102 建北街道"}
    # Another process renames the county: its save replaces the shared version; this process's copy is
    # re-checked after LOCAL_SECONDS (made 0 here), and reads the regions again.
    Region.objects.filter(code="130102").update(name="长安区")  # an update() sends no signal
    cache.set(region_cache.VERSION_KEY, "changed-elsewhere", None)
    with django_assert_num_queries(0):
        assert region_paths(["130102001"])["130102001"].endswith("区划130102 建北街道")  # still the local copy
    monkeypatch.setattr(region_cache.REGIONS, "local_seconds", 0)
    assert region_paths(["130102001"]) == {"130102001": "区划13 区划1301 长安区 建北街道"}


def test_a_page_of_paths_costs_one_query_then_none(django_assert_num_queries):
    from regions.selectors import region_paths

    for code in ("130102", "130104", "130102001", "370830"):
        region(code)
    with django_assert_num_queries(1):
        paths = region_paths(["130102", "130104", "130102001", "370830", "130102"])
    assert paths["370830"] == "区划37 区划3708 区划370830"
    with django_assert_num_queries(0):
        assert region_paths(["130104", "370830"]) == {"130104": paths["130104"], "370830": paths["370830"]}
