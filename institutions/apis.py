"""REST API v1 for institutions: scoped with visible_to, filtered with the shared FilterSet."""
import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from .filters import StaffInstitutionFilter
from .models import CapacityRecord, Institution
from .selectors import capacity_attach, institution_list, today
from .serializers import InstitutionDetailSerializer, InstitutionSerializer

MSG_BAD_DATE = gettext_lazy("日期格式应为 YYYY-MM-DD")

DATE_PARAM = OpenApiParameter(
    "date", OpenApiTypes.DATE, description="Report slots/enrolled in force on this date (default: today)")


@extend_schema_view(
    list=extend_schema(summary="List institutions in the caller's scope", parameters=[DATE_PARAM]),
    retrieve=extend_schema(summary="One institution with its capacity history and classes",
                           parameters=[DATE_PARAM]),
)
class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = StaffInstitutionFilter
    serializer_class = InstitutionSerializer

    def _date(self) -> datetime.date:
        raw = self.request.query_params.get("date")
        if not raw:
            return today()
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError as exc:
            raise serializers.ValidationError({"date": [MSG_BAD_DATE]}) from exc

    def get_queryset(self):
        # A list's capacity is computed for its page only (paginate_queryset); a single institution's here.
        queryset = institution_list(base=Institution.objects.visible_to(self.request.user), on=self._date(),
                                    capacity=self.action != "list")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("capacity_records", queryset=CapacityRecord.objects.order_by("effective_from")),
                "classes",
            )
        return queryset.order_by("region_id", "name", "id")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else capacity_attach(page, self._date())

    def get_serializer_class(self):
        return InstitutionDetailSerializer if self.action == "retrieve" else InstitutionSerializer
