"""API serializers for complaints: the staff view of a complaint, the staff actions' input, and the two
anonymous endpoints (file a complaint; look one up by its number). They check the shape of the input
only; the services decide."""
from django.core.validators import RegexValidator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.personal import mask_name, mask_phone
from institutions.models import Institution
from regions.models import Region, RegionLevel

from . import forms
from .models import Complaint, ComplaintCategory, ComplaintNote, ComplaintStatus, normalize_tracking_number
from .permissions import can_see_contact
from .services import MSG_COUNTY_LEVEL, MSG_COUNTY_REQUIRED, MSG_INSTITUTION_NOT_PUBLIC


class ComplaintErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="The message, in the request's language (Accept-Language)")


def _name(user) -> str | None:
    return str(user) if user is not None else None


# --- staff (out) ------------------------------------------------------------------------------------

class ComplaintNoteSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()

    class Meta:
        model = ComplaintNote
        fields = ["id", "text", "by", "at"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_by(self, obj) -> str | None:
        return _name(obj.by)


class ComplaintSerializer(serializers.ModelSerializer):
    """A complaint as staff see it. contact_name/contact_phone are null for readers who do not handle
    complaints (reviewers, viewers). The deadline fields follow the portal's working-day calendar."""

    status = serializers.ChoiceField(choices=ComplaintStatus.choices, read_only=True)
    category = serializers.ChoiceField(choices=ComplaintCategory.choices, read_only=True)
    institution_name = serializers.SerializerMethodField()
    county = serializers.CharField(source="county_id", read_only=True, help_text="County region code")
    county_name = serializers.CharField(source="county.name", read_only=True)
    contact_name = serializers.SerializerMethodField()
    contact_phone = serializers.SerializerMethodField()
    acknowledged_by = serializers.SerializerMethodField()
    closed_by = serializers.SerializerMethodField()
    acknowledge_due = serializers.SerializerMethodField()
    working_days_elapsed = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = ["id", "tracking_number", "status", "category", "institution", "institution_name", "county",
                  "county_name", "place", "description", "contact_name", "contact_phone", "created_at",
                  "acknowledge_due", "working_days_elapsed", "overdue", "acknowledged_at", "acknowledged_by",
                  "investigating_at", "closed_at", "closed_by", "resolution", "visit_ref"]
        read_only_fields = fields

    def _sla(self, obj):
        return self.context["sla"][obj.pk]

    def _contact_visible(self) -> bool:
        request = self.context.get("request")
        return request is not None and can_see_contact(request.user)

    def _contact_revealed(self, obj) -> bool:
        """Handlers get the contact masked, unmasked with ?reveal=1 on a GET (audited once per complaint)."""
        request = self.context.get("request")
        if not (self._contact_visible() and request.method == "GET" and request.query_params.get("reveal") == "1"):
            return False
        recorded = self.context.setdefault("revealed_complaints", set())
        if obj.pk not in recorded and (obj.contact_name or obj.contact_phone):
            from .services import complaint_contact_revealed

            complaint_contact_revealed(complaint=obj, by=request.user, where="api")
            recorded.add(obj.pk)
        return True

    @extend_schema_field(OpenApiTypes.STR)
    def get_institution_name(self, obj) -> str:
        return obj.institution.name if obj.institution_id else ""

    @extend_schema_field({"type": "string", "nullable": True})
    def get_contact_name(self, obj) -> str | None:
        if not self._contact_visible():
            return None
        return obj.contact_name if self._contact_revealed(obj) else mask_name(obj.contact_name)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_contact_phone(self, obj) -> str | None:
        if not self._contact_visible():
            return None
        return obj.contact_phone if self._contact_revealed(obj) else mask_phone(obj.contact_phone)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_acknowledged_by(self, obj) -> str | None:
        return _name(obj.acknowledged_by)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_closed_by(self, obj) -> str | None:
        return _name(obj.closed_by)

    @extend_schema_field(OpenApiTypes.DATE)
    def get_acknowledge_due(self, obj):
        return self._sla(obj).acknowledge_due

    @extend_schema_field(OpenApiTypes.INT)
    def get_working_days_elapsed(self, obj) -> int:
        return self._sla(obj).working_days_elapsed

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, obj) -> bool:
        return self._sla(obj).overdue


