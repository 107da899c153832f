"""The watchdog that finishes national runs a dead worker left incomplete (stats.tasks.finish_incomplete_runs)."""
import datetime

import pytest
from django.utils import timezone

from stats import services
from stats.models import NationalRun, PendingRecompute, RegionFigures
from stats.tasks import recompute_all, recompute_country
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def test_a_finished_run_is_complete_and_a_stale_one_names_its_missing_provinces(regions, monkeypatch):
    InstitutionFactory(region=regions["county_a"], capacity=(30, 20))
    recompute_all(2024)  # eager: provinces, then the country
    assert NationalRun.objects.get(year=2024).completed_at is not None
    assert services.national_runs_incomplete() == []

    RegionFigures.objects.update(computed_at=timezone.now() - datetime.timedelta(minutes=30))  # yesterday's figures
    services.national_run_started(year=2024)
    run = NationalRun.objects.get(year=2024)
    assert services.national_runs_incomplete() == []  # not stale yet
    NationalRun.objects.filter(pk=run.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=20))
    services.rollups_compute_province(province="13", year=2024)  # one province done since
    assert services.national_runs_incomplete() == [(2024, ["37"])]
    assert services.national_runs_incomplete() == []  # claimed: one pass retries it
    recompute_country(2024)
    assert NationalRun.objects.get(year=2024).completed_at is not None


def test_a_country_row_from_before_the_request_does_not_complete_it(regions):
    services.national_run_started(year=2024)
    services.national_run_finished(year=2024, started_at=timezone.now() - datetime.timedelta(seconds=5))
    assert NationalRun.objects.get(year=2024).completed_at is None


def test_a_lost_debounced_recompute_is_queued_again(regions, settings, django_capture_on_commit_callbacks):
    settings.STATS_PENDING_STALE_SECONDS = 60
    PendingRecompute.objects.create(region_code="130102", since_year=2024,
                                    requested_at=timezone.now() - datetime.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.pending_recomputes_requeue_stale() == 1
    assert not PendingRecompute.objects.exists()  # the queued run (eager here) claimed and computed it
