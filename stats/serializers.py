"""The one JSON shape of stored figures: the API and `manage.py stats_report` both use RegionFiguresSerializer."""
from rest_framework import serializers

from .figures import api_fields
from .models import YEAR_QUARTER


class PeriodSerializer(serializers.Serializer):
    region_code = serializers.CharField(help_text='Division code; "" for the whole country')
    region_name = serializers.CharField()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(help_text="0 for the year, 1-4 for a quarter")
    as_of = serializers.DateField(help_text="The date the figures describe: the period's end, or the day "
                                            "they were computed while the period runs")
    computed_at = serializers.DateTimeField()


# DOMAIN.md §7 keys, plus the region, period, the date described (as_of) and computed_at: the figures' fields
# come from their declarations (stats/figures.py), in their order.
RegionFiguresSerializer = type("RegionFiguresSerializer", (PeriodSerializer,), {
    "__module__": __name__, "__doc__": "One region's figures in one period (stats/figures.py declares them).",
    **api_fields()})


class FiguresQuerySerializer(serializers.Serializer):
    region = serializers.CharField(required=False, allow_blank=True, max_length=12,
                                   help_text="Division code (default: the caller's own region; empty = country)")
    year = serializers.IntegerField(min_value=1, max_value=9999)
    quarter = serializers.IntegerField(required=False, default=YEAR_QUARTER, min_value=0, max_value=4)