class ComplaintDetailSerializer(ComplaintSerializer):
    notes = ComplaintNoteSerializer(many=True, read_only=True, help_text="Internal notes (never public)")

    class Meta(ComplaintSerializer.Meta):
        fields = [*ComplaintSerializer.Meta.fields, "notes"]
        read_only_fields = fields


# --- staff actions (in) -----------------------------------------------------------------------------

class ComplaintActionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                 help_text="Optional internal note (never public)")


class ComplaintCloseSerializer(ComplaintActionSerializer):
    resolution = serializers.CharField(max_length=2000, help_text="Shown to the complainant on the tracking page")
    visit_ref = serializers.CharField(required=False, allow_blank=True, max_length=32,
                                      help_text="Id of the inspection visit that checked the complaint")


class ComplaintNoteCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


# --- public (anonymous) -----------------------------------------------------------------------------

class PublicComplaintCreateSerializer(serializers.Serializer):
    """A complaint from the public. Name an institution of the directory (its id) or the county (its
    6-digit code); contact details are optional."""

    institution = serializers.IntegerField(required=False, allow_null=True,
                                           help_text="Id of an institution of the public directory")
    county = serializers.CharField(required=False, allow_blank=True, max_length=6,
                                   help_text="County region code, when no institution is named")
    place = serializers.CharField(required=False, allow_blank=True, max_length=128,
                                  help_text="Name or address of a place not in the directory")
    category = serializers.ChoiceField(choices=ComplaintCategory.choices)
    description = serializers.CharField(
        min_length=forms.DESCRIPTION_MIN_LENGTH, max_length=forms.DESCRIPTION_MAX_LENGTH,
        error_messages={"min_length": forms.MSG_DESCRIPTION_SHORT.format(n=forms.DESCRIPTION_MIN_LENGTH),
                        "max_length": forms.MSG_DESCRIPTION_LONG.format(n=forms.DESCRIPTION_MAX_LENGTH)})
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=32)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                          validators=[RegexValidator(r"^\+?[0-9][0-9 \-]{4,19}$", forms.MSG_PHONE)])

    def validate_institution(self, value):
        if value is None:
            return None
        institution = Institution.objects.public().filter(pk=value).first()
        if institution is None:
            raise serializers.ValidationError(MSG_INSTITUTION_NOT_PUBLIC)
        return institution

    def validate_county(self, value):
        if not value:
            return None
        region = Region.objects.filter(code=value.strip()).first()
        if region is None or region.level != RegionLevel.COUNTY:
            raise serializers.ValidationError(MSG_COUNTY_LEVEL)
        return region

    def validate(self, attrs):
        if not attrs.get("institution") and not attrs.get("county"):
            raise serializers.ValidationError({"county": MSG_COUNTY_REQUIRED})
        return attrs


class PublicComplaintReceiptSerializer(serializers.Serializer):
    tracking_number = serializers.CharField(help_text="Keep it: the only way to follow the complaint")
    status = serializers.ChoiceField(choices=ComplaintStatus.choices)
    received_at = serializers.DateTimeField()
    acknowledge_due = serializers.DateField(help_text="The county acknowledges it by this date (5 working days)")


class PublicTrackRequestSerializer(serializers.Serializer):
    tracking_number = serializers.CharField(max_length=32, help_text="e.g. TS-4K7QM2XR9B (case and dashes free)")

    def validate_tracking_number(self, value):
        number = normalize_tracking_number(value)
        if number is None:
            raise serializers.ValidationError(forms.MSG_TRACKING_NUMBER)
        return number


class PublicComplaintStatusSerializer(serializers.Serializer):
    """What the complainant sees: status, dates and the public resolution; no contact data, notes or staff."""

    tracking_number = serializers.CharField()
    status = serializers.ChoiceField(choices=ComplaintStatus.choices)
    status_display = serializers.CharField()
    category = serializers.ChoiceField(choices=ComplaintCategory.choices)
    category_display = serializers.CharField()
    institution_name = serializers.CharField()
    county_name = serializers.CharField()
    received_at = serializers.DateTimeField()
    acknowledge_due = serializers.DateField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    investigating_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    resolution = serializers.CharField(help_text="Empty until the complaint is closed")
