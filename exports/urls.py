from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("", views.export_list, name="list"),
    path("new/<slug:kind>.<str:fmt>", views.export_new, name="new"),
    path("<int:pk>/", views.export_job, name="job"),
    path("<int:pk>/download/", views.export_download, name="download"),
]
