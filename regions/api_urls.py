"""/api/v1/regions/ (included by tuoyu_portal.urls)."""
from rest_framework.routers import SimpleRouter

from .apis import RegionViewSet

router = SimpleRouter()
router.register("regions", RegionViewSet, basename="region")

urlpatterns = router.urls
