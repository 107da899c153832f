"""Fixtures of the import tests: running the commands and comparing database states."""
import io

import pytest
from django.core.management import call_command

from institutions.models import CapacityRecord, Institution


@pytest.fixture
def run_import():
    """run_import("institutions", path, "--dry-run") -> (stdout, stderr); raises CommandError on refusal."""
    def _run(kind, path, *args):
        out, err = io.StringIO(), io.StringIO()
        call_command(f"import_{kind}", str(path), *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()
    return _run


def institution_state() -> tuple[list, list]:
    """Every imported fact of institutions and capacity records, without ids or timestamps."""
    institutions = sorted(Institution.objects.values_list(
        "credit_code", "name", "region_id", "operating_model", "nature", "inclusive", "pilot_level", "address",
        "phone", "star_rating", "filing_state", "filed_on", "deregistered_on"))
    records = sorted(CapacityRecord.objects.values_list(
        "institution__credit_code", "effective_from", "effective_to", "slots", "enrolled", "source"))
    return institutions, records
