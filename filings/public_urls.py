"""Receipt (备案回执, logged-in, scoped) and the public verification page of a filing number."""
from django.urls import path

app_name = "filing_docs"

urlpatterns: list = []
