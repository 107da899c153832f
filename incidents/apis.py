"""/api/v1/incidents/: incidents of the caller's institutions (operators) or scope (staff); operators report with
POST; the county's inspectors and admins acknowledge, plan a visit and close with POST .../step/."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.policy import can
from institutions.models import Institution

from . import services
from .models import Incident, IncidentKind


class IncidentSerializer(serializers.ModelSerializer):
    institution = serializers.IntegerField(source="institution_id", read_only=True)
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    visit = serializers.IntegerField(source="visit_id", read_only=True, allow_null=True)

    class Meta:
        model = Incident
        fields = ["id", "institution", "institution_name", "kind", "occurred_at", "children_affected",
                  "description", "measures", "reported_at", "late", "status", "acknowledged_at", "visit",
                  "closed_at", "note"]
        read_only_fields = fields


class IncidentReportSerializer(serializers.Serializer):
    institution = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    occurred_at = serializers.DateTimeField()
    children_affected = serializers.IntegerField(min_value=0, max_value=10_000)
    description = serializers.CharField(max_length=2000)
    measures = serializers.CharField(max_length=2000)


class IncidentStepSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=sorted(services.STEP_LABELS))
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class IncidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = IncidentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Incident.objects.none()
        return Incident.objects.visible_to(self.request.user).select_related("institution").order_by(
            "-occurred_at", "-id")

    @extend_schema(request=IncidentReportSerializer, responses={201: IncidentSerializer},
                   summary="Report a safety incident (the institution's operator)")
    def create(self, request):
        data = IncidentReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        institution = get_object_or_404(Institution.objects.visible_to(request.user), pk=fields.pop("institution"))
        if not can(request.user, "incident.report", institution):
            raise PermissionDenied
        incident = services.incident_report(by=request.user, institution=institution, **fields)
        return Response(IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IncidentStepSerializer, responses={200: IncidentSerializer},
                   summary="Acknowledge, plan a visit or close (the county's inspectors and admins)")
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        incident = self.get_object()
        data = IncidentStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not can(request.user, "incident.handle", incident):
            raise PermissionDenied
        services.incident_step(by=request.user, incident=incident, **data.validated_data)
        return Response(IncidentSerializer(self.get_object()).data)
