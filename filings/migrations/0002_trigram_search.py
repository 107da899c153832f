"""Trigram (pg_trgm) GIN indexes for the review queue's search on PostgreSQL (issue 12, point 14); nothing on
SQLite. See institutions/migrations/0005_trigram_search.py."""
from django.db import migrations

from core.migration_ops import trigram_indexes


class Migration(migrations.Migration):

    dependencies = [
        ("filings", "0001_initial"),
        ("institutions", "0005_trigram_search"),  # creates the pg_trgm extension
    ]

    operations = trigram_indexes("filings_filing", {
        "filing_name_trgm": "name",
        "filing_credit_code_trgm": "credit_code",
        "filing_filing_number_trgm": "filing_number",
    })
