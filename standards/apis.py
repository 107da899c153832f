"""/api/v1/standards/: the rules in force for a province on a date (staff), and setting one (admins)."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core.dates import programme_date

from . import registry
from .permissions import can_read, can_set
from .selectors import documents_in_force, province_shown, standards_for
from .services import document_requirement_add, standard_set


class InForceSerializer(serializers.Serializer):
    key = serializers.CharField(source="rule.key")
    label = serializers.CharField(source="rule.label")
    unit = serializers.CharField(source="rule.unit")
    value = serializers.IntegerField()
    national_value = serializers.IntegerField()
    source = serializers.ChoiceField(choices=["national", "province"])
    valid_from = serializers.DateField(source="row.valid_from", allow_null=True, default=None)
    basis = serializers.SerializerMethodField()

    def get_basis(self, item) -> str:
        return item.row.basis if item.row is not None else str(item.rule.basis)


class QuerySerializer(serializers.Serializer):
    province = serializers.RegexField(r"^[0-9]{2}$", required=False, allow_blank=True)
    on = serializers.DateField(required=False, validators=[programme_date])


class SetSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=[rule.key for rule in registry.RULES])
    province = serializers.RegexField(r"^[0-9]{2}$", required=False, allow_blank=True, default="")
    value = serializers.IntegerField(min_value=0, max_value=10000, help_text="At least 1, or 0 for the yes/no rules")
    valid_from = serializers.DateField(validators=[programme_date])
    basis = serializers.CharField(max_length=200)


READ_PARAMETERS = [
    OpenApiParameter("province", OpenApiTypes.STR, description="Two-digit province code (national users); "
                     "others always read their own province"),
    OpenApiParameter("on", OpenApiTypes.DATE, description="The day (default today)")]


def _read_query(request) -> tuple[str, object]:
    """(province, day) a staff member asks about; 403 for others, 404 for a province out of scope."""
    if not can_read(request.user):
        raise PermissionDenied
    query = QuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return province_shown(request.user, query.validated_data.get("province", "")), query.validated_data.get("on")


class StandardsView(APIView):
    @extend_schema(summary="The rules of the standards in force", parameters=READ_PARAMETERS,
                   responses={200: InForceSerializer(many=True)})
    def get(self, request):
        return Response(InForceSerializer(list(standards_for(*_read_query(request))), many=True).data)

    @extend_schema(summary="Set a rule from a date (national admins: national or any province; province admins: "
                           "their province, only tighter than the national rule)",
                   request=SetSerializer, responses={201: InForceSerializer(many=True)})
    def post(self, request):
        data = SetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        province = data.validated_data.pop("province")
        if not can_set(request.user, province):
            raise PermissionDenied
        row = standard_set(by=request.user, province_code=province, **data.validated_data)
        return Response(InForceSerializer(list(standards_for(province, row.valid_from)), many=True).data,
                        status=status.HTTP_201_CREATED)


class DocumentRequirementSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The doc_type under which a filing uploads it")
    label = serializers.CharField()
    province = serializers.CharField(source="province_code")
    valid_from = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    basis = serializers.CharField()


class DocumentAddSerializer(serializers.Serializer):
    province = serializers.RegexField(r"^[0-9]{2}$", required=False, allow_blank=True, default="",
                                      help_text="National admins: the province; province admins: their own (default)")
    label = serializers.CharField(max_length=60)
    valid_from = serializers.DateField(validators=[programme_date])
    basis = serializers.CharField(max_length=200)


class DocumentRequirementsView(APIView):
    @extend_schema(summary="The filing materials a province requires beyond the national list, on a day",
                   parameters=READ_PARAMETERS, responses={200: DocumentRequirementSerializer(many=True)})
    def get(self, request):
        return Response(DocumentRequirementSerializer(documents_in_force(*_read_query(request)), many=True).data)

    @extend_schema(summary="Require one more filing material in a province from a date (its admins, national "
                           "admins)", request=DocumentAddSerializer, responses={201: DocumentRequirementSerializer})
    def post(self, request):
        data = DocumentAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        province = data.validated_data.pop("province") or (request.user.rules_province or "")
        if not province or not can_set(request.user, province):
            raise PermissionDenied
        row = document_requirement_add(
            by=request.user, province_code=province,
            national_labels=[name for name, _always in registry.national_documents()], **data.validated_data)
        return Response(DocumentRequirementSerializer(row).data, status=status.HTTP_201_CREATED)
