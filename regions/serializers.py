"""API serializers for regions (read-only: the list is loaded from regions/data/ by load_regions)."""
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Region, RegionLevel
from .selectors import MAX_TREE_DEPTH, region_ancestors

MSG_DEPTH_RANGE = format_lazy(gettext_lazy("depth 应为 1 到 {max} 之间的整数"), max=MAX_TREE_DEPTH)
MSG_ROOT_FORMAT = gettext_lazy("root 应为区划代码")


class RegionBriefSerializer(serializers.ModelSerializer):
    """A region in a path (ancestors): code, name and level."""

    class Meta:
        model = Region
        fields = ["code", "name", "level"]
        read_only_fields = fields


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", read_only=True, allow_null=True,
                                   help_text="Code of the parent region (null for a province)")
    has_children = serializers.BooleanField(read_only=True, help_text="Whether the region has sub-regions")

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent", "has_children"]
        read_only_fields = fields


class RegionDetailSerializer(RegionSerializer):
    ancestors = serializers.SerializerMethodField(help_text="From the province down to the parent")
    children = RegionSerializer(many=True, read_only=True, help_text="Direct sub-regions, by code")

    class Meta(RegionSerializer.Meta):
        fields = ["code", "name", "level", "parent", "ancestors", "children"]
        read_only_fields = fields

    @extend_schema_field(RegionBriefSerializer(many=True))
    def get_ancestors(self, obj) -> list[dict]:
        return RegionBriefSerializer(region_ancestors(obj), many=True).data


class RegionTreeNodeSerializer(serializers.Serializer):
    """A node of /regions/tree/, built from the plain dicts of selectors.region_tree."""

    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=RegionLevel.choices)


# Recursive: declared after the class exists. Null where the requested depth stops (not expanded).
RegionTreeNodeSerializer._declared_fields["children"] = RegionTreeNodeSerializer(
    many=True, allow_null=True, help_text="Sub-regions; null where the requested depth stops (not expanded)")


class RegionTreeSerializer(serializers.Serializer):
    root = RegionBriefSerializer(allow_null=True, help_text="The root region (null for the whole country)")
    depth = serializers.IntegerField()
    children = RegionTreeNodeSerializer(many=True)


class RegionTreeQuerySerializer(serializers.Serializer):
    """Query parameters of /regions/tree/."""

    root = serializers.RegexField(
        r"^[0-9]{2,12}$", required=False, allow_blank=True,
        help_text="Code of the region to start below (default: the whole country)",
        error_messages={"invalid": MSG_ROOT_FORMAT},
    )
    depth = serializers.IntegerField(
        required=False, default=1, min_value=1, max_value=MAX_TREE_DEPTH,
        help_text=f"Levels below the root to include (1 to {MAX_TREE_DEPTH})",
        error_messages={"invalid": MSG_DEPTH_RANGE, "min_value": MSG_DEPTH_RANGE, "max_value": MSG_DEPTH_RANGE},
    )
