"""REST API v1 for filings: operators file and correct, reviewers decide; every action is a service call."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response

from accounts.policy import can
from core.files import private_file_response
from core.parsers import SafeJSONParser
from institutions.models import Institution

from . import personal_data, prechecks, services, steps
from .filters import FilingFilter
from .models import Filing, FilingDocument, FilingEvent, FilingKind
from .serializers import (
    ANSWERS_SERIALIZERS,
    ActionErrorSerializer,
    ApproveSerializer,
    DeregisterSerializer,
    DocumentUploadSerializer,
    FilingCreateSerializer,
    FilingDetailSerializer,
    FilingDocumentSerializer,
    FilingSerializer,
    RejectSerializer,
    ReturnSerializer,
    StepResultSerializer,
)

REVIEW_ACTIONS = {"accept", "approve", "return_", "reject"}


# --- who may do what: the one place -----------------------------------------------------------------

class FilingPermission(BasePermission):
    """Reading follows Filing.objects.visible_to (out of scope is 404 before this runs); starting a filing
    or a deregistration is for operators; review actions for reviewers/admins in scope; other writes for
    the filing's operators. Inspectors and viewers only read."""

    def has_permission(self, request, view):
        if view.action in ("create", "deregister"):
            return can(request.user, "filing.start")
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        if view.action in REVIEW_ACTIONS:
            return can(request.user, "filing.review", obj)
        return can(request.user, "filing.operate", obj)


# --- step answers -----------------------------------------------------------------------------------

def step_values(step: str, answers: dict) -> dict:
    """JSON answers normalised exactly as the wizard stores a POST (steps.values_from_post): the answers
    are laid out as the wizard's form fields, then read back by the wizard's own function."""
    post = QueryDict(mutable=True)
    for key, value in steps.form_data(step, answers).items():
        if isinstance(value, list | tuple):
            post.setlist(key, ["" if v is None else str(v) for v in value])
        else:
            post[key] = "" if value is None else str(value)
    return steps.values_from_post(step, post)


def step_errors(step: str, stored: dict) -> dict[str, list[str]]:
    """The errors the wizard's forms find in the stored answers, keyed like the pre-checks' fields."""
    form, formset = steps.bind(step, stored)
    errors = {}
    if form is not None:
        for field, messages in form.errors.items():
            errors[step if field == NON_FIELD_ERRORS else f"{step}.{field}"] = [str(m) for m in messages]
    if formset is not None:
        for index, row in enumerate(formset.errors):
            for field, messages in row.items():
                key = f"{step}.rows.{index}" if field == NON_FIELD_ERRORS else f"{step}.rows.{index}.{field}"
                errors[key] = [str(m) for m in messages]
        if formset.non_form_errors():
            errors[f"{step}.rows"] = [str(m) for m in formset.non_form_errors()]
    return errors


# --- schema pieces ----------------------------------------------------------------------------------

REFUSED = OpenApiResponse(ActionErrorSerializer, description="Refused by the filing's state or pre-checks")
STEP_PARAM = OpenApiParameter("step", str, OpenApiParameter.PATH, enum=list(steps.FORM_STEPS),
                              description="The wizard step")
STEP_ANSWERS = PolymorphicProxySerializer(
    component_name="FilingStepAnswers", serializers=list(ANSWERS_SERIALIZERS.values()),
    resource_type_field_name=None)
DOCUMENT_ID_PARAM = OpenApiParameter("document_id", int, OpenApiParameter.PATH)


def _decision(summary, request=None):
    responses = {200: FilingDetailSerializer, 409: REFUSED}
    if request is not None:
        responses[400] = OpenApiResponse(description="Invalid input")
    return extend_schema(summary=summary, request=request, responses=responses)


