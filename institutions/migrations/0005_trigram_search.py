"""Trigram (pg_trgm) GIN indexes for the lists' "contains" searches on PostgreSQL (issue 12, point 14).

Django's icontains is `UPPER(col::text) LIKE UPPER('%term%')`, so the indexes are on UPPER(col): a search of
three characters or more reads the matching rows from the index instead of scanning 126,000 names. Nothing on
SQLite. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
"""
from django.db import migrations

from core.migration_ops import PostgresOnlySQL, trigram_indexes


class Migration(migrations.Migration):

    dependencies = [
        ("institutions", "0004_list_order_index"),
    ]

    operations = [
        PostgresOnlySQL("CREATE EXTENSION IF NOT EXISTS pg_trgm", reverse_sql=migrations.RunSQL.noop),
        *trigram_indexes("institutions_institution", {
            "institution_name_trgm": "name",
            "institution_credit_code_trgm": "credit_code",
            "institution_filing_number_trgm": "filing_number",
        }),
    ]
