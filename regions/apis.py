"""REST API v1 for regions: public, read-only, constant query counts."""
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .filters import RegionFilter
from .models import Region
from .selectors import MAX_TREE_DEPTH, region_detail, region_list, region_tree
from .serializers import (
    RegionDetailSerializer,
    RegionSerializer,
    RegionTreeQuerySerializer,
    RegionTreeSerializer,
)

CODE_PARAM = OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH,
                              description="Administrative division code (2, 4, 6 or 9 digits)")


@extend_schema_view(
    list=extend_schema(summary="List regions", description=(
        "Regions by code. `?parent=13` gives the children of 13, `?parent=root` or `?level=province` the "
        "provinces. Public data: no authentication needed.")),
    retrieve=extend_schema(summary="One region with its ancestors and direct children",
                           parameters=[CODE_PARAM]),
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative divisions are public data: anyone may read them."""

    permission_classes = [permissions.AllowAny]
    filterset_class = RegionFilter
    serializer_class = RegionSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{2,12}"

    def get_queryset(self):
        return region_list().order_by("code")

    def get_object(self):
        return region_detail(self.kwargs["code"])

    def get_serializer_class(self):
        return RegionDetailSerializer if self.action == "retrieve" else RegionSerializer

    @extend_schema(
        summary="Nested tree of regions below a root",
        description=(f"`depth` levels (1 to {MAX_TREE_DEPTH}) below `root` (default: the whole country). "
                     "Nodes at the last level have `children: null`."),
        parameters=[RegionTreeQuerySerializer],
        responses=RegionTreeSerializer,
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def tree(self, request):
        params = RegionTreeQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        root_code = params.validated_data.get("root") or ""
        depth = params.validated_data["depth"]
        root = get_object_or_404(Region, code=root_code) if root_code else None
        data = {"root": root, "depth": depth, "children": region_tree(root=root, depth=depth)}
        return Response(RegionTreeSerializer(data).data)
