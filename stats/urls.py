"""Pages of the statistics side (/stats/): dashboards, exports and bulletins."""
from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<str:kind>.<str:fmt>", views.export, name="export"),
    path("boundaries/<str:name>.json", views.boundary, name="boundary"),
]
