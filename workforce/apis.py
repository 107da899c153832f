"""/api/v1/banned-persons/: the province's list for its admins (no identity number in or out, only its hash's first
characters); POST adds a person; `check/` answers whether a number is on any province's list (admins; audited)."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.policy import can
from core import identity
from core.dates import programme_date, validity_date
from core.personal import mask_name
from institutions.models import Institution, StaffRole

from . import register as staff
from . import services
from .models import BannedPerson, Worker


class IdentityNumberField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=24, help_text="18-digit resident identity number (hashed at once, never stored)",
                         **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not identity.is_valid(value):
            raise serializers.ValidationError(identity.MSG_INVALID)
        return identity.normalise(value)


class BannedPersonSerializer(serializers.ModelSerializer):
    hash_prefix = serializers.SerializerMethodField()

    class Meta:
        model = BannedPerson
        fields = ["id", "province_code", "hash_prefix", "reference", "reason", "decided_on", "until", "added_at"]

    def get_hash_prefix(self, obj) -> str:
        return obj.id_hash[:8]


class BannedAddSerializer(serializers.Serializer):
    id_number = IdentityNumberField()
    reference = serializers.CharField(max_length=200)
    reason = serializers.CharField(max_length=500)
    decided_on = serializers.DateField(validators=[programme_date])
    until = serializers.DateField(required=False, allow_null=True, default=None, validators=[validity_date])


class BannedCheckSerializer(serializers.Serializer):
    id_number = IdentityNumberField()


class BannedResultSerializer(serializers.Serializer):
    banned = serializers.BooleanField()


class BannedPersonViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = BannedPersonSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return BannedPerson.objects.none()
        if not can(self.request.user, "banned.manage"):
            raise PermissionDenied
        return BannedPerson.objects.visible_to(self.request.user).order_by("-added_at", "-id")

    @extend_schema(request=BannedAddSerializer, responses={201: BannedPersonSerializer},
                   summary="Add a person to the province's list (its admins)")
    def create(self, request):
        if not can(request.user, "banned.manage"):
            raise PermissionDenied
        data = BannedAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.banned_add(by=request.user, **data.validated_data)
        return Response(BannedPersonSerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BannedCheckSerializer, responses={200: BannedResultSerializer},
                   summary="Whether a number is on any province's list (admins; audited)")
    @action(detail=False, methods=["post"])
    def check(self, request):
        if not can(request.user, "banned.check"):
            raise PermissionDenied
        data = BannedCheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response({"banned": services.banned_check(by=request.user, id_number=data.validated_data["id_number"])})


# --- /api/v1/staff-register/ ----------------------------------------------------------------------------------

class WorkerSerializer(serializers.ModelSerializer):
    institution = serializers.IntegerField(source="institution_id", read_only=True)
    name = serializers.SerializerMethodField(help_text="Masked (刘*) for supervisors; the operator sees it in full")
    certificate = serializers.SerializerMethodField(help_text="The qualifying certificate in force today, or null")
    issues = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Worker
        fields = ["id", "institution", "name", "role", "id_masked", "joined_on", "left_on", "certificate", "issues",
                  "warnings"]

    def _standing(self, obj):
        if not hasattr(obj, "_standing"):
            obj._standing = staff.standing(obj)
        return obj._standing

    def get_name(self, obj) -> str:
        return obj.name if self.context.get("full_names") else mask_name(obj.name)

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_certificate(self, obj):
        certificate = self._standing(obj).certificate
        return None if certificate is None else {"type": certificate.type, "number": certificate.number,
                                                 "expires_on": certificate.expires_on}

    def get_issues(self, obj) -> list[str]:
        return self._standing(obj).issues

    def get_warnings(self, obj) -> list[str]:
        return self._standing(obj).warnings


class WorkerAddSerializer(serializers.Serializer):
    institution = serializers.IntegerField(min_value=1)
    name = serializers.CharField(max_length=32)
    role = serializers.ChoiceField(choices=StaffRole.choices)
    id_number = IdentityNumberField()
    joined_on = serializers.DateField(validators=[programme_date])


class WorkerViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The staff registers the caller keeps (operators: names in full) or reads (reviewers, inspectors and admins
    in scope: names masked); `?institution=` narrows to one; operators add a person with POST (banned-person check)."""

    serializer_class = WorkerSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Worker.objects.none()
        rows = (Worker.objects.visible_to(self.request.user).current().select_related("institution")
                .prefetch_related("qualifications", "health_checks", "record_checks", "trainings")
                .order_by("institution_id", "role", "name", "id"))
        institution = self.request.query_params.get("institution", "")
        return rows.filter(institution_id=int(institution)) if institution.isdigit() else rows

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "full_names": self.request.user.is_operator}

    @extend_schema(request=WorkerAddSerializer, responses={201: WorkerSerializer},
                   summary="Add a person to the register (the institution's operator; refused if banned)")
    def create(self, request):
        data = WorkerAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        institution = get_object_or_404(Institution.objects.visible_to(request.user), pk=fields.pop("institution"))
        if not can(request.user, "staff.manage", institution):
            raise PermissionDenied
        worker = staff.worker_add(by=request.user, institution=institution, **fields)
        return Response(WorkerSerializer(worker, context={"full_names": True}).data, status=status.HTTP_201_CREATED)
