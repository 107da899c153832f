"""Writes of the stats app: computing and replacing the stored rollups, and queueing recomputes after changes.

A run computes a scope completely, then replaces that scope's rows for the periods in one transaction,
so readers see the previous figures until the new ones are all written. Scopes are provinces (with every
region below them) and the country row; a run locks the provinces it replaces in code order and the
country last (RollupLock rows, SELECT ... FOR UPDATE on PostgreSQL), so concurrent runs queue behind each
other and always compute from committed data. See docs/statistics.md.
"""
import contextlib
import csv
import dataclasses
import datetime
import gc
import io
import json
import logging
import operator
import time

from django.conf import settings
from django.db import connections, models, router, transaction
from django.db.models import Q, Value
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core import outbox
from core.dates import EARLIEST_DATE
from institutions.models import Institution
from regions.models import Region, RegionLevel

from .figures import RANKS
from .models import COUNTRY_CODE, YEAR_QUARTER, NationalRun, PendingRecompute, RegionFigures, RollupLock
from .periods import Period, PeriodError, period, periods_of_year
from .rollup import compute_country, compute_subtree

logger = logging.getLogger(__name__)

MSG_UNKNOWN_REGION = gettext_lazy("区划代码 {code} 不存在")
WRITE_BATCH = 1000
RANK_NAMES = [rank.name for rank in RANKS]
COPY_CHUNK = 500  # rows per piece of a streamed COPY


class RollupError(ValueError):
    """A computation that cannot run (unknown region, period not started); the message is bilingual."""


@dataclasses.dataclass
class RollupRun:
    year: int
    quarters: list[int]
    scope: str  # "全国" or the province codes replaced
    rows: int = 0
    regions: int = 0
    seconds: float = 0.0

    def describe(self) -> str:
        quarters = "、".join("全年" if q == 0 else f"Q{q}" for q in self.quarters)
        return (f"{self.year} [{quarters}] {self.scope}: {self.regions} regions, {self.rows} rows written "
                f"in {self.seconds:.2f} s")


# --- computing --------------------------------------------------------------------------------------

def rollups_compute(*, year: int, quarter: int = 0, region_code: str | None = None) -> RollupRun:
    """Compute one period (quarter 0 = the year) for every region, or for `region_code`'s province and
    the country (the region, its ancestors and their siblings' ranks are all in there)."""
    try:
        periods = [period(year, quarter, today=timezone.localdate())]
    except PeriodError as exc:
        raise RollupError(str(exc)) from exc
    return _refresh(periods=periods, region_code=region_code)


MSG_YEAR_BEFORE_PROGRAMME = (gettext_lazy("{year} 年早于托育备案制度（{first} 年起），没有可统计的数据"))


def _year_periods(year: int) -> list[Period]:
    if year < EARLIEST_DATE.year:
        raise RollupError(MSG_YEAR_BEFORE_PROGRAMME.format(year=year, first=EARLIEST_DATE.year))
    try:
        return periods_of_year(year, today=timezone.localdate())
    except PeriodError as exc:
        raise RollupError(str(exc)) from exc


def rollups_compute_year(*, year: int, region_code: str | None = None) -> RollupRun:
    """Compute the year and each of its quarters that has started (one pass over the data)."""
    return _refresh(periods=_year_periods(year), region_code=region_code)


def rollups_compute_province(*, province: str, year: int) -> RollupRun:
    """One member of a national fan-out: the province's rows only (the country row follows after all)."""
    return _refresh(periods=_year_periods(year), region_code=province, country=False)


def rollups_compute_country(*, year: int) -> RollupRun:
    """After a fan-out: the country row and the provinces' ranks (recomputing a province found stale)."""
    return _refresh(periods=_year_periods(year), region_code=COUNTRY_CODE)


def rollups_years() -> range:
    """Every year from the first filing to this one (what a complete computation covers)."""
    this_year = timezone.localdate().year
    first = Institution.objects.filter(filed_on__isnull=False).order_by("filed_on").values_list(
        "filed_on", flat=True).first()
    # No year before the programme's first possible filing (core.dates), whatever a legacy row says.
    start = max(min(first.year, this_year) if first else this_year, EARLIEST_DATE.year)
    return range(start, this_year + 1)


