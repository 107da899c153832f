"""Celery wiring: the health-check task, eagerly here and through a real worker on CI."""
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import Holiday
from core.tasks import healthcheck


@pytest.fixture
def holidays(db):
    """Rows the worker must read (committed, in the transactional tests)."""
    return [Holiday.objects.create(date=datetime.date(2026, 10, day), name="国庆节") for day in range(1, 8)]


@pytest.mark.django_db
def test_healthcheck_runs_eagerly_in_tests_and_counts_holidays(holidays):
    answer = healthcheck.delay().get(timeout=5)
    assert answer["holidays"] == Holiday.objects.count() == len(holidays)


@pytest.mark.django_db
def test_check_worker_prints_the_answer(holidays):
    out = StringIO()
    call_command("check_worker", stdout=out)
    assert f"holidays: {len(holidays)}" in out.getvalue()
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
def test_real_worker_reads_the_committed_rows_of_the_postgresql_test_database(celery_worker, holidays):
    answer = healthcheck.delay().get(timeout=30)
    assert answer["database_vendor"] == "postgresql"
    assert answer["database_name"].startswith("test_")
    assert answer["holidays"] == Holiday.objects.count() == len(holidays)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_check_worker_through_the_broker(celery_worker, holidays):
    out = StringIO()
    call_command("check_worker", "--timeout", "30", stdout=out)
    assert "database_vendor: postgresql" in out.getvalue()
    assert "eagerly" not in out.getvalue()
