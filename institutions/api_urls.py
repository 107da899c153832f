from rest_framework.routers import SimpleRouter

from .apis import InstitutionViewSet

router = SimpleRouter()
router.register("institutions", InstitutionViewSet, basename="institution")

urlpatterns = router.urls