def province_codes() -> list[str]:
    return list(Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code").values_list("code", flat=True))


@contextlib.contextmanager
def _gc_paused():
    """A national run holds ~100,000 row dicts and their vectors until they are written: the cyclic garbage
    collector would walk them again and again (a third of the computation's time) and free nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Tables a rollup reads; ANALYZEd first when many rows changed since PostgreSQL last sampled them (a recompute
# right after a large import planned on empty statistics took 37 s instead of 0.3 s).
ANALYZE_MIN_CHANGES = 1000
ANALYZE_SHARE = 0.1


def _analyze_if_stale() -> list[str]:
    connection = connections[router.db_for_write(RegionFigures)]
    if connection.vendor != "postgresql":
        return []
    from institutions.models import CapacityRecord, StaffMember

    tables = [model._meta.db_table for model in (Institution, CapacityRecord, StaffMember)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) "
            "AND n_mod_since_analyze > GREATEST(%s, n_live_tup * %s)",
            [tables, ANALYZE_MIN_CHANGES, ANALYZE_SHARE])
        stale = [row[0] for row in cursor.fetchall()]
        for table in stale:
            cursor.execute(f'ANALYZE "{table}"')
    return stale


def _refresh(*, periods: list[Period], region_code: str | None, country: bool = True) -> RollupRun:
    analyzed = _analyze_if_stale()
    if analyzed:
        logger.info("stats: analyzed %s before the rollup (many rows changed since the last sampling)", analyzed)
    with _gc_paused():
        return _refresh_periods(periods=periods, region_code=region_code, country=country)


def _refresh_periods(*, periods: list[Period], region_code: str | None, country: bool) -> RollupRun:
    started = time.monotonic()
    year = periods[0].year
    all_provinces = province_codes()
    if region_code is None:
        run = _refresh_all(periods, all_provinces)
    else:
        provinces = set()
        if region_code != COUNTRY_CODE:
            if not Region.objects.filter(code=region_code).exists():
                raise RollupError(MSG_UNKNOWN_REGION.format(code=region_code))
            provinces.add(region_code[:2])
        if country:
            # The country row is summed from the stored province rows: any missing or describing another
            # date (a run from before midnight in the current year) is recomputed first.
            provinces |= _stale_provinces(periods, all_provinces)
        if country and provinces >= set(all_provinces):
            run = _refresh_all(periods, all_provinces)
        else:
            run = _refresh_provinces(periods, sorted(provinces), country=country)
    run.year, run.quarters = year, [p.quarter for p in periods]
    run.seconds = time.monotonic() - started
    logger.info("stats rollup %s", run.describe())
    return run


def _stale_provinces(periods: list[Period], provinces: list[str]) -> set[str]:
    wanted = {(p.quarter, p.as_of) for p in periods}
    fresh: dict[str, int] = {}
    stored = RegionFigures.objects.filter(_PROVINCE_ROWS, year=periods[0].year,
                                          quarter__in=[p.quarter for p in periods])
    for code, quarter, as_of in stored.values_list("region_code", "quarter", "as_of"):
        if (quarter, as_of) in wanted:
            fresh[code] = fresh.get(code, 0) + 1
    return {code for code in provinces if fresh.get(code, 0) < len(periods)}


# Province rows: their parent is the country, which also lets the (year, quarter, parent_code) index find
# them among the ~20,000 rows of each period instead of reading them all.
_PROVINCE_ROWS = Q(parent_code=COUNTRY_CODE, level=RegionLevel.PROVINCE)


def _scope_rows(root: str) -> Q:
    """The stored rows of `root`'s scope: its code and the codes below it.

    Codes are digits (GB/T 2260), so they lie between the root's code and the root's code padded with nines
    to the longest code: that range lets the (region_code, year, quarter) index find them, which the prefix
    (LIKE '13%') alone cannot do outside the C collation; the prefix keeps the rule exact.
    """
    longest = RegionFigures._meta.get_field("region_code").max_length
    return Q(region_code__gte=root, region_code__lte=root.ljust(longest, "9"), region_code__startswith=root)


def _ensure_lock_rows(scopes: list[str], year: int) -> None:
    RollupLock.objects.bulk_create([RollupLock(scope=scope, year=year) for scope in scopes], ignore_conflicts=True)


@contextlib.contextmanager
def _jit_off():
    """Within the run's transaction, no JIT compilation on PostgreSQL.

    The planner's costs of the rollup's queries pass jit_above_cost, and compiling them took 0.2-0.5 s, more
    than it saved (a province's recompute: 1.0 s with JIT, 0.8 s without). SET LOCAL needs no connection
    option (which poolers such as PgBouncer may refuse); the previous value is set back at the end, so a run
    inside a caller's transaction leaves it as it was (on an error, the rollback of the run's savepoint or
    transaction undoes the SET anyway).
    """
    connection = connections[router.db_for_write(RegionFigures)]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit')")
        previous = cursor.fetchone()[0]
        cursor.execute("SET LOCAL jit = off")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('jit', %s, true)", [previous])


def _lock(scopes: list[str], year: int) -> None:
    """Lock the scopes' rows: provinces in code order, the country last (the same order in every run)."""
    provinces = sorted(scope for scope in scopes if scope != COUNTRY_CODE)
    list(RollupLock.objects.select_for_update().filter(year=year, scope__in=provinces).order_by("scope"))
    if COUNTRY_CODE in scopes:
        list(RollupLock.objects.select_for_update().filter(year=year, scope=COUNTRY_CODE))


def _refresh_all(periods: list[Period], provinces: list[str]) -> RollupRun:
    year = periods[0].year
    _ensure_lock_rows([*provinces, COUNTRY_CODE], year)
    with transaction.atomic(), _jit_off():
        _lock([*provinces, COUNTRY_CODE], year)
        rows = compute_subtree(COUNTRY_CODE, periods)
        _replace(COUNTRY_CODE, periods, rows)
    return RollupRun(year=year, quarters=[], scope="全国", rows=len(rows),
                     regions=len({row["region_code"] for row in rows}))


def _refresh_provinces(periods: list[Period], provinces: list[str], *, country: bool) -> RollupRun:
    year = periods[0].year
    scopes = [*provinces, COUNTRY_CODE] if country else provinces
    _ensure_lock_rows(scopes, year)
    written, regions = 0, set()
    with transaction.atomic(), _jit_off():
        _lock(scopes, year)
        for province in provinces:
            rows = compute_subtree(province, periods)
            _replace(province, periods, rows)
            written += len(rows)
            regions |= {row["region_code"] for row in rows}
        if country:
            rows = _replace_country(periods)
            written += len(rows)
            regions.add(COUNTRY_CODE)
    scope = "、".join(provinces) + (" + 全国" if country else "")
    return RollupRun(year=year, quarters=[], scope=scope.strip(" +") or "全国", rows=written, regions=len(regions))


def _replace(root: str, periods: list[Period], rows: list[dict]) -> None:
    """Replace the stored rows of `root`'s scope for the periods (the caller holds the transaction and locks).

    The root province keeps its rank among the provinces until the country step sets it again.
    """
    stored = RegionFigures.objects.filter(year=periods[0].year, quarter__in=[p.quarter for p in periods])
    if root:
        stored = stored.filter(_scope_rows(root))
        kept = {values["quarter"]: values for values in stored.filter(region_code=root).values("quarter", *RANK_NAMES)}
        for row in rows:
            if row["region_code"] == root and row["quarter"] in kept:
                row.update({name: kept[row["quarter"]][name] for name in RANK_NAMES})
    stored.delete()
    _insert(rows)


def _insert(rows: list[dict]) -> None:
    """Write the field dicts: COPY on PostgreSQL, multi-row INSERT statements elsewhere.

    The same rows as bulk_create() would write, without building a model instance and preparing every value
    through its field (a national run writes tens of thousands of rows: that took most of its time). Only
    values that need it are prepared by their field (dates, times, JSON); the rest are ints, strings and
    Decimals that both drivers take as they are.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(RegionFigures)]
    fields = [field for field in RegionFigures._meta.concrete_fields if not field.primary_key]
    table = connection.ops.quote_name(RegionFigures._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    if connection.vendor == "postgresql" and _copy(connection, table, columns, fields, rows):
        return
    prepare = [(field.attname, field.get_db_prep_save if isinstance(
        field, models.DateField | models.JSONField) else None) for field in fields]
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    batch = max(1, min(WRITE_BATCH, connection.ops.bulk_batch_size(fields, rows)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            params = [prep(row[name], connection) if prep else row[name] for row in chunk for name, prep in prepare]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholders] * len(chunk))}", params)


def _copy_writable(field) -> bool:
    """Whether csv.writer writes the field's values as the field itself would (str() of ints, Decimals, dates,
    aware datetimes and booleans, which PostgreSQL reads back; JSON through _copy_json)."""
    if isinstance(field, models.JSONField):
        return field.encoder is None  # json.dumps() without the encoder would not write what the field writes
    return isinstance(field, models.DateField | models.BooleanField | models.IntegerField | models.DecimalField
                      | models.CharField | models.TextField)


_NULL = "\\N"


def _json_dumps():
    """json.dumps() without its per-call set-up: the C encoder made once (the rollups' JSON values are plain
    dicts, lists and numbers, so the check for circular references is left out); json.dumps where Python
    has no C encoder."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return json.dumps
    encode = make(None, json.JSONEncoder().default, json.encoder.encode_basestring_ascii, None, ": ", ", ",
                  False, False, True)
    return lambda value: "".join(encode(value, 0))


