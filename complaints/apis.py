"""REST API v1 for complaints. Staff: list and read in scope, act (inspectors and admins). Public, without
an account: file a complaint and look one up by its tracking number, both limited per IP. Every action is
a service call."""
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from accounts.policy import can

from . import ratelimit, services
from .filters import ComplaintFilter
from .models import Complaint, ComplaintNote
from .selectors import find_by_number, public_status
from .serializers import (
    ComplaintActionSerializer,
    ComplaintCloseSerializer,
    ComplaintDetailSerializer,
    ComplaintErrorSerializer,
    ComplaintNoteCreateSerializer,
    ComplaintNoteSerializer,
    ComplaintSerializer,
    PublicComplaintCreateSerializer,
    PublicComplaintReceiptSerializer,
    PublicComplaintStatusSerializer,
    PublicTrackRequestSerializer,
)
from .sla import sla_for
from .views import MSG_RATE_LIMITED, MSG_TRACK_NOT_FOUND, MSG_TRACK_RATE_LIMITED

REFUSED = OpenApiResponse(ComplaintErrorSerializer, description="Refused by the complaint's status")
LIMITED = OpenApiResponse(ComplaintErrorSerializer, description="Too many requests from this address (per hour)")


# --- staff ------------------------------------------------------------------------------------------

class ComplaintPermission(BasePermission):
    """Staff with a region scope read (operators: 403); out of scope is 404 (visible_to); inspectors and
    admins act, reviewers and viewers get 403 on any action."""

    def has_permission(self, request, view):
        return can(request.user, "complaint.list")

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or can(request.user, "complaint.act", obj)


@extend_schema_view(
    list=extend_schema(operation_id="v1_complaints_list",
                       summary="Complaints in the caller's scope, oldest first, with the acknowledgement deadline"),
    retrieve=extend_schema(summary="One complaint with its internal notes"),
)
class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, ComplaintPermission]
    filterset_class = ComplaintFilter
    serializer_class = ComplaintSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        queryset = (Complaint.objects.visible_to(self.request.user).with_related()
                    .select_related("acknowledged_by", "closed_by").order_by("created_at", "id"))
        if self.action != "list":
            queryset = queryset.prefetch_related(Prefetch("notes", queryset=ComplaintNote.objects.select_related("by")))
        return queryset

    def get_serializer_class(self):
        return ComplaintSerializer if self.action == "list" else ComplaintDetailSerializer

    def get_serializer(self, *args, **kwargs):
        # The deadlines of everything serialized, from one calendar for the whole page.
        instance = args[0] if args else None
        items = list(instance) if isinstance(instance, list | tuple) else [instance] if instance is not None else []
        kwargs.setdefault("context", self.get_serializer_context())
        kwargs["context"]["sla"] = {sla.complaint.pk: sla for sla in sla_for(items, timezone.localdate())}
        return super().get_serializer(*args, **kwargs)

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _detail(self, complaint: Complaint) -> Response:
        complaint = self.get_queryset().get(pk=complaint.pk)
        return Response(self.get_serializer(complaint).data)

    @extend_schema(summary="Acknowledge (受理) the complaint", request=ComplaintActionSerializer,
                   responses={200: ComplaintDetailSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        complaint = self.get_object()
        data = self._input(ComplaintActionSerializer)
        return self._detail(services.complaint_acknowledge(complaint=complaint, by=request.user,
                                                           note=data.get("note", "")))

    @extend_schema(summary="Mark the complaint as under investigation (调查中)", request=ComplaintActionSerializer,
                   responses={200: ComplaintDetailSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def investigate(self, request, pk=None):
        complaint = self.get_object()
        data = self._input(ComplaintActionSerializer)
        return self._detail(services.complaint_investigate(complaint=complaint, by=request.user,
                                                           note=data.get("note", "")))

    @extend_schema(summary="Close (办结) with a public resolution and optionally the visit that checked it",
                   request=ComplaintCloseSerializer,
                   responses={200: ComplaintDetailSerializer, 400: OpenApiResponse(description="Invalid input"),
                              409: REFUSED})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        complaint = self.get_object()
        data = self._input(ComplaintCloseSerializer)
        return self._detail(services.complaint_close(complaint=complaint, by=request.user,
                                                     resolution=data["resolution"],
                                                     visit_ref=data.get("visit_ref", ""), note=data.get("note", "")))

    @extend_schema(summary="Add an internal note", request=ComplaintNoteCreateSerializer,
                   responses={201: ComplaintNoteSerializer, 400: OpenApiResponse(description="Invalid input")})
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        complaint = self.get_object()
        data = self._input(ComplaintNoteCreateSerializer)
        note = services.complaint_add_note(complaint=complaint, by=request.user, text=data["text"])
        return Response(ComplaintNoteSerializer(note).data, status=status.HTTP_201_CREATED)


# --- public -----------------------------------------------------------------------------------------

class TrackThrottle(BaseThrottle):
    """Look-ups per IP and hour, counted with the tracking page (complaints.ratelimit)."""

    def allow_request(self, request, view):
        return ratelimit.hit(request, ratelimit.TRACK)

    def wait(self):
        return ratelimit.retry_after()


def _limited(message: str) -> Response:
    return Response({"detail": message}, status=status.HTTP_429_TOO_MANY_REQUESTS,
                    headers={"Retry-After": str(ratelimit.retry_after())})


class PublicComplaintCreateView(generics.GenericAPIView):
    """No account and no session (so no CSRF token either): what the public complaint form does, for apps."""

    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = PublicComplaintCreateSerializer

    @extend_schema(summary="File a complaint (anonymous; at most 5 per hour from one address)",
                   responses={201: PublicComplaintReceiptSerializer,
                              400: OpenApiResponse(description="Invalid input"), 429: LIMITED},
                   auth=[])
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not ratelimit.hit(request, ratelimit.SUBMIT):
            return _limited(MSG_RATE_LIMITED)
        data = serializer.validated_data
        try:
            complaint = services.complaint_submit(
                category=data["category"], description=data["description"], institution=data.get("institution"),
                county=data.get("county"), place=data.get("place", ""), contact_name=data.get("contact_name", ""),
                contact_phone=data.get("contact_phone", ""))
        except services.ComplaintActionError as error:
            return Response({"detail": error.message}, status=status.HTTP_400_BAD_REQUEST)
        receipt = public_status(complaint)
        return Response(PublicComplaintReceiptSerializer(receipt).data, status=status.HTTP_201_CREATED)


class PublicComplaintTrackView(generics.GenericAPIView):
    """The tracking number is posted, not put in the URL (logs keep URLs)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TrackThrottle]
    serializer_class = PublicTrackRequestSerializer

    @extend_schema(summary="Status of a complaint by its tracking number (anonymous; limited per hour)",
                   responses={200: PublicComplaintStatusSerializer,
                              400: OpenApiResponse(description="Not a tracking number"),
                              404: OpenApiResponse(ComplaintErrorSerializer, description="No such complaint"),
                              429: LIMITED},
                   auth=[])
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        complaint = find_by_number(serializer.validated_data["tracking_number"])
        if complaint is None:
            return Response({"detail": MSG_TRACK_NOT_FOUND}, status=status.HTTP_404_NOT_FOUND)
        return Response(PublicComplaintStatusSerializer(public_status(complaint)).data)

    def throttled(self, request, wait):
        # The bilingual message of the page rather than DRF's.
        raise Throttled(wait=wait, detail=str(MSG_TRACK_RATE_LIMITED))
