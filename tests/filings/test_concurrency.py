"""Concurrent decisions on PostgreSQL: filing numbers stay gap-free and a filing is decided once."""
import datetime
import threading

import pytest
from django.db import connection

from filings import services
from filings.models import Filing, FilingStatus

from .helpers import submitted_filing

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def run_at_once(functions):
    """Run the functions in threads released together; return their results or exceptions."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def worker(index, function):
        from django.db import connections
        try:
            barrier.wait()
            results[index] = function()
        except Exception as error:  # noqa: BLE001 (the test inspects it)
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_twenty_concurrent_approvals_get_twenty_consecutive_numbers(users, regions):
    assert connection.vendor == "postgresql"
    filings = [submitted_filing(users["operator_a"]) for _ in range(20)]
    day = datetime.date(2026, 4, 1)
    results = run_at_once([
        (lambda f=f: services.filing_approve(filing=f, by=users["reviewer_a"], on=day)) for f in filings])
    assert not [r for r in results if isinstance(r, Exception)], results
    numbers = sorted(Filing.objects.values_list("filing_number", flat=True))
    assert numbers == [f"130102-2026-{n:05d}" for n in range(1, 21)]


def test_two_reviewers_deciding_at_once_one_wins_the_other_is_told(users, regions):
    filing = submitted_filing(users["operator_a"])
    results = run_at_once([
        lambda: services.filing_approve(filing=filing, by=users["reviewer_a"]),
        lambda: services.filing_reject(filing=filing, by=users["admin_a"], reason="材料不全"),
    ])
    refused = [r for r in results if isinstance(r, services.FilingActionError)]
    succeeded = [r for r in results if isinstance(r, Filing)]
    assert len(refused) == 1 and len(succeeded) == 1, results
    assert "已由" in refused[0].message and "您的操作未执行" in refused[0].message
    filing.refresh_from_db()
    assert filing.status in (FilingStatus.APPROVED, FilingStatus.REJECTED)
    assert filing.events.filter(action__in=["approve", "reject"]).count() == 1


def test_two_filings_of_one_credit_code_approved_at_once_one_wins_the_other_is_told(users, regions):
    """Two counties approve the same unified social credit code at the same moment: one institution, one
    clear refusal, no server error (issue 12: this was an IntegrityError)."""
    from tests.factories import make_credit_code

    code = make_credit_code(424242)
    first = submitted_filing(users["operator_a"], credit_code=code, region="130102")
    second = submitted_filing(users["operator_b"], credit_code=code, region="130104")
    results = run_at_once([
        lambda: services.filing_approve(filing=first, by=users["reviewer_a"]),
        lambda: services.filing_approve(filing=second, by=users["reviewer_b"]),
    ])
    refused = [r for r in results if isinstance(r, services.FilingActionError)]
    succeeded = [r for r in results if isinstance(r, Filing)]
    assert len(refused) == 1 and len(succeeded) == 1, results
    assert code in refused[0].message
    from institutions.models import Institution

    assert Institution.objects.filter(credit_code=code).count() == 1
