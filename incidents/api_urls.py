"""/api/v1/incidents/ (included by tuoyu_portal.urls)."""
from rest_framework.routers import SimpleRouter

from .apis import IncidentViewSet

router = SimpleRouter()
router.register("incidents", IncidentViewSet, basename="incident")

urlpatterns = router.urls
