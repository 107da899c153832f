"""Finer planner statistics for the review queue's searches (core.migration_ops)."""
from django.db import migrations

from core.migration_ops import trigram_statistics


class Migration(migrations.Migration):
    dependencies = [("filings", "0004_holiday_moved_to_core")]

    operations = trigram_statistics(
        "filings_filing", ["filing_name_trgm", "filing_credit_code_trgm", "filing_filing_number_trgm"])
