"""/api/v1/standards/ (included by tuoyu_portal.urls)."""
from django.urls import path

from .apis import StandardsView

urlpatterns = [
    path("standards/", StandardsView.as_view(), name="standards"),
]
