"""Pages of the statistics side (/stats/): dashboards, exports and bulletins."""
from django.urls import path

from . import bulletin_views, progress_views, views

app_name = "stats"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<str:kind>.<str:fmt>", views.export, name="export"),
    path("boundaries/<str:name>.json", views.boundary, name="boundary"),
    path("bulletin/", bulletin_views.bulletin, name="bulletin"),
    path("progress-mail/", progress_views.progress_mail, name="progress_mail"),
]
