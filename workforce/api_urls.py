"""/api/v1/banned-persons/ (included by tuoyu_portal.urls)."""
from rest_framework.routers import SimpleRouter

from .apis import BannedPersonViewSet

router = SimpleRouter()
router.register("banned-persons", BannedPersonViewSet, basename="banned-person")

urlpatterns = router.urls
