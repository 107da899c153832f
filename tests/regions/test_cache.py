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
