from django.urls import path

from . import views

app_name = "workforce"

urlpatterns = [
    path("banned/", views.banned_list, name="banned_list"),
    path("institutions/<int:pk>/", views.register, name="register"),
    path("workers/<int:pk>/", views.worker_detail, name="worker"),
    path("qualifications/<int:pk>/scan/", views.qualification_scan, name="scan"),
]
