"""The one JSON shape of stored figures: the API and `manage.py stats_report` both use RegionFiguresSerializer."""
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import YEAR_QUARTER


def _rate(label):
    # Rounded half up to 2 places, a JSON number (not a string); null when the denominator is missing or 0.
    return serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True,
                                    label=label)


class ModelShareSerializer(serializers.Serializer):
    slots = serializers.IntegerField()
    share_pct = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True,
                                         help_text="slots / all slots × 100, 2 dp")


class PilotSumsSerializer(serializers.Serializer):
    pilots = serializers.IntegerField()
    slots = serializers.IntegerField()
    enrolled = serializers.IntegerField()


class RegionFiguresSerializer(serializers.Serializer):
    """DOMAIN.md §7 keys, plus the region, period, the date described (as_of) and computed_at."""

    region_code = serializers.CharField(help_text='Division code; "" for the whole country')
    region_name = serializers.CharField()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(help_text="0 for the year, 1-4 for a quarter")
    as_of = serializers.DateField(help_text="The date the figures describe: the period's end, or the day "
                                            "they were computed while the period runs")
    computed_at = serializers.DateTimeField()
    institutions = serializers.IntegerField()
    slots = serializers.IntegerField()
    enrolled = serializers.IntegerField()
    population = serializers.IntegerField(allow_null=True)
    slots_per_1000 = _rate(_("每千人口托位数"))
    utilization_pct = _rate(_("托位使用率（%）"))
    inclusive_slots = serializers.IntegerField()
    inclusive_share_pct = _rate(_("普惠托位占比（%）"))
    slots_by_model = serializers.DictField(child=ModelShareSerializer(), source="model_shares",
                                           help_text="Per operating model")
    pilots = serializers.IntegerField()
    pilot_slots = serializers.IntegerField()
    pilot_enrolled = serializers.IntegerField()
    pilots_by_level = serializers.DictField(child=PilotSumsSerializer(), source="pilot_levels",
                                            help_text="county, city, province")
    pilots_by_kind = serializers.DictField(child=PilotSumsSerializer(), source="pilot_kinds",
                                           help_text="Per operating model")
    pilot_county_coverage_pct = _rate(_("试点县覆盖率（%）"))
    new_slots = serializers.IntegerField()
    target = serializers.IntegerField(allow_null=True)
    target_completion_pct = _rate(_("目标完成率（%）"))
    certified_staff_pct = _rate(_("持证上岗率（%）"))
    rank = serializers.IntegerField(allow_null=True, help_text="By slots_per_1000 among the siblings (1, 2, 2, 4)")
    rank_target = serializers.IntegerField(allow_null=True, help_text="By target_completion_pct among the siblings")
    visits = serializers.IntegerField(help_text="Finished inspection visits in the period")
    visits_by_type = serializers.DictField(child=serializers.IntegerField(), source="visit_types",
                                           help_text="Per inspection type")
    inspected_institutions = serializers.IntegerField(
        help_text="Institutions counted at as_of with a finished visit in the period")
    inspected_share_pct = _rate(_("受检机构占比（%）"))
    open_orders = serializers.IntegerField(help_text="Rectification orders issued and not accepted at as_of")
    overdue_orders = serializers.IntegerField(help_text="Open orders whose deadline is before as_of")
    grades = serializers.DictField(child=serializers.IntegerField(), source="grade_counts",
                                   help_text="Institutions by the grade of their latest quality assessment")
    stars = serializers.DictField(child=serializers.IntegerField(), source="star_counts",
                                  help_text="Institutions by their star rating (1-5)")


class FiguresQuerySerializer(serializers.Serializer):
    region = serializers.CharField(required=False, allow_blank=True, max_length=12,
                                   help_text="Division code (default: the caller's own region; empty = country)")
    year = serializers.IntegerField(min_value=1, max_value=9999)
    quarter = serializers.IntegerField(required=False, default=YEAR_QUARTER, min_value=0, max_value=4)
