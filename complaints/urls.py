from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.complaint_new, name="new"),
    path("new/done/", views.complaint_submitted, name="submitted"),
    path("track/", views.complaint_track, name="track"),
    path("<int:pk>/", views.complaint_detail, name="detail"),
    path("<int:pk>/act/", views.complaint_act, name="act"),
]
