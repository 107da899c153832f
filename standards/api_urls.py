"""/api/v1/standards/ (included by tuoyu_portal.urls)."""
from django.urls import path

from .apis import DocumentRequirementsView, StandardsView

urlpatterns = [
    path("standards/", StandardsView.as_view(), name="standards"),
    path("standards/documents/", DocumentRequirementsView.as_view(), name="standards-documents"),
]
