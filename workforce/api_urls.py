"""/api/v1/banned-persons/, /api/v1/staff-register/ (included by tuoyu_portal.urls)."""
from rest_framework.routers import SimpleRouter

from .apis import BannedPersonViewSet, WorkerViewSet

router = SimpleRouter()
router.register("banned-persons", BannedPersonViewSet, basename="banned-person")
router.register("staff-register", WorkerViewSet, basename="staff-register")

urlpatterns = router.urls
