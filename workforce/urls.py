from django.urls import path

from . import views

app_name = "workforce"

urlpatterns = [
    path("banned/", views.banned_list, name="banned_list"),
]
