from rest_framework.routers import SimpleRouter

from .apis import InstitutionViewSet
from .claim_apis import ClaimViewSet

router = SimpleRouter()
router.register("institutions", InstitutionViewSet, basename="institution")
router.register("claims", ClaimViewSet, basename="claim")

urlpatterns = router.urls
