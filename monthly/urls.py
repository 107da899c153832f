from django.urls import path

from . import views

app_name = "monthly"

urlpatterns = [
    path("", views.home, name="home"),
    path("completeness/", views.completeness, name="completeness"),
    path("<int:pk>/<str:month>/", views.report, name="report"),
]
