"""/api/v1/inspections/ and /api/v1/rectifications/ (included by tuoyu_portal.urls)."""
from rest_framework.routers import SimpleRouter

from .apis import RectificationViewSet, VisitViewSet

router = SimpleRouter()
router.register("inspections", VisitViewSet, basename="inspection")
router.register("rectifications", RectificationViewSet, basename="rectification")

urlpatterns = router.urls
