"""/api/v1/supervision/, /api/v1/fees/, /api/v1/fee-caps/, /api/v1/designations/ (included by tuoyu_portal.urls)."""
from rest_framework.routers import SimpleRouter

from .apis import DesignationViewSet, FeeCapViewSet, FeeViewSet, SupervisionViewSet

router = SimpleRouter()
router.register("supervision", SupervisionViewSet, basename="supervision")
router.register("fees", FeeViewSet, basename="fee")
router.register("fee-caps", FeeCapViewSet, basename="fee-cap")
router.register("designations", DesignationViewSet, basename="designation")

urlpatterns = router.urls
