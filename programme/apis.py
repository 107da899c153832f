"""The programme's API (docs/programme.md): supervision items, fees and guide prices, inclusive recognitions,
pilot and demonstration designations, subsidy programmes and applications, demonstration cities. Each is scoped as
the pages are (404 outside the scope); a refused step answers 409 with the reason.

/api/v1/supervision/: supervision items of the caller's scope; open (admins above the region), record an
interview/opinion (the supervising side) or a report (the supervised region), close."""
import datetime

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.policy import can
from accounts.scoping import STAFF, audience
from core.dates import deadline_date, past_date, programme_date, validity_date
from institutions.models import InclusiveRecognition, Institution

from . import designations, services, subsidies
from .models import (
    CityStatus,
    DemonstrationCity,
    Designation,
    DesignationEvent,
    DesignationKind,
    DesignationLevel,
    Fee,
    FeeCap,
    FeeClass,
    SubsidyApplication,
    SubsidyPayment,
    SubsidyProgramme,
    SupervisionEvent,
    SupervisionEventKind,
    SupervisionItem,
)


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


# --- /api/v1/designations/ ---------------------------------------------------------------------------------

class DesignationEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", read_only=True)

    class Meta:
        model = DesignationEvent
        fields = ["action", "from_status", "to_status", "reason", "visit_ref", "by", "at"]


class DesignationSerializer(serializers.ModelSerializer):
    institution = serializers.IntegerField(source="institution_id", read_only=True)
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    events = DesignationEventSerializer(many=True, read_only=True)

    class Meta:
        model = Designation
        fields = ["id", "institution", "institution_name", "kind", "level", "status", "nominated", "statement",
                  "grade", "notice_from", "notice_to", "designated_on", "valid_to", "acceptance_due", "accepted_on",
                  "ended_on", "created_at", "events"]


class DesignationApplySerializer(serializers.Serializer):
    institution = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=DesignationKind.choices)
    level = serializers.ChoiceField(choices=DesignationLevel.choices)
    statement = serializers.CharField(max_length=4000)


class DesignationStepSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=designations.STEP_CHOICES)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False, allow_null=True, default=None, validators=[programme_date])
    valid_to = serializers.DateField(required=False, allow_null=True, default=None, validators=[validity_date])
    acceptance_due = serializers.DateField(required=False, allow_null=True, default=None,
                                           validators=[validity_date])
    visit_ref = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    grade = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class DesignationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Pilot and demonstration designations of the caller's institutions (operators) or scope (staff), with their
    events. Operators apply and county admins nominate with POST; each level takes its step with POST .../step/."""

    serializer_class = DesignationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Designation.objects.none()
        return (Designation.objects.visible_to(self.request.user).select_related("institution")
                .prefetch_related("events__by").order_by("-updated_at", "-id"))

    @extend_schema(request=DesignationApplySerializer, responses={201: DesignationSerializer},
                   summary="Apply for (operator) or nominate (county admin) a designation")
    def create(self, request):
        data = DesignationApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        institution = get_object_or_404(Institution.objects.visible_to(request.user), pk=fields.pop("institution"))
        if not can(request.user, "designation.apply", institution):
            raise PermissionDenied
        designation = designations.designation_apply(by=request.user, institution=institution, **fields)
        return Response(DesignationSerializer(self.get_queryset().get(pk=designation.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=DesignationStepSerializer, responses={200: DesignationSerializer},
                   summary="Take a step: review, designate, acceptance, renewal or revocation")
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        designation = self.get_object()
        data = DesignationStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not designations.actions_for(request.user, designation):  # the wrong step of a reviewer: 409, said why
            raise PermissionDenied
        designations.designation_step(by=request.user, designation=designation, **data.validated_data)
        return Response(DesignationSerializer(self.get_object()).data)


# --- /api/v1/subsidy-programmes/ and /api/v1/subsidy-applications/ ---------------------------------------------

class SubsidyProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubsidyProgramme
        fields = ["id", "name", "region_code", "kind", "amount", "share_central", "share_province", "share_city",
                  "share_county", "max_months", "require_inclusive", "min_star", "no_open_high_risk", "period_from",
                  "period_to", "clawback_years", "budget", "created_at"]
        read_only_fields = ["region_code", "created_at"]


class SubsidyProgrammeCreateSerializer(serializers.ModelSerializer):
    period_from = serializers.DateField(validators=[programme_date])
    period_to = serializers.DateField(validators=[programme_date])

    class Meta:
        model = SubsidyProgramme
        fields = ["name", "kind", "amount", "share_central", "share_province", "share_city", "share_county",
                  "max_months", "require_inclusive", "min_star", "no_open_high_risk", "period_from", "period_to",
                  "clawback_years", "budget"]
        extra_kwargs = {"amount": {"min_value": 1, "max_value": subsidies.AMOUNT_MAX},
                        "budget": {"min_value": 1, "max_value": subsidies.BUDGET_MAX},
                        "min_star": {"min_value": 1, "max_value": 5}, "max_months": {"min_value": 1, "max_value": 12},
                        "clawback_years": {"max_value": 10}}


class SubsidySourceSerializer(serializers.Serializer):
    approved = serializers.DecimalField(max_digits=16, decimal_places=2)
    paid = serializers.DecimalField(max_digits=16, decimal_places=2)
    clawed_back = serializers.DecimalField(max_digits=16, decimal_places=2)
    net_paid = serializers.DecimalField(max_digits=16, decimal_places=2)


class SubsidyFiguresSerializer(serializers.Serializer):
    programme = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    region = serializers.CharField(required=False, help_text="With ?by=: the province, city or county code")
    county = serializers.CharField(required=False, help_text="With ?by=county: the county code (as region)")
    applications = serializers.IntegerField()
    approved = serializers.IntegerField()
    paid = serializers.IntegerField()
    clawed_back = serializers.IntegerField()
    net_paid = serializers.IntegerField()
    units = serializers.IntegerField(help_text="Units of the applications holding money (paid in part or whole, "
                                               "not clawed back)")
    per_unit = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    budget_executed_pct = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    by_source = serializers.DictField(child=SubsidySourceSerializer(), help_text="central, province, city, county")


class SubsidyPeriodSerializer(serializers.Serializer):
    by = serializers.ChoiceField(choices=sorted(subsidies.LEVELS), required=False,
                                 help_text="A row per region of this level")
    start = serializers.DateField(required=False, validators=[programme_date], help_text="The period's first day")
    end = serializers.DateField(required=False, validators=[programme_date], help_text="The period's last day")

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": subsidies.MSG_PERIOD})
        return attrs


class SubsidyProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Subsidy programmes of the caller's region, the regions above and below it; admins set one up with POST;
    `figures/` gives the approved, paid and clawed-back amounts by source (and by county with ?by=county)."""

    serializer_class = SubsidyProgrammeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SubsidyProgramme.objects.none()
        return SubsidyProgramme.objects.visible_to(self.request.user).order_by("-period_from", "-id")

    @extend_schema(request=SubsidyProgrammeCreateSerializer, responses={201: SubsidyProgrammeSerializer},
                   summary="Set up a subsidy programme (an admin, at its own level)")
    def create(self, request):
        if audience(request.user) != STAFF or request.user.admin_scope is None:
            raise PermissionDenied
        data = SubsidyProgrammeCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        shares = {source: fields.pop(f"share_{source}", 0) for source in subsidies.SOURCES}
        programme = subsidies.programme_create(by=request.user, shares=shares, **fields)
        return Response(SubsidyProgrammeSerializer(programme).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: SubsidyFiguresSerializer(many=True)}, summary="The programme's figures",
                   parameters=[SubsidyPeriodSerializer])
    @action(detail=True, methods=["get"])
    def figures(self, request, pk=None):
        """Approved, paid, clawed back and net paid, by source; per region of a level with `by`; within a period
        with `start`/`end` (applications made, approvals, payments and claw-backs dated in it)."""
        programme = self.get_object()
        if audience(request.user) != STAFF:
            raise PermissionDenied
        period = SubsidyPeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        applications = SubsidyApplication.objects.visible_to(request.user).filter(programme=programme)
        rows = subsidies.figures(applications, level=period.validated_data.get("by"),
                                 start=period.validated_data.get("start"), end=period.validated_data.get("end"))
        return Response(SubsidyFiguresSerializer(rows, many=True).data)


class SubsidyPaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubsidyPayment
        fields = ["kind", "amount", "on", "voucher", "note"]


class SubsidyApplicationSerializer(serializers.ModelSerializer):
    institution = serializers.IntegerField(source="institution_id", read_only=True)
    payments = SubsidyPaymentSerializer(many=True, read_only=True)
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    programme = serializers.IntegerField(source="programme_id", read_only=True)

    class Meta:
        model = SubsidyApplication
        fields = ["id", "programme", "institution", "institution_name", "units", "amount", "basis", "status",
                  "applied_at", "approved_on", "paid_amount", "paid_on", "voucher", "clawed_back_amount",
                  "clawed_back_on", "clawback_reason", "note", "payments"]


class SubsidyApplySerializer(serializers.Serializer):
    programme = serializers.IntegerField(min_value=1)
    institution = serializers.IntegerField(min_value=1)
    children = serializers.IntegerField(min_value=0, max_value=100_000, required=False, default=0)
    months = serializers.IntegerField(min_value=0, max_value=12, required=False, default=0)


class SubsidyStepSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=sorted(subsidies.STEP_LABELS))
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False, allow_null=True, default=None, validators=[programme_date])
    voucher = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    amount = serializers.IntegerField(min_value=1, max_value=subsidies.BUDGET_MAX, required=False, allow_null=True,
                                      default=None, help_text="pay: this instalment (default: all that remains)")


class SubsidyApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Subsidy applications of the caller's institutions (operators) or scope (staff); operators apply with POST;
    the county reviews, the programme's level approves, pays and claws back with POST .../step/."""

    serializer_class = SubsidyApplicationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SubsidyApplication.objects.none()
        return (SubsidyApplication.objects.visible_to(self.request.user).select_related("institution")
                .prefetch_related("payments").order_by("-applied_at", "-id"))

    @extend_schema(request=SubsidyApplySerializer, responses={201: SubsidyApplicationSerializer},
                   summary="Apply for a subsidy (the institution's operator)")
    def create(self, request):
        data = SubsidyApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        programme = get_object_or_404(SubsidyProgramme.objects.visible_to(request.user), pk=fields.pop("programme"))
        institution = get_object_or_404(Institution.objects.visible_to(request.user), pk=fields.pop("institution"))
        if not can(request.user, "subsidy.apply", institution):
            raise PermissionDenied
        application = subsidies.subsidy_apply(by=request.user, programme=programme, institution=institution,
                                              **fields)
        return Response(SubsidyApplicationSerializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SubsidyStepSerializer, responses={200: SubsidyApplicationSerializer},
                   summary="Review, approve, pay or claw back")
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        application = self.get_object()
        data = SubsidyStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not subsidies.actions_for(request.user, application):
            raise PermissionDenied
        subsidies.subsidy_step(by=request.user, application=application, **data.validated_data)
        return Response(SubsidyApplicationSerializer(self.get_object()).data)


# --- /api/v1/demonstration-cities/ --------------------------------------------------------------------------

class DemonstrationCitySerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region_id", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = DemonstrationCity
        fields = ["region_code", "region_name", "year", "status", "basis", "updated_at"]


