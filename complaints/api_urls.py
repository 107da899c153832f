"""/api/v1/complaints/ (included by tuoyu_portal.urls): the staff resource and the two public endpoints."""
from django.urls import path
from rest_framework.routers import SimpleRouter

from .apis import ComplaintViewSet, PublicComplaintCreateView, PublicComplaintTrackView

router = SimpleRouter()
router.register("complaints", ComplaintViewSet, basename="complaint")

urlpatterns = [
    path("complaints/public/", PublicComplaintCreateView.as_view(), name="complaint-public-create"),
    path("complaints/public/track/", PublicComplaintTrackView.as_view(), name="complaint-public-track"),
    *router.urls,
]
