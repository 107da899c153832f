"""Announce that the figures of a region changed (an approval, a capacity change, a deregistration, an import).

Services call `region_figures_changed` inside their transaction; after the commit the `figures_changed`
signal is sent once per county-level code with the earliest year affected. The stats app (to the right
of institutions, which must not import it) connects a receiver that queues a debounced recompute; without
the stats app nothing listens. See docs/statistics.md, "Freshness".
"""
import datetime
import threading
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Min
from django.dispatch import Signal
from django.utils import timezone

from .models import Institution

# Sent after commit with region_code (a county-level code, or the province/city code of a figure import)
# and since_year (the first year whose figures may differ).
figures_changed = Signal()

_local = threading.local()
IN_BATCH = 900


def _pending() -> dict[str, int]:
    if not hasattr(_local, "pending"):
        _local.pending = {}
    return _local.pending


def _year(since: datetime.date | int | None) -> int:
    if since is None:
        return timezone.localdate().year
    return since if isinstance(since, int) else since.year


def region_figures_changed(region_code: str, *, since: datetime.date | int | None = None) -> None:
    """Figures of `region_code` (and its ancestors) from the year of `since` (default: this year) changed.

    Codes below county level are recorded as their county. Many calls in one transaction give one
    signal per county after it commits; a rolled-back change may give a needless (harmless) recompute.
    """
    if region_code is None:
        return
    code = region_code[:6]
    pending = _pending()
    year = _year(since)
    pending[code] = min(pending.get(code, year), year)
    transaction.on_commit(_send_pending, robust=True)


def institutions_figures_changed(*, ids: Iterable[int]) -> None:
    """region_figures_changed for the counties of these institutions, from their earliest filing year."""
    ids = sorted(set(ids))
    for start in range(0, len(ids), IN_BATCH):
        rows = (Institution.objects.filter(pk__in=ids[start:start + IN_BATCH]).values("region_id")
                .annotate(first=Min("filed_on")).order_by())
        for row in rows:
            region_figures_changed(row["region_id"], since=row["first"])


# A transaction that changed counties in more provinces than this signals one change of the whole country
# (region_code ""): a national import gets one national recompute per year, not one per province.
COUNTRY_WIDE_PROVINCES = 3


def _send_pending() -> None:
    pending = _pending()
    changed = sorted(pending.items())
    pending.clear()
    if len({code[:2] for code, _year in changed}) > COUNTRY_WIDE_PROVINCES:
        changed = [("", min(year for _code, year in changed))]
    # One transaction around all the receivers: what they queue after commit (the recompute) is queued once
    # they have all run, so the 190 counties of one file coalesce into one run of their province even when
    # tasks run in-process (the embedded default), where a task queued between two signals would run at once.
    with transaction.atomic():
        for code, year in changed:
            figures_changed.send(sender=region_figures_changed, region_code=code, since_year=year)
