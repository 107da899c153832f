"""/api/v1/monthly-reports/: reports of the caller's institutions (operators) or scope (staff), filtered by month and
institution; operators submit (or revise) with POST; `completeness/` gives the region's completeness and timeliness
for a month."""
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.policy import can
from accounts.scoping import STAFF, audience
from institutions.models import Institution
from regions.selectors import region_by_code

from . import selectors, services
from .models import MonthlyReport

MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class MonthlyReportSerializer(serializers.ModelSerializer):
    institution = serializers.IntegerField(source="institution_id", read_only=True)
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    month = serializers.DateField(format="%Y-%m", read_only=True)

    class Meta:
        model = MonthlyReport
        fields = ["id", "institution", "institution_name", "month", *services.COUNT_FIELDS, "enrolled",
                  "vacancies_6_12", "vacancies_12_24", "vacancies_24_36", "vacancies_mixed", "vacancies", "due_on",
                  "on_time", "submitted_at", "revised_at"]
        read_only_fields = fields


class MonthlyReportSubmitSerializer(serializers.Serializer):
    institution = serializers.IntegerField(min_value=1)
    month = serializers.RegexField(MONTH, help_text="YYYY-MM, an ended month")

    def validate_month(self, value):
        month = services.parse_month(value)
        if month is None:
            raise serializers.ValidationError(services.MSG_MONTH)
        return month

    def get_fields(self):
        fields = super().get_fields()
        for name in services.COUNT_FIELDS:
            fields[name] = serializers.IntegerField(min_value=0, max_value=services.maximum(name))
        return fields


class CompletenessRowSerializer(serializers.Serializer):
    region_code = serializers.CharField()
    region_name = serializers.CharField(required=False)
    expected = serializers.IntegerField()
    received = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    completeness_pct = serializers.DecimalField(max_digits=7, decimal_places=2, coerce_to_string=False,
                                                allow_null=True, help_text="received / expected × 100")
    timeliness_pct = serializers.DecimalField(max_digits=7, decimal_places=2, coerce_to_string=False,
                                              allow_null=True, help_text="on time / expected × 100")


class CompletenessSerializer(serializers.Serializer):
    month = serializers.CharField()
    due_on = serializers.DateField()
    total = CompletenessRowSerializer()
    children = CompletenessRowSerializer(many=True)


class CompletenessQuerySerializer(serializers.Serializer):
    month = serializers.RegexField(MONTH, required=False, help_text="YYYY-MM (default: the last ended month)")
    region = serializers.RegexField(r"^(\d{2}|\d{4}|\d{6}|\d{9})$", required=False,
                                    help_text="A region in the caller's scope (default: the scope)")

    def validate_month(self, value):
        return MonthlyReportSubmitSerializer.validate_month(self, value)


@extend_schema(parameters=[OpenApiParameter("month", str, description="YYYY-MM"),
                           OpenApiParameter("institution", int)])
class MonthlyReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MonthlyReportSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MonthlyReport.objects.none()
        rows = MonthlyReport.objects.visible_to(self.request.user).select_related("institution").order_by(
            "-month", "institution_id")
        month = services.parse_month(self.request.query_params.get("month", ""))
        if month is not None:
            rows = rows.filter(month=month)
        institution = self.request.query_params.get("institution", "")
        if institution.isdigit():
            rows = rows.filter(institution_id=int(institution))
        return rows

    @extend_schema(request=MonthlyReportSubmitSerializer, responses={201: MonthlyReportSerializer,
                                                                    200: MonthlyReportSerializer},
                   summary="Submit (201) or revise (200) a month's report (the institution's operator)")
    def create(self, request):
        data = MonthlyReportSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        institution = get_object_or_404(Institution.objects.visible_to(request.user), pk=values.pop("institution"))
        if not can(request.user, "monthly.submit", institution):
            raise PermissionDenied
        month = values.pop("month")
        report, created = services.report_submit(by=request.user, institution=institution, month=month,
                                                 values=values)
        return Response(MonthlyReportSerializer(report).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(parameters=[CompletenessQuerySerializer], responses={200: CompletenessSerializer},
                   summary="Completeness and timeliness of a month's reports in a region (staff)")
    @action(detail=False, methods=["get"])
    def completeness(self, request):
        user = request.user
        if audience(user) != STAFF:
            raise PermissionDenied
        query = CompletenessQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        scope = user.scope_code or ""
        region_code = query.validated_data.get("region", scope)
        if not region_code.startswith(scope) or (region_code and region_by_code(region_code) is None):
            raise NotFound
        month = query.validated_data.get("month") or services.last_ended_month(timezone.localdate())
        figures = selectors.completeness(region_code, month)
        return Response(CompletenessSerializer({"month": f"{month:%Y-%m}", "due_on": services.due_date(region_code,
                                                                                                      month),
                                                **figures}).data)
