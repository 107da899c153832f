"""/api/v1/supervision/: supervision items of the caller's scope (404 outside); open (admins above the region),
record an interview/opinion (the supervising side) or a report (the supervised region), close."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.policy import can
from accounts.scoping import STAFF, audience
from core.dates import deadline_date, past_date, programme_date
from institutions.models import Institution

from . import services
from .models import Fee, FeeCap, FeeClass, SupervisionEvent, SupervisionEventKind, SupervisionItem


class SupervisionEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", read_only=True)

    class Meta:
        model = SupervisionEvent
        fields = ["kind", "on", "text", "by", "at"]


class SupervisionItemSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region_id", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    events = SupervisionEventSerializer(many=True, read_only=True)

    class Meta:
        model = SupervisionItem
        fields = ["id", "region_code", "region_name", "opened_in", "issue", "basis", "responsible", "deadline",
                  "status", "opened_at", "closed_at", "events"]


class SupervisionOpenSerializer(serializers.Serializer):
    region_code = serializers.CharField(max_length=12)
    issue = serializers.CharField(max_length=2000)
    responsible = serializers.CharField(max_length=100)
    deadline = serializers.DateField(validators=[deadline_date])
    basis = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


RECORD_KINDS = [(k, label) for k, label in SupervisionEventKind.choices if k != SupervisionEventKind.CLOSE]


class SupervisionRecordSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RECORD_KINDS)
    on = serializers.DateField(validators=[past_date])
    text = serializers.CharField(max_length=4000)


class SupervisionCloseSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class SupervisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SupervisionItemSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SupervisionItem.objects.none()
        if audience(self.request.user) != STAFF:
            raise PermissionDenied
        return (SupervisionItem.objects.visible_to(self.request.user).select_related("region")
                .prefetch_related("events__by").order_by("status", "deadline", "id"))

    @extend_schema(request=SupervisionOpenSerializer, responses={201: SupervisionItemSerializer},
                   summary="Open a supervision item")
    def create(self, request):
        if not can(request.user, "supervision.open"):
            raise PermissionDenied
        data = SupervisionOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.supervision_open(by=request.user, **data.validated_data)
        return Response(SupervisionItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SupervisionRecordSerializer, responses={200: SupervisionItemSerializer},
                   summary="Record an interview or an opinion (supervising side) or a report (supervised region)")
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        item = self.get_object()
        data = SupervisionRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.supervision_record(by=request.user, item=item, **data.validated_data)
        return Response(SupervisionItemSerializer(self.get_object()).data)

    @extend_schema(request=SupervisionCloseSerializer, responses={200: SupervisionItemSerializer},
                   summary="Close the item")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        item = self.get_object()
        data = SupervisionCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.supervision_close(by=request.user, item=item, text=data.validated_data["text"])
        return Response(SupervisionItemSerializer(self.get_object()).data)


# --- /api/v1/fees/ and /api/v1/fee-caps/ ----------------------------------------------------------------------

class FeeSerializer(serializers.ModelSerializer):
    institution = serializers.IntegerField(source="institution_id", read_only=True)

    class Meta:
        model = Fee
        fields = ["id", "institution", "class_type", "monthly_fee", "valid_from", "created_at"]


class FeeDeclareSerializer(serializers.Serializer):
    institution = serializers.IntegerField(min_value=1)
    class_type = serializers.ChoiceField(choices=FeeClass.choices)
    monthly_fee = serializers.IntegerField(min_value=1, max_value=services.FEE_MAX)
    valid_from = serializers.DateField(validators=[deadline_date])


class FeeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Fees declared by the caller's institutions (operators) or by the institutions of the caller's scope (staff),
    newest first; `?institution=<id>` for one institution. Operators declare with POST (409 with the guide price
    when an inclusive institution's fee is above it)."""

    serializer_class = FeeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Fee.objects.none()
        fees = Fee.objects.visible_to(self.request.user).order_by("-created_at", "-id")
        institution = self.request.query_params.get("institution", "")
        if institution:
            fees = fees.filter(institution_id=int(institution)) if institution.isdigit() else fees.none()
        return fees

    @extend_schema(request=FeeDeclareSerializer, responses={201: FeeSerializer}, summary="Declare a basic monthly fee")
    def create(self, request):
        data = FeeDeclareSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        institution = get_object_or_404(Institution.objects.visible_to(request.user), pk=fields.pop("institution"))
        if not can(request.user, "fee.declare", institution):
            raise PermissionDenied
        fee = services.fee_declare(by=request.user, institution=institution, **fields)
        return Response(FeeSerializer(fee).data, status=status.HTTP_201_CREATED)


class FeeCapSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region_id", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = FeeCap
        fields = ["id", "region_code", "region_name", "class_type", "cap", "valid_from", "basis", "created_at"]


class FeeCapSetSerializer(serializers.Serializer):
    region_code = serializers.CharField(max_length=12)
    class_type = serializers.ChoiceField(choices=FeeClass.choices)
    cap = serializers.IntegerField(min_value=1, max_value=services.FEE_MAX)
    valid_from = serializers.DateField(validators=[programme_date])
    basis = serializers.CharField(max_length=200)


class FeeCapViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Guide prices of the caller's scope (and of the city above a county); admins set one with POST."""

    serializer_class = FeeCapSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FeeCap.objects.none()
        if audience(self.request.user) != STAFF:
            raise PermissionDenied
        return FeeCap.objects.visible_to(self.request.user).select_related("region").order_by(
            "region_id", "class_type", "-valid_from", "-id")

    @extend_schema(request=FeeCapSetSerializer, responses={201: FeeCapSerializer}, summary="Set a guide price")
    def create(self, request):
        if not can(request.user, "fee_cap.set"):
            raise PermissionDenied
        data = FeeCapSetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.fee_cap_set(by=request.user, **data.validated_data)
        return Response(FeeCapSerializer(row).data, status=status.HTTP_201_CREATED)
