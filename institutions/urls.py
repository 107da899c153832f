from django.urls import path

from . import views

app_name = "institutions"

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/<int:pk>/", views.public_detail, name="public_detail"),
    path("institutions/", views.staff_list, name="staff_list"),
    path("institutions/export.<str:fmt>", views.staff_export, name="staff_export"),
    path("institutions/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("institutions/<int:pk>/star-rating/", views.star_rating, name="star_rating"),
]
