from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_list, name="list"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("template/<str:kind>.csv", views.csv_template, name="template"),
]
