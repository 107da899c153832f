from django.urls import path

from . import claim_views, views

app_name = "institutions"

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/<int:pk>/", views.public_detail, name="public_detail"),
    path("institutions/", views.staff_list, name="staff_list"),
    path("institutions/export.<str:fmt>", views.staff_export, name="staff_export"),
    path("institutions/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("institutions/<int:pk>/star-rating/", views.star_rating, name="star_rating"),
    path("institutions/<int:pk>/operators/", claim_views.operators_page, name="operators"),
    path("institutions/claim/", claim_views.claim_page, name="claim"),
    path("institutions/claims/", claim_views.claim_list, name="claim_list"),
    path("institutions/claims/<int:pk>/", claim_views.claim_detail, name="claim_detail"),
    path("institutions/claims/<int:pk>/document/", claim_views.claim_document, name="claim_document"),
]
