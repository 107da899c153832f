"""REST API v1 for statistics: the stored figures of a region and of its children, scoped to the caller."""
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from .selectors import figures_children, figures_get
from .serializers import FiguresQuerySerializer, RegionFiguresSerializer

NOT_FOUND = OpenApiResponse(description="Out of the caller's scope, or not computed for that period")


def _params(request) -> tuple[str, int, int]:
    params = FiguresQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    data = params.validated_data
    region = data.get("region")
    if region is None:
        region = request.user.scope_code or ""
    return region, data["year"], data["quarter"]


class RegionFiguresView(APIView):
    @extend_schema(summary="Stored figures of one region (DOMAIN.md §7)", parameters=[FiguresQuerySerializer],
                   responses={200: RegionFiguresSerializer, 404: NOT_FOUND})
    def get(self, request):
        region, year, quarter = _params(request)
        row = figures_get(user=request.user, region_code=region, year=year, quarter=quarter)
        return Response(RegionFiguresSerializer(row).data)


class RegionFiguresChildrenView(APIView):
    @extend_schema(summary="Stored figures of the region's children (for rankings and maps)",
                   parameters=[FiguresQuerySerializer],
                   responses={200: RegionFiguresSerializer(many=True), 404: NOT_FOUND})
    def get(self, request):
        region, year, quarter = _params(request)
        rows = figures_children(user=request.user, region_code=region, year=year, quarter=quarter)
        return Response(RegionFiguresSerializer(rows, many=True).data)
