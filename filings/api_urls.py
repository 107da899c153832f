"""/api/v1/filings/ (included by tuoyu_portal.urls)."""
from rest_framework.routers import SimpleRouter

from .apis import FilingViewSet

router = SimpleRouter()
router.register("filings", FilingViewSet, basename="filing")

urlpatterns = router.urls
