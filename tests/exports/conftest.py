"""Fixtures of the export job tests: a low threshold, institutions in two counties, and asking for an export."""
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from exports.models import ExportJob
from tests.factories import InstitutionFactory

# Rows above which the list is exported by a job in these tests (EXPORT_MAX_SYNC_ROWS is 5000 in production).
THRESHOLD = 3


def new_url(fmt: str, **query) -> str:
    url = reverse("exports:new", args=["institutions", fmt])
    return f"{url}?{urlencode(query)}" if query else url


def job_url(job: ExportJob) -> str:
    return reverse("exports:job", args=[job.pk])


def download_url(job: ExportJob) -> str:
    return reverse("exports:download", args=[job.pk])


@pytest.fixture(autouse=True)
def low_threshold(settings):
    settings.EXPORT_MAX_SYNC_ROWS = THRESHOLD


@pytest.fixture
def many(regions, users):
    """Five institutions in county A (one operated by operator_a), two in county B, one in another province."""
    made = {
        "a": [InstitutionFactory(name=f"长安区托育园{n}", region=regions["county_a"], capacity=(10 + n, 5 + n))
              for n in range(5)],
        "b": [InstitutionFactory(name=f"桥西区托育园{n}", region=regions["county_b"], capacity=(20, 10))
              for n in range(2)],
        "other": [InstitutionFactory(name="汶上县托育园", region=regions["other_county"], capacity=(30, 15))],
    }
    made["a"][0].operators.add(users["operator_a"])
    return made


@pytest.fixture
def request_export(login, django_capture_on_commit_callbacks):
    """request_export(user, fmt, **query) posts the confirmation form; the queued task runs eagerly on commit."""
    def _request(user, fmt="xlsx", *, run=True, **query):
        client = login(user)
        with django_capture_on_commit_callbacks(execute=run):
            response = client.post(new_url(fmt, **query))
        return response
    return _request
