"""Finer planner statistics for the name, credit code and filing number searches (core.migration_ops)."""
from django.db import migrations

from core.migration_ops import trigram_statistics


class Migration(migrations.Migration):
    dependencies = [("institutions", "0011_staffmember_id_hash_staffmember_id_masked_and_more")]

    operations = trigram_statistics(
        "institutions_institution",
        ["institution_name_trgm", "institution_credit_code_trgm", "institution_filing_number_trgm"])
