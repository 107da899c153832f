from django.urls import path

from . import views

app_name = "filings"

urlpatterns = [
    path("", views.filing_list, name="list"),
]
