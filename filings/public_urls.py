"""Receipt (备案回执, logged-in, scoped) and the public verification page of a filing number."""
from django.urls import path

from . import receipt

app_name = "filing_docs"

urlpatterns = [
    path("filings/<int:pk>/receipt/", receipt.filing_receipt, name="receipt"),
    path("verify/", receipt.filing_verify_form, name="verify_form"),
    path("verify/<str:number>/", receipt.filing_verify, name="verify"),
]