_dumps = _json_dumps()


def _copy_json(value) -> str:
    """What JSONField writes (json.dumps; jsonb stores it the same whatever the spacing)."""
    if value is None:
        return _NULL
    return "{}" if not value and isinstance(value, dict) else _dumps(value)


def _copy(connection, table: str, columns: str, fields: list, rows: list[dict]) -> bool:
    """COPY the rows in CSV format (several times faster than INSERT for a national run's ~100,000 rows).

    csv.writer does the quoting in C; NULL is written as an unquoted \\N (so that '' stays an empty string).
    A text value that is itself \\N would read as NULL: such rows (and a driver without COPY, or a field csv
    cannot write) return False, and the caller falls back to INSERT.
    """
    if not all(_copy_writable(field) for field in fields):
        return False
    texts = [field.attname for field in fields if isinstance(field, models.CharField | models.TextField)]
    if any(row[name] == _NULL for row in rows for name in texts):
        return False
    statement = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, DELIMITER E'\\t', NULL '\\N')"
    values_of = operator.itemgetter(*[field.attname for field in fields])
    json_at = [i for i, field in enumerate(fields) if isinstance(field, models.JSONField)]
    nullable_at = [i for i, field in enumerate(fields) if field.null and i not in json_at]
    # A run's rows share a few dates and one computed_at: each is turned into text once, not once a row.
    dates_at = [i for i, field in enumerate(fields) if isinstance(field, models.DateField) and i not in nullable_at]
    date_texts: dict = {}

    def chunks():
        """The CSV text, COPY_CHUNK rows at a time, made as the server asks for more."""
        for start in range(0, len(rows), COPY_CHUNK):
            buffer = io.StringIO()
            # \r\n ends the lines so that csv.writer quotes a lone \r too (it quotes what the terminator holds).
            writer = csv.writer(buffer, delimiter="\t", lineterminator="\r\n")
            for row in rows[start:start + COPY_CHUNK]:
                values = list(values_of(row))
                for i in json_at:
                    values[i] = _copy_json(values[i])
                for i in nullable_at:
                    if values[i] is None:
                        values[i] = _NULL
                for i in dates_at:
                    text = date_texts.get(values[i])
                    if text is None:
                        text = date_texts[values[i]] = str(values[i])
                    values[i] = text
                writer.writerow(values)
            yield buffer.getvalue()

    with connection.cursor() as cursor:
        raw = cursor.cursor
        if hasattr(raw, "copy_expert"):  # psycopg2
            raw.copy_expert(statement, _ChunkReader(chunks()))
        elif hasattr(raw, "copy"):  # psycopg 3
            with raw.copy(statement) as copy:
                for chunk in chunks():
                    copy.write(chunk)
        else:
            return False
    return True


