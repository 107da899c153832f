"""/api/v1/users/ and /api/v1/me/ (included by tuoyu_portal.urls)."""
from django.urls import path
from rest_framework.routers import SimpleRouter

from .apis import MeView, UserViewSet

router = SimpleRouter()
router.register("users", UserViewSet, basename="user")

urlpatterns = [path("me/", MeView.as_view(), name="me"), *router.urls]