class DemonstrationCitySetSerializer(serializers.Serializer):
    region_code = serializers.CharField(max_length=4)
    year = serializers.IntegerField(min_value=2019, max_value=2100)
    status = serializers.ChoiceField(choices=CityStatus.choices)
    basis = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DemonstrationCityViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """National demonstration city status of the cities of the caller's scope; POST sets the step of the caller's
    level (a city declares, its province recommends, the nation names or not)."""

    serializer_class = DemonstrationCitySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DemonstrationCity.objects.none()
        if audience(self.request.user) != STAFF:
            raise PermissionDenied
        return DemonstrationCity.objects.visible_to(self.request.user).select_related("region").order_by(
            "-year", "region_id")

    @extend_schema(request=DemonstrationCitySetSerializer, responses={201: DemonstrationCitySerializer},
                   summary="Set a city's demonstration status for a batch year")
    def create(self, request):
        if audience(request.user) != STAFF:
            raise PermissionDenied
        data = DemonstrationCitySetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.demonstration_city_set(by=request.user, **data.validated_data)
        return Response(DemonstrationCitySerializer(row).data, status=status.HTTP_201_CREATED)


# --- /api/v1/inclusive-recognitions/ ------------------------------------------------------------------------

class InclusiveRecognitionSerializer(serializers.ModelSerializer):
    institution = serializers.IntegerField(source="institution_id", read_only=True)
    institution_name = serializers.CharField(source="institution.name", read_only=True)

    class Meta:
        model = InclusiveRecognition
        fields = ["id", "institution", "institution_name", "valid_from", "valid_to", "basis", "end_reason",
                  "created_at"]


class RecogniseSerializer(serializers.Serializer):
    institution = serializers.IntegerField(min_value=1)
    valid_from = serializers.DateField(validators=[programme_date])
    valid_to = serializers.DateField(required=False, allow_null=True, default=None, validators=[validity_date])
    basis = serializers.CharField(max_length=200)


class RecognitionEndSerializer(serializers.Serializer):
    on = serializers.DateField(validators=[validity_date])
    reason = serializers.CharField(max_length=500)


class InclusiveRecognitionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Inclusive recognitions of the caller's scope (`?in_force=YYYY-MM-DD` for those in force that day); the
    admins of the county or above recognise (POST) and end one (POST .../end/)."""

    serializer_class = InclusiveRecognitionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InclusiveRecognition.objects.none()
        if audience(self.request.user) != STAFF:
            raise PermissionDenied
        rows = InclusiveRecognition.objects.visible_to(self.request.user).select_related("institution").order_by(
            "institution__region_id", "institution_id", "-valid_from", "-id")
        day = self.request.query_params.get("in_force", "")
        if day:
            try:
                rows = rows.valid_on(datetime.date.fromisoformat(day))
            except ValueError:
                raise ValidationError({"in_force": ["YYYY-MM-DD"]}) from None
        return rows

    @extend_schema(parameters=[OpenApiParameter("in_force", str, required=False,
                                                description="YYYY-MM-DD: the recognitions in force that day")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RecogniseSerializer, responses={201: InclusiveRecognitionSerializer},
                   summary="Recognise an institution as inclusive for a date range")
    def create(self, request):
        data = RecogniseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        institution = get_object_or_404(Institution.objects.visible_to(request.user), pk=fields.pop("institution"))
        if not can(request.user, "inclusive.recognise", institution):
            raise PermissionDenied
        row = services.inclusive_recognise(by=request.user, institution=institution, **fields)
        return Response(InclusiveRecognitionSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RecognitionEndSerializer, responses={200: InclusiveRecognitionSerializer},
                   summary="End a recognition on a day (its last inclusive day)")
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        recognition = self.get_object()
        if not can(request.user, "inclusive.recognise", recognition.institution):
            raise PermissionDenied
        data = RecognitionEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.inclusive_end(by=request.user, recognition=recognition, **data.validated_data)
        return Response(InclusiveRecognitionSerializer(self.get_object()).data)
