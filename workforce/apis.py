"""/api/v1/banned-persons/: the province's list for its admins (no identity number in or out, only its hash's first
characters); POST adds a person; `check/` answers whether a number is on any province's list (admins; audited)."""
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.policy import can
from core import identity
from core.dates import programme_date, validity_date

from . import services
from .models import BannedPerson


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
