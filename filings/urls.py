from django.urls import path

from . import views

app_name = "filings"

urlpatterns = [
    path("", views.filing_list, name="list"),
    path("new/", views.filing_new, name="new"),
    path("holidays/", views.holiday_list, name="holidays"),
    path("<int:pk>/", views.filing_detail, name="detail"),
    path("<int:pk>/edit/<str:step>/", views.filing_step, name="step"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:doc_id>/", views.document_download, name="document"),
    path("<int:pk>/submit/", views.filing_submit, name="submit"),
    path("<int:pk>/withdraw/", views.filing_withdraw, name="withdraw"),
    path("<int:pk>/decide/", views.filing_decide, name="decide"),
    path("institution/<int:institution_pk>/change/", views.institution_change, name="change"),
    path("institution/<int:institution_pk>/deregister/", views.institution_deregister, name="deregister"),
]
