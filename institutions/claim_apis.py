"""/api/v1/claims/: operators submit a claim (multipart) and list theirs; reviewers and admins of the
institution's region list, approve and refuse (another region's claim is 404, a refused action 409)."""
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.policy import can

from . import claims
from .models import ClaimProof, InstitutionClaim


class ClaimSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    credit_code = serializers.CharField(source="institution.credit_code", read_only=True)
    operator = serializers.CharField(source="operator.username", read_only=True)

    class Meta:
        model = InstitutionClaim
        fields = ["id", "institution", "institution_name", "credit_code", "operator", "proof", "document_name",
                  "status", "reason", "submitted_at", "decided_at"]
        read_only_fields = fields


class ClaimSubmitSerializer(serializers.Serializer):
    credit_code = serializers.CharField(max_length=18)
    proof = serializers.ChoiceField(choices=ClaimProof.choices)
    document = serializers.FileField(allow_empty_file=True, use_url=False)


class RefuseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ClaimSerializer
    parser_classes = [JSONParser, MultiPartParser]  # a claim is submitted with its file

    def get_queryset(self):
        """The claimant's own claims; the claims of the scope for those who decide them (others: 403)."""
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):
            return InstitutionClaim.objects.none()
        if not (can(user, "claim.submit") or can(user, "claim.decide")):
            raise PermissionDenied
        return (InstitutionClaim.objects.visible_to(user)
                .select_related("institution", "operator").order_by("-submitted_at", "-id"))

    @extend_schema(request={"multipart/form-data": ClaimSubmitSerializer},
                   responses={201: ClaimSerializer, 400: OpenApiResponse(description="Bad input or file"),
                              409: OpenApiResponse(description="Refused (unknown institution, pending claim)")},
                   summary="Claim a filed institution (operators): its credit code and a proof document")
    def create(self, request):
        if not can(request.user, "claim.submit"):
            raise PermissionDenied
        data = ClaimSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            claim = claims.claim_submit(operator=request.user, credit_code=data.validated_data["credit_code"],
                                        proof=data.validated_data["proof"], upload=data.validated_data["document"])
        except DjangoValidationError as error:
            return Response({"document": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)

    def _decider(self):
        claim = self.get_object()
        if not can(self.request.user, "claim.decide", claim):
            raise PermissionDenied
        return claim

    @extend_schema(request=None, responses={200: ClaimSerializer}, summary="Approve: the operator is linked")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return Response(ClaimSerializer(claims.claim_approve(claim=self._decider(), by=request.user)).data)

    @extend_schema(request=RefuseSerializer, responses={200: ClaimSerializer}, summary="Refuse with a reason")
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        claim = self._decider()
        data = RefuseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(ClaimSerializer(claims.claim_refuse(claim=claim, by=request.user,
                                                            reason=data.validated_data["reason"])).data)