class _ChunkReader:
    """A file-like view of text chunks for psycopg2's copy_expert(), which calls read(size) until "".

    The server parses and stores the rows received while the next chunk is being made: one COPY streams
    the whole run, so that the Python and the PostgreSQL halves of the work overlap (on two CPUs, the write
    takes about as long as the longer half instead of the sum of both).
    """

    def __init__(self, chunks):
        self._chunks = chunks
        self._current = io.StringIO()

    def read(self, size: int = -1) -> str:
        data = self._current.read(size)
        while not data:
            chunk = next(self._chunks, None)
            if chunk is None:
                return ""
            self._current = io.StringIO(chunk)
            data = self._current.read(size)
        return data


def _replace_country(periods: list[Period]) -> list[dict]:
    quarters = [p.quarter for p in periods]
    provinces = list(RegionFigures.objects.filter(_PROVINCE_ROWS, year=periods[0].year,
                                                  quarter__in=quarters))
    rows, ranks = compute_country(periods, provinces)
    RegionFigures.objects.filter(region_code=COUNTRY_CODE, year=periods[0].year, quarter__in=quarters).delete()
    _insert(rows)
    changed = []
    for row in provinces:
        new = ranks[(row.region_code, row.quarter)]
        if any(getattr(row, name) != value for name, value in new.items()):
            for name, value in new.items():
                setattr(row, name, value)
            changed.append(row)
    RegionFigures.objects.bulk_update(changed, RANK_NAMES, batch_size=WRITE_BATCH)
    return rows


