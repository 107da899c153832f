"""/api/v1/stats/ (included by tuoyu_portal.urls)."""
from django.urls import path

from .apis import RegionFiguresChildrenView, RegionFiguresView

urlpatterns = [
    path("stats/", RegionFiguresView.as_view(), name="stats-figures"),
    path("stats/children/", RegionFiguresChildrenView.as_view(), name="stats-children"),
]
