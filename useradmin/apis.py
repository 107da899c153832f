"""/api/v1/users/ (admins: the staff accounts of their region; others 403; another region's account 404) and
/api/v1/me/ (every signed-in user)."""
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.policy import can

from . import services
from .selectors import managed_users, search
from .serializers import MeSerializer, UserSerializer, UserWriteSerializer


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = UserSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI document
            return User.objects.none()
        if not can(self.request.user, "user.manage"):
            raise PermissionDenied
        params = self.request.query_params
        return search(managed_users(self.request.user), params.get("q", "").strip(), params.get("role", ""),
                      params.get("active", ""))

    def _values(self, data, *, current=None) -> services.Values:
        """What the request gives; what it leaves out keeps the account's current value (a new account: active,
        no e-mail, no region)."""
        return services.Values(
            username=current.username if current else data.get("username", ""), display_name=data["display_name"],
            phone=data["phone"], email=data.get("email", current.email if current else ""), role=data["role"],
            region_code=data.get("region_code", (current.region_id or "") if current else ""),
            is_active=data.get("is_active", current.is_active if current else True))

    @extend_schema(request=UserWriteSerializer, responses={201: UserSerializer},
                   summary="Open a staff account in the caller's region (no password: its holder sets one with a "
                           "code texted to the phone)")
    def create(self, request):
        self.get_queryset()
        data = UserWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_create(by=request.user, values=self._values(data.validated_data))
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UserWriteSerializer, responses={200: UserSerializer},
                   summary="Change a staff account of the caller's region (never above it, never one's own role)")
    def update(self, request, pk=None):
        user = self.get_object()
        data = UserWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_update(by=request.user, user=user,
                                    values=self._values(data.validated_data, current=user))
        return Response(UserSerializer(user).data)


class MeView(APIView):
    @extend_schema(responses={200: MeSerializer}, summary="The signed-in user")
    def get(self, request):
        return Response(MeSerializer(request.user).data)