@extend_schema_view(
    list=extend_schema(summary="List filings in the caller's scope (operators: their own)"),
    retrieve=extend_schema(
        summary="One filing: answers per step, history, current documents, pre-checks",
        description="Personal data (staff names, certificate numbers, health-check dates, the contact phone) is "
                    "masked except for the filing's operators; reviewers, inspectors and admins in scope get it "
                    "unmasked with `?reveal=1`, and each such read is audited. Viewers never do.",
        parameters=[OpenApiParameter("reveal", bool, description="Show personal data unmasked (audited)")]),
)
class FilingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, FilingPermission]
    parser_classes = [SafeJSONParser]  # answers are nested JSON; only the upload is multipart
    filterset_class = FilingFilter
    serializer_class = FilingSerializer

    def get_queryset(self):
        queryset = Filing.objects.visible_to(self.request.user).with_related()
        return self._with_history(queryset) if self.action == "retrieve" else queryset

    @staticmethod
    def _with_history(queryset):
        """What FilingDetailSerializer reads besides the filing: decider, events, current documents."""
        return queryset.select_related("decided_by").prefetch_related(
            Prefetch("events", queryset=FilingEvent.objects.select_related("by")),
            Prefetch("documents", queryset=FilingDocument.objects.current().select_related("uploaded_by"),
                     to_attr="current_documents"),
        )

    def get_serializer_class(self):
        return FilingSerializer if self.action == "list" else FilingDetailSerializer

    def _input(self, serializer_class, **kwargs):
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def get_serializer_context(self):
        """`personal_revealed`: the filing's personal data is shown unmasked (its operator, or an allowed role
        asking with ?reveal=1 on a GET, which is audited): filings/personal_data.py."""
        context = super().get_serializer_context()
        context["reveal_requested"] = self.request.method == "GET" and self.request.query_params.get("reveal") == "1"
        return context

    def _detail(self, filing: Filing, status_code=status.HTTP_200_OK) -> Response:
        filing = self._with_history(Filing.objects.visible_to(self.request.user).with_related()).get(pk=filing.pk)
        return Response(FilingDetailSerializer(filing, context=self.get_serializer_context()).data,
                        status=status_code)

    # --- operator ---------------------------------------------------------------------------------

    @extend_schema(summary="Start a filing: new, or a change of a filed institution (operators)",
                   request=FilingCreateSerializer,
                   responses={201: FilingDetailSerializer, 400: OpenApiResponse(description="Invalid input"),
                              404: OpenApiResponse(description="Institution not found in scope"),
                              409: REFUSED})
    def create(self, request, *args, **kwargs):
        data = self._input(FilingCreateSerializer)
        if data["kind"] == FilingKind.CHANGE:
            institution = get_object_or_404(Institution.objects.visible_to(request.user), pk=data["institution"])
            filing = services.filing_start_change(institution=institution, by=request.user)
        else:
            filing = services.filing_start_new(by=request.user)
        for step in steps.FORM_STEPS:
            if step in data.get("data", {}):
                filing = services.filing_save_step(filing=filing, step=step, by=request.user,
                                                   values=step_values(step, data["data"][step]))
        return self._detail(filing, status.HTTP_201_CREATED)

    @extend_schema(summary="Ask to deregister a filed institution (注销; operators of the institution)",
                   request=DeregisterSerializer,
                   responses={201: FilingDetailSerializer, 400: OpenApiResponse(description="Invalid input"),
                              404: OpenApiResponse(description="Institution not found in scope"),
                              409: REFUSED})
    @action(detail=False, methods=["post"])
    def deregister(self, request):
        data = self._input(DeregisterSerializer)
        institution = get_object_or_404(Institution.objects.visible_to(request.user), pk=data["institution"])
        filing = services.filing_request_deregistration(institution=institution, by=request.user, on=data["on"],
                                                        reason=data["reason"])
        return self._detail(filing, status.HTTP_201_CREATED)

    @extend_schema(methods=["PUT"], summary="Replace a step's answers; answers 200 with the step's errors",
                   parameters=[STEP_PARAM], request=STEP_ANSWERS,
                   responses={200: StepResultSerializer, 400: OpenApiResponse(description="Malformed JSON"),
                              409: REFUSED})
    @extend_schema(methods=["PATCH"], summary="Change some of a step's answers (rows are replaced whole)",
                   parameters=[STEP_PARAM], request=STEP_ANSWERS,
                   responses={200: StepResultSerializer, 400: OpenApiResponse(description="Malformed JSON"),
                              409: REFUSED})
    @action(detail=True, methods=["put", "patch"], url_path=r"steps/(?P<step>entity|premises|service|staff)",
            url_name="step")
    def step(self, request, pk=None, step=None):
        filing = self.get_object()
        partial = request.method == "PATCH"
        answers = self._input(ANSWERS_SERIALIZERS[step], partial=partial)
        if partial:
            answers = {**filing.step_data(step), **answers}
        filing = services.filing_save_step(filing=filing, step=step, values=step_values(step, answers),
                                           by=request.user)
        stored = filing.step_data(step)
        errors = step_errors(step, stored)
        return Response({"step": step, "values": stored, "valid": not errors, "errors": errors})

    @extend_schema(methods=["GET"], summary="Every document of the filing, replaced ones included",
                   responses=FilingDocumentSerializer(many=True))
    @extend_schema(methods=["POST"], summary="Upload a document (PDF, JPEG or PNG, at most 10 MB)",
                   request={"multipart/form-data": DocumentUploadSerializer},
                   responses={201: FilingDocumentSerializer,
                              400: OpenApiResponse(description="Bad type, size or document type"), 409: REFUSED})
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser],
            filter_backends=[], pagination_class=None)
    def documents(self, request, pk=None):
        filing = self.get_object()
        if request.method == "GET":
            documents = filing.documents.select_related("uploaded_by").order_by("doc_type", "-uploaded_at", "-id")
            return Response(FilingDocumentSerializer(documents, many=True).data)
        data = self._input(DocumentUploadSerializer,
                           choices=prechecks.document_choices(filing, timezone.localdate()))
        try:
            document = services.filing_document_upload(filing=filing, doc_type=data["doc_type"], upload=data["file"],
                                                       by=request.user, valid_until=data.get("valid_until"))
        except DjangoValidationError as exc:
            return Response({"file": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
        return Response(FilingDocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Download a document's file", parameters=[DOCUMENT_ID_PARAM],
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path=r"documents/(?P<document_id>[0-9]+)/file",
            url_name="document-file")
    def document_file(self, request, pk=None, document_id=None):
        filing = self.get_object()
        document = get_object_or_404(filing.documents, pk=document_id)
        if not personal_data.may_open_document(request.user, filing, document.doc_type):
            raise PermissionDenied(personal_data.MSG_NO_PERSONAL_DATA)
        return private_file_response(request, document.file, name=document.original_name,
                                     content_type=document.content_type, obj=document,
                                     region_code=filing.county_id or "")

    @extend_schema(summary="Submit for review (after the pre-checks)", request=None,
                   responses={200: FilingDetailSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._detail(services.filing_submit(filing=self.get_object(), by=request.user))

    @extend_schema(summary="Withdraw (撤回) a submission not yet accepted: back to draft (a deregistration "
                           "request: withdrawn)", request=None, responses={200: FilingDetailSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._detail(services.filing_withdraw(filing=self.get_object(), by=request.user))

    # --- reviewer ---------------------------------------------------------------------------------

    @_decision("Accept the materials as complete (受理)")
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._detail(services.filing_accept(filing=self.get_object(), by=request.user))

    @_decision("Approve: issues the filing number", ApproveSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        filing = self.get_object()
        data = self._input(ApproveSerializer)
        return self._detail(services.filing_approve(filing=filing, by=request.user, on=data.get("on")))

    @_decision("Return for correction (退回补正) with a reason and/or comments per item", ReturnSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        filing = self.get_object()
        data = self._input(ReturnSerializer)
        return self._detail(services.filing_return(filing=filing, by=request.user, reason=data["reason"],
                                                   comments=data["comments"]))

    @_decision("Reject (不予备案) with a reason", RejectSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        filing = self.get_object()
        data = self._input(RejectSerializer)
        return self._detail(services.filing_reject(filing=filing, by=request.user, reason=data["reason"]))