# --- freshness: debounced recomputes after changes ---------------------------------------------------

# The key of a pending recompute of every region (a change that spans many provinces, e.g. a national import).
ALL_REGIONS = "*"


def pending_key(region_code: str) -> str:
    """What a change of `region_code` recomputes: its province (whose run also sums the country), or every region
    for a change of the whole country. Keying by province coalesces a file over 190 counties into one run."""
    return ALL_REGIONS if region_code in ("", ALL_REGIONS) else region_code[:2]


def rollups_schedule_after_change(sender=None, *, region_code: str, since_year: int, **kwargs) -> None:
    """Receiver of institutions.changes.figures_changed (connected in StatsConfig.ready)."""
    rollups_schedule(region_code=pending_key(region_code), since_year=since_year)


def rollups_schedule(*, region_code: str, since_year: int) -> bool:
    """Queue one recompute of `region_code` (and its ancestors) from `since_year`, unless one is queued.

    The PendingRecompute row is the debounce: while it exists, further changes only lower its
    since_year. The task deletes it before computing, so a change committed after that queues a new
    run. Returns True when a task was queued.
    """
    from .tasks import recompute_region_debounced  # tasks import this module

    now = timezone.now()
    stale_before = now - datetime.timedelta(seconds=settings.STATS_PENDING_STALE_SECONDS)
    for _attempt in range(3):
        pending, created = PendingRecompute.objects.get_or_create(
            region_code=region_code, defaults={"since_year": since_year, "requested_at": now})
        if created:
            break
        lowered = PendingRecompute.objects.filter(pk=pending.pk).update(
            since_year=Least("since_year", Value(since_year)))
        if not lowered:
            continue  # the queued run claimed it meanwhile: queue a new one
        if pending.requested_at >= stale_before:
            return False  # the queued run has not started: it will see this change
        # Queued long ago and never run (a worker or the broker lost it): queue another.
        if not PendingRecompute.objects.filter(pk=pending.pk, requested_at=pending.requested_at).update(
                requested_at=now):
            return False
        break
    else:
        return False
    # Through the outbox: with the broker down the request is kept and sent once it is back.
    outbox.enqueue(recompute_region_debounced, region_code, countdown=settings.STATS_RECOMPUTE_DELAY)
    return True


