"""/api/v1/supervision/, /api/v1/fees/, /api/v1/fee-caps/, /api/v1/designations/, /api/v1/subsidy-programmes/,
/api/v1/subsidy-applications/ (included by tuoyu_portal.urls)."""
from rest_framework.routers import SimpleRouter

from .apis import (
    DemonstrationCityViewSet,
    DesignationViewSet,
    FeeCapViewSet,
    FeeViewSet,
    InclusiveRecognitionViewSet,
    SubsidyApplicationViewSet,
    SubsidyProgrammeViewSet,
    SupervisionViewSet,
)

router = SimpleRouter()
router.register("supervision", SupervisionViewSet, basename="supervision")
router.register("fees", FeeViewSet, basename="fee")
router.register("fee-caps", FeeCapViewSet, basename="fee-cap")
router.register("designations", DesignationViewSet, basename="designation")
router.register("subsidy-programmes", SubsidyProgrammeViewSet, basename="subsidy-programme")
router.register("subsidy-applications", SubsidyApplicationViewSet, basename="subsidy-application")
router.register("demonstration-cities", DemonstrationCityViewSet, basename="demonstration-city")
router.register("inclusive-recognitions", InclusiveRecognitionViewSet, basename="inclusive-recognition")

urlpatterns = router.urls
