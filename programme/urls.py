from django.urls import path

from . import subsidy_views, views

app_name = "programme"

urlpatterns = [
    path("supervision/", views.supervision_list, name="supervision_list"),
    path("supervision/new/", views.supervision_new, name="supervision_new"),
    path("supervision/<int:pk>/", views.supervision_detail, name="supervision_detail"),
    path("fees/<int:pk>/", views.institution_fees, name="institution_fees"),
    path("fee-caps/", views.fee_caps, name="fee_caps"),
    path("inclusive/", views.inclusive_list, name="inclusive_list"),
    path("inclusive/<int:pk>/end/", views.inclusive_end, name="inclusive_end"),
    path("inclusive-list/", views.inclusive_public, name="inclusive_public"),
    path("designations/", views.designation_list, name="designation_list"),
    path("designations/new/", views.designation_new, name="designation_new"),
    path("designations/<int:pk>/", views.designation_detail, name="designation_detail"),
    path("demonstration-cities/", views.demonstration_cities, name="demonstration_cities"),
    path("subsidies/", subsidy_views.subsidy_list, name="subsidy_list"),
    path("subsidies/<int:pk>/", subsidy_views.subsidy_detail, name="subsidy_detail"),
    path("subsidies/applications/<int:pk>/", subsidy_views.subsidy_application, name="subsidy_application"),
]