def rollups_run_pending(*, region_code: str) -> list[RollupRun]:
    """The debounced task: claim the pending row, then recompute each year from its since_year to now."""
    with transaction.atomic():
        pending = PendingRecompute.objects.select_for_update().filter(region_code=region_code).first()
        if pending is None:
            return []  # another run claimed it (or the nightly run cleared it)
        since_year = pending.since_year
        pending.delete()
    this_year = timezone.localdate().year
    runs = []
    for year in range(max(min(since_year, this_year), EARLIEST_DATE.year), this_year + 1):
        try:
            runs.append(rollups_compute_year(year=year, region_code=None if region_code == ALL_REGIONS
                                             else region_code))
        except RollupError:
            logger.warning("stats: cannot recompute %s for %s", region_code, year, exc_info=True)
        except Exception:
            # A database error or a worker stopping mid-run: put the claim back from the failed year, so
            # that the task's retry (or the next change) computes it, instead of losing it until 02:00.
            _pending_restore(region_code=region_code, since_year=year)
            raise
    return runs


def _pending_restore(*, region_code: str, since_year: int) -> None:
    pending, created = PendingRecompute.objects.get_or_create(
        region_code=region_code, defaults={"since_year": since_year, "requested_at": timezone.now()})
    if not created:
        PendingRecompute.objects.filter(pk=pending.pk).update(since_year=Least("since_year", Value(since_year)))


def pending_recomputes_clear_stale() -> int:
    """Drop pending rows whose task was lost (the nightly run recomputes everything anyway)."""
    stale_before = timezone.now() - datetime.timedelta(seconds=settings.STATS_PENDING_STALE_SECONDS)
    deleted, _ = PendingRecompute.objects.filter(requested_at__lt=stale_before).delete()
    return deleted


def national_run_started(*, year: int) -> None:
    """A national recompute of `year` was asked for: it is incomplete until its country row is written."""
    NationalRun.objects.update_or_create(year=year, defaults={
        "requested_at": timezone.now(), "retried_at": None, "completed_at": None})


def national_run_finished(*, year: int, started_at: datetime.datetime) -> None:
    """The country row was written by a task that started at `started_at`: runs asked for before it are done."""
    NationalRun.objects.filter(year=year, completed_at__isnull=True, requested_at__lte=started_at).update(
        completed_at=timezone.now())


def national_runs_incomplete() -> list[tuple[int, list[str]]]:
    """Runs not finished STATS_RUN_STALE_SECONDS after they were asked for (or last retried), each with the
    provinces whose year row has not been computed since: what a killed worker or a lost message left undone.
    Claims each run for another STATS_RUN_STALE_SECONDS so that one watchdog pass retries it."""
    now = timezone.now()
    stale_before = now - datetime.timedelta(seconds=settings.STATS_RUN_STALE_SECONDS)
    found = []
    for run in NationalRun.objects.filter(completed_at__isnull=True).order_by("year"):
        if (run.retried_at or run.requested_at) >= stale_before:
            continue
        if not NationalRun.objects.filter(pk=run.pk, retried_at=run.retried_at).update(retried_at=now):
            continue  # another watchdog took it
        done = set(RegionFigures.objects.filter(
            year=run.year, quarter=YEAR_QUARTER, level=RegionLevel.PROVINCE, computed_at__gte=run.requested_at,
        ).values_list("region_code", flat=True))
        found.append((run.year, [code for code in province_codes() if code not in done]))
    return found


def pending_recomputes_requeue_stale() -> int:
    """Debounced recomputes queued long ago and never started (their message was lost): queued again."""
    from .tasks import recompute_region_debounced  # tasks import this module

    stale_before = timezone.now() - datetime.timedelta(seconds=settings.STATS_PENDING_STALE_SECONDS)
    requeued = 0
    for pending in PendingRecompute.objects.filter(requested_at__lt=stale_before):
        if PendingRecompute.objects.filter(pk=pending.pk, requested_at=pending.requested_at).update(
                requested_at=timezone.now()):
            outbox.enqueue(recompute_region_debounced, pending.region_code, countdown=settings.STATS_RECOMPUTE_DELAY)
            requeued += 1
    return requeued
