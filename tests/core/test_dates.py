"""One rule for plausible dates (core/dates.py) on the pages, the API, imports and the statistics."""
import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.dates import MSG_DATE_RANGE
from filings.models import Filing, FilingStatus
from institutions.models import Institution
from tests.filings.helpers import submitted_filing
from tests.imports.files import institution_rows, institutions_csv

pytestmark = pytest.mark.django_db

RANGE_START = MSG_DATE_RANGE.split("{")[0]


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("on", ["1900-01-01", "0001-01-01", "2018-12-31"])
def test_an_approval_dated_before_the_programme_is_refused_on_the_page(client, users, on):
    filing = submitted_filing(users["operator_a"])
    client.force_login(users["reviewer_a"])
    response = client.post(reverse("filings:decide", args=[filing.pk]), {"action": "approve", "on": on})
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED and not filing.filing_number
    assert response.status_code == 400
    body = response.content.decode()
    assert RANGE_START in body and f'value="{on}"' in body


@pytest.mark.parametrize("on", ["1900-01-01", "0001-01-01"])
def test_an_approval_dated_before_the_programme_is_refused_by_the_api(users, on):
    filing = submitted_filing(users["operator_a"])
    response = api(users["reviewer_a"]).post(f"/api/v1/filings/{filing.pk}/approve/", {"on": on}, format="json")
    assert response.status_code == 400 and RANGE_START in str(response.json()["on"])
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.SUBMITTED


def test_an_approval_dated_in_the_future_is_refused_and_today_works(users):
    filing = submitted_filing(users["operator_a"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    reviewer = api(users["reviewer_a"])
    url = f"/api/v1/filings/{filing.pk}/approve/"
    assert reviewer.post(url, {"on": tomorrow.isoformat()}, format="json").status_code == 400
    approved = reviewer.post(url, {"on": timezone.localdate().isoformat()}, format="json")
    assert approved.status_code == 200
    assert approved.json()["filing_number"].startswith(f"130102-{timezone.localdate().year}-")


def test_an_import_with_a_filing_date_of_year_one_is_refused(regions, tmp_path, capsys):
    rows = institution_rows(3)
    rows[1]["filed_on"] = "0001-01-01"
    rows[2]["deregistered_on"] = "9999-12-31"
    path = institutions_csv(tmp_path / "dates.csv", rows)
    with pytest.raises(CommandError, match="2 bad row"):
        call_command("import_institutions", str(path))
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("row ")]
    assert errors[0].startswith("row 3, column filed_on") and RANGE_START in errors[0]
    assert errors[1].startswith("row 4, column deregistered_on") and RANGE_START in errors[1]
    assert not Institution.objects.exists()


def test_a_rectification_deadline_in_year_9999_is_refused(users, institutions, checklists):
    from tests.inspections.conftest import finished_visit

    visit = finished_visit(institutions["a"], users["inspector_a"], overrides={("安全", 1): "not_met"})
    inspector = api(users["inspector_a"])
    refused = inspector.post("/api/v1/rectifications/", {"visit": visit.pk, "requirements": "清理疏散通道",
                                                         "deadline": "9999-12-31"}, format="json")
    assert refused.status_code == 400 and RANGE_START in str(refused.json()["deadline"])
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert inspector.post("/api/v1/rectifications/", {"visit": visit.pk, "requirements": "x", "deadline": yesterday},
                          format="json").status_code == 400


@pytest.mark.parametrize("valid_until", ["0001-01-01", "2200-01-01"])
def test_a_document_valid_until_an_implausible_date_is_refused(users, valid_until):
    from filings.services import filing_start_new
    from tests.filings.helpers import pdf

    filing = filing_start_new(by=users["operator_a"])
    response = api(users["operator_a"]).post(
        f"/api/v1/filings/{filing.pk}/documents/",
        {"doc_type": "health_evaluation", "file": pdf(), "valid_until": valid_until}, format="multipart")
    assert response.status_code == 400 and RANGE_START in str(response.json()["valid_until"])


@pytest.mark.parametrize("year", ["0", "-1", "99999999999999999999", "abc", "2018"])
def test_the_holiday_page_answers_400_for_a_year_out_of_range(client, users, year):
    client.force_login(users["reviewer_a"])
    response = client.get(reverse("filings:holidays"), {"year": year})
    assert response.status_code == 400 and "年份须为 2019 至" in response.content.decode()


def test_holidays_of_year_one_and_a_bad_delete_are_refused(client, users, regions):
    from tests.factories import UserFactory

    admin = UserFactory(username="national", role="admin", region=None)
    client.force_login(admin)
    response = client.post(reverse("filings:holidays"), {"date": "0001-01-01", "name": "元旦"})
    assert response.status_code == 400 and RANGE_START in response.content.decode()
    assert client.post(reverse("filings:holidays"), {"delete": "abc"}).status_code == 400
    assert client.post(reverse("filings:holidays"), {"delete": "9" * 40}).status_code == 400


def test_rollups_never_go_before_the_programme(regions):
    with pytest.raises(CommandError, match="1900"):
        call_command("compute_rollups", "--year", "1900")
    from stats.services import rollups_years

    assert rollups_years()[0] >= 2019
