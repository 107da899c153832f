"""python manage.py stats_report --region CODE --year Y [--quarter Q]: the stored figures as one JSON object."""
import json

from django.core.management.base import BaseCommand, CommandError
from rest_framework.utils.encoders import JSONEncoder

from stats.selectors import figures_find
from stats.serializers import RegionFiguresSerializer

MSG_NOTHING_STORED = ("没有已计算的统计数据（区划 {region}，{year} 年，季度 {quarter}），请先运行 compute_rollups / "
                      "No figures are stored for region {region}, year {year}, quarter {quarter}: run "
                      "compute_rollups first")


class Command(BaseCommand):
    help = ("Print the stored figures of a region and period as one JSON object with the keys of DOMAIN.md §7 "
            "(the same object as GET /api/v1/stats/). --region \"\" is the whole country.")

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help='Division code ("" for the whole country)')
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, default=0, choices=range(5), help="0 (the year, default) or 1-4")

    def handle(self, *args, region: str, year: int, quarter: int, **options):
        row = figures_find(region_code=region.strip(), year=year, quarter=quarter)
        if row is None:
            raise CommandError(MSG_NOTHING_STORED.format(region=region or '""', year=year, quarter=quarter))
        data = RegionFiguresSerializer(row).data
        self.stdout.write(json.dumps(data, cls=JSONEncoder, ensure_ascii=False, indent=2))
