"""REST API v1 of inspections: /api/v1/inspections/ (visits) and /api/v1/rectifications/ (orders). Every write is
a service call; who may do what is decided in InspectionPermission and RectificationPermission only."""
import django_filters
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response

from accounts.policy import can
from core.files import private_file_response
from core.filters import IdFilter
from core.parsers import SafeJSONParser
from institutions.models import Institution

from . import selectors, services
from .models import (
    Answer,
    AnswerPhoto,
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    EvidenceFile,
    Finding,
    InspectionType,
    OrderStatus,
    RectificationEvent,
    RectificationEvidence,
    RectificationOrder,
    Visit,
    VisitStatus,
)
from .permissions import can_inspect, can_log
from .serializers import (
    AnswerInputSerializer,
    AnswerSerializer,
    EvidenceInputSerializer,
    EvidenceSerializer,
    FinishSerializer,
    FollowUpInputSerializer,
    InspectionActionErrorSerializer,
    IssueSerializer,
    RectificationDetailSerializer,
    RectificationSerializer,
    RejectInputSerializer,
    VerifyInputSerializer,
    VisitDetailSerializer,
    VisitSerializer,
    VisitStartSerializer,
)

MSG_CHECKLIST_UNKNOWN = gettext_lazy("检查表不存在或未发布")

REFUSED = OpenApiResponse(InspectionActionErrorSerializer, description="Refused by the state of the visit or order")
INVALID = OpenApiResponse(description="Invalid input")
NOT_FOUND = OpenApiResponse(description="Not found in the caller's scope")


# --- who may do what: the one place -----------------------------------------------------------------

class InspectionPermission(BasePermission):
    """Reading follows Visit.objects.visible_to (out of scope is 404 before this runs). Starting, answering and
    finishing are for inspectors whose scope covers the institution; other roles read."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or can(request.user, "visit.start")

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or can(request.user, "visit.log", obj)


class RectificationPermission(BasePermission):
    """Reading follows RectificationOrder.objects.visible_to. Evidence is for the operators of the institution;
    issuing, verifying and follow-ups for inspectors in scope."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or view.action == "evidence":
            return True
        return can(request.user, "visit.start")

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        if view.action == "evidence":
            return can(request.user, "order.answer", obj)
        return can(request.user, "order.verify", obj)


class ServiceErrorsMixin:
    """Reads a request body through a serializer. (A service's refusal is 409 and a bad file 400 for every
    API view: core.api.exception_handler.)"""

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# --- visits -----------------------------------------------------------------------------------------

class VisitFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=VisitStatus.choices, label=_("状态"))
    type = django_filters.ChoiceFilter(choices=InspectionType.choices, label=_("检查类型"))
    institution = IdFilter(field_name="institution_id", label=_("托育机构"))
    region = django_filters.CharFilter(method="filter_region", label=_("区划"),
                                       help_text="Region code prefix of the institution, e.g. 130102")

    class Meta:
        model = Visit
        fields = ["status", "type", "institution", "region"]

    def filter_region(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(institution__region__code__startswith=value) if value else queryset


PHOTO_ID = OpenApiParameter("photo_id", int, OpenApiParameter.PATH)


@extend_schema_view(
    list=extend_schema(summary="Visits in the caller's scope (operators: finished visits of their institutions)"),
    retrieve=extend_schema(summary="One visit with its checklist, answers, scores and findings"),
)
class VisitViewSet(ServiceErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, InspectionPermission]
    parser_classes = [SafeJSONParser]
    filterset_class = VisitFilter
    serializer_class = VisitSerializer

    def get_queryset(self):
        queryset = Visit.objects.visible_to(self.request.user).with_related().order_by("-created_at", "-id")
        return self._with_details(queryset) if self.action == "retrieve" else queryset

    @staticmethod
    def _with_details(queryset):
        items = Prefetch("items", queryset=ChecklistItem.objects.order_by("order", "id"))
        return queryset.prefetch_related(
            "inspectors",
            Prefetch("template__sections", queryset=ChecklistSection.objects.prefetch_related(items)),
            Prefetch("answers", queryset=Answer.objects.select_related("visit").prefetch_related(
                Prefetch("photos", queryset=AnswerPhoto.objects.select_related("answer")))),
            Prefetch("findings", queryset=Finding.objects.select_related("item")),
        )

    def get_serializer_class(self):
        return VisitDetailSerializer if self.action == "retrieve" else VisitSerializer

    def _detail(self, visit: Visit, status_code=status.HTTP_200_OK) -> Response:
        visit = self._with_details(Visit.objects.visible_to(self.request.user).with_related()).get(pk=visit.pk)
        return Response(VisitDetailSerializer(visit, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(summary="Start a visit now (inspectors in scope)", request=VisitStartSerializer,
                   responses={201: VisitDetailSerializer, 400: INVALID, 404: NOT_FOUND, 409: REFUSED})
    def create(self, request, *args, **kwargs):
        data = self._input(VisitStartSerializer)
        institution = get_object_or_404(Institution.objects.visible_to(request.user), pk=data["institution"])
        if not can_inspect(request.user, institution):
            self.permission_denied(request)
        template = None
        if data.get("template"):
            template = ChecklistTemplate.objects.filter(pk=data["template"], published_at__isnull=False).first()
            if template is None:
                raise ValidationError({"template": [MSG_CHECKLIST_UNKNOWN]})
        visit = services.visit_start(institution=institution, type=data["type"], by=request.user, template=template,
                                     complaint_ref=data.get("complaint_ref", ""))
        return self._detail(visit, status.HTTP_201_CREATED)

    @extend_schema(summary="Start a planned visit (the inspector is on site)", request=None,
                   responses={200: VisitDetailSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def begin(self, request, pk=None):
        return self._detail(services.visit_begin(visit=self.get_object(), by=request.user))

    @extend_schema(summary="Answer one item (saved at once; answering again replaces the answer)",
                   request={"application/json": AnswerInputSerializer, "multipart/form-data": AnswerInputSerializer},
                   responses={200: AnswerSerializer, 400: INVALID, 409: REFUSED})
    @action(detail=True, methods=["post"], parser_classes=[SafeJSONParser, MultiPartParser, FormParser])
    def answers(self, request, pk=None):
        visit = self.get_object()
        data = self._input(AnswerInputSerializer)
        photo = data.get("photo")
        answer = services.visit_answer(visit=visit, item_id=data["item"], by=request.user,
                                       result=data.get("result") or None, note=data.get("note"),
                                       photos=[photo] if photo else [])
        answer = Answer.objects.select_related("visit").prefetch_related("photos").get(pk=answer.pk)
        return Response(AnswerSerializer(answer).data)

    @extend_schema(summary="Finish: score, grade (quality assessment) and findings", request=FinishSerializer,
                   responses={200: VisitDetailSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        visit = self.get_object()
        data = self._input(FinishSerializer)
        return self._detail(services.visit_finish(visit=visit, by=request.user, summary=data.get("summary", "")))

    @extend_schema(summary="Download a photo of an answer", parameters=[PHOTO_ID],
                   responses={(200, "image/jpeg"): OpenApiTypes.BINARY, (200, "image/png"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path=r"photos/(?P<photo_id>[0-9]+)", url_name="photo")
    def photo(self, request, pk=None, photo_id=None):
        visit = self.get_object()
        photo = get_object_or_404(AnswerPhoto.objects.filter(answer__visit=visit), pk=photo_id)
        return private_file_response(request, photo.file, name=photo.original_name,
                                     content_type=photo.content_type, obj=photo,
                                     region_code=visit.institution.region_id, inline=True)


# --- rectification orders ---------------------------------------------------------------------------

class RectificationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices, label=_("状态"))
    institution = IdFilter(field_name="institution_id", label=_("托育机构"))
    visit = IdFilter(field_name="visit_id", label=_("检查"))

    class Meta:
        model = RectificationOrder
        fields = ["status", "institution", "visit"]


FILE_ID = OpenApiParameter("file_id", int, OpenApiParameter.PATH)


@extend_schema_view(
    list=extend_schema(summary="Rectification orders in the caller's scope (operators: their institutions')"),
    retrieve=extend_schema(summary="One order with its findings, evidence and history"),
)
class RectificationViewSet(ServiceErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, RectificationPermission]
    parser_classes = [SafeJSONParser]
    filterset_class = RectificationFilter
    serializer_class = RectificationSerializer

    def get_queryset(self):
        queryset = selectors.order_list(self.request.user).order_by("deadline", "id")
        return self._with_details(queryset) if self.action == "retrieve" else queryset

    @staticmethod
    def _with_details(queryset):
        return queryset.prefetch_related(
            Prefetch("findings", queryset=Finding.objects.select_related("item")),
            Prefetch("evidence", queryset=RectificationEvidence.objects.prefetch_related(
                Prefetch("files", queryset=EvidenceFile.objects.select_related("evidence")))),
            Prefetch("events", queryset=RectificationEvent.objects.select_related("by")),
        )

    def get_serializer_class(self):
        return RectificationDetailSerializer if self.action == "retrieve" else RectificationSerializer

    def _detail(self, order: RectificationOrder, status_code=status.HTTP_200_OK) -> Response:
        order = self._with_details(selectors.order_list(self.request.user)).get(pk=order.pk)
        return Response(RectificationDetailSerializer(order, context=self.get_serializer_context()).data,
                        status=status_code)

    @extend_schema(summary="Issue an order for a finished visit's findings (inspectors in scope)",
                   request=IssueSerializer,
                   responses={201: RectificationDetailSerializer, 400: INVALID, 404: NOT_FOUND, 409: REFUSED})
    def create(self, request, *args, **kwargs):
        data = self._input(IssueSerializer)
        visit = get_object_or_404(Visit.objects.visible_to(request.user).select_related("institution"),
                                  pk=data["visit"])
        if not can_log(request.user, visit):
            self.permission_denied(request)
        order = services.rectification_issue(visit=visit, by=request.user, deadline=data.get("deadline"),
                                             requirements=data.get("requirements", ""),
                                             finding_ids=data.get("findings") or None)
        return self._detail(order, status.HTTP_201_CREATED)

    @extend_schema(summary="Submit evidence: text and files (operators of the institution)",
                   request={"multipart/form-data": EvidenceInputSerializer},
                   responses={201: EvidenceSerializer, 400: INVALID, 409: REFUSED})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        order = self.get_object()
        data = self._input(EvidenceInputSerializer)
        evidence = services.rectification_answer(order=order, by=request.user, text=data["text"],
                                                 files=data.get("files") or [])
        evidence = RectificationEvidence.objects.prefetch_related("files__evidence").get(pk=evidence.pk)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Accept the evidence: the findings are rectified", request=VerifyInputSerializer,
                   responses={200: RectificationDetailSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        order = self.get_object()
        data = self._input(VerifyInputSerializer)
        return self._detail(services.rectification_verify(order=order, by=request.user, decision=services.ACCEPT,
                                                          reason=data.get("reason", "")))

    @extend_schema(summary="Reject the evidence back to the operator, with a reason", request=RejectInputSerializer,
                   responses={200: RectificationDetailSerializer, 400: INVALID, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        order = self.get_object()
        data = self._input(RejectInputSerializer)
        return self._detail(services.rectification_verify(order=order, by=request.user, decision=services.REJECT,
                                                          reason=data["reason"], deadline=data.get("deadline")))

    @extend_schema(summary="Schedule a follow-up visit (复查) of the order's institution",
                   request=FollowUpInputSerializer, responses={201: VisitSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"], url_path="follow-up", url_name="follow-up")
    def follow_up(self, request, pk=None):
        order = self.get_object()
        data = self._input(FollowUpInputSerializer)
        visit = services.rectification_schedule_follow_up(order=order, by=request.user, on=data["on"])
        return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Download an evidence file", parameters=[FILE_ID],
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_id>[0-9]+)", url_name="file")
    def file(self, request, pk=None, file_id=None):
        order = self.get_object()
        stored = get_object_or_404(EvidenceFile.objects.filter(evidence__order=order), pk=file_id)
        return private_file_response(request, stored.file, name=stored.original_name,
                                     content_type=stored.content_type, obj=stored,
                                     region_code=order.institution.region_id)
