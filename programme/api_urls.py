"""/api/v1/supervision/, /api/v1/fees/, /api/v1/fee-caps/ (included by tuoyu_portal.urls)."""
from rest_framework.routers import SimpleRouter

from .apis import FeeCapViewSet, FeeViewSet, SupervisionViewSet

router = SimpleRouter()
router.register("supervision", SupervisionViewSet, basename="supervision")
router.register("fees", FeeViewSet, basename="fee")
router.register("fee-caps", FeeCapViewSet, basename="fee-cap")

urlpatterns = router.urls
