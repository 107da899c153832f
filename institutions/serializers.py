"""API serializers for institutions (read side; writes arrive with filings)."""
from rest_framework import serializers

from .models import CapacityRecord, Institution, NurseryClass, OwnershipType
from .selectors import region_path


class CapacityRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = CapacityRecord
        fields = ["effective_from", "effective_to", "slots", "enrolled"]


class NurseryClassSerializer(serializers.ModelSerializer):
    class Meta:
        model = NurseryClass
        fields = ["id", "name", "class_type", "capacity", "enrolled", "caregivers"]


class InstitutionSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region_id", read_only=True)
    region_path = serializers.SerializerMethodField(help_text="Names from province down to the institution's region")
    slots = serializers.IntegerField(read_only=True, allow_null=True,
                                     help_text="Slots (托位) in force on the requested date (default today)")
    enrolled = serializers.IntegerField(read_only=True, allow_null=True)
    ownership_type = serializers.ChoiceField(choices=OwnershipType.choices, allow_blank=True, read_only=True,
                                             help_text="举办性质; blank when not recorded (imported before issue 17)")

    class Meta:
        model = Institution
        fields = [
            "id", "credit_code", "name", "region_code", "region_path", "address", "phone", "nature",
            "operating_model", "ownership_type", "inclusive", "pilot_level", "service_types", "star_rating", "filing_state",
            "filing_number", "filed_on", "deregistered_on", "slots", "enrolled",
        ]
        read_only_fields = fields

    def get_region_path(self, obj) -> list[str]:
        return [r.name for r in region_path(obj.region)]


class InstitutionDetailSerializer(InstitutionSerializer):
    capacity_history = CapacityRecordSerializer(source="capacity_records", many=True, read_only=True)
    classes = NurseryClassSerializer(many=True, read_only=True)

    class Meta(InstitutionSerializer.Meta):
        fields = [*InstitutionSerializer.Meta.fields, "capacity_history", "classes"]
        read_only_fields = fields
