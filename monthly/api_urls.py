"""/api/v1/monthly-reports/ (included by tuoyu_portal.urls)."""
from rest_framework.routers import SimpleRouter

from .apis import MonthlyReportViewSet

router = SimpleRouter()
router.register("monthly-reports", MonthlyReportViewSet, basename="monthly-report")

urlpatterns = router.urls
