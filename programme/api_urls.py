"""/api/v1/supervision/ (included by tuoyu_portal.urls)."""
from rest_framework.routers import SimpleRouter

from .apis import SupervisionViewSet

router = SimpleRouter()
router.register("supervision", SupervisionViewSet, basename="supervision")

urlpatterns = router.urls
