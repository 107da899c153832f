from rest_framework import serializers

from accounts.models import User

from .permissions import STAFF_ROLE_CHOICES


class UserSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    region_code = serializers.CharField(source="region_id", allow_blank=True, allow_null=True, required=False,
                                        help_text="The work region's code; empty for national admins/viewers")

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "phone", "email", "role", "role_label", "region_code",
                  "is_active", "last_login", "date_joined"]
        read_only_fields = ["id", "last_login", "date_joined"]


class UserWriteSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, required=False)
    display_name = serializers.CharField(max_length=64)
    phone = serializers.CharField(max_length=20)
    email = serializers.EmailField(required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=STAFF_ROLE_CHOICES)
    region_code = serializers.CharField(max_length=12, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class MeSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    region_code = serializers.CharField(source="region_id", read_only=True, allow_null=True)
    region_name = serializers.CharField(source="region.name", read_only=True, default=None, allow_null=True)
    scope_code = serializers.CharField(read_only=True, allow_null=True,
                                       help_text='Region prefix the user sees: "" national, null none (operators)')
    two_factor = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "phone", "email", "role", "role_label", "region_code",
                  "region_name", "scope_code", "is_operator", "two_factor", "last_login"]

    def get_two_factor(self, user) -> bool:
        from accounts.two_factor import has_device

        return has_device(user)
