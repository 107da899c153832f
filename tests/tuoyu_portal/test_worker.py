"""Celery wiring: the health-check task, eagerly here and through a real worker on CI."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from regions.models import Region
from tuoyu_portal.tasks import healthcheck


@pytest.mark.django_db
def test_healthcheck_runs_eagerly_in_tests_and_counts_regions(regions):
    answer = healthcheck.delay().get(timeout=5)
    assert answer["regions"] == Region.objects.count() == len(regions)


@pytest.mark.django_db
def test_check_worker_prints_the_answer(regions):
    out = StringIO()
    call_command("check_worker", stdout=out)
    assert f"regions: {len(regions)}" in out.getvalue()
    assert "Worker OK" in out.getvalue()


@pytest.mark.django_db
def test_check_worker_fails_when_the_health_check_fails(monkeypatch):
    def broken():
        raise RuntimeError("database down")

    monkeypatch.setattr(healthcheck, "run", broken)
    with pytest.raises(CommandError, match="database down"):
        call_command("check_worker", stdout=StringIO())


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_real_worker_reads_the_committed_rows_of_the_postgresql_test_database(celery_worker, regions):
    answer = healthcheck.delay().get(timeout=30)
    assert answer["database_vendor"] == "postgresql"
    assert answer["database_name"].startswith("test_")
    assert answer["regions"] == Region.objects.count() == len(regions)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_check_worker_through_the_broker(celery_worker, regions):
    out = StringIO()
    call_command("check_worker", "--timeout", "30", stdout=out)
    assert "database_vendor: postgresql" in out.getvalue()
    assert "eagerly" not in out.getvalue()
