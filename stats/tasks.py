"""Celery tasks of stats: they take region codes and years, and are idempotent (a rerun replaces the same rows
with the same figures). A national recompute fans out one task per province as a chord whose callback
sums the country, so several workers share it."""
import datetime

from celery import chord, shared_task
from django.conf import settings
from django.utils import timezone, translation

from . import progress_mail, services


@shared_task(ignore_result=True)
def recompute_region(code: str, year: int) -> None:
    """The region's province (every region in it) and the country, for the year and its quarters."""
    services.rollups_compute_year(year=year, region_code=code)


@shared_task(ignore_result=True, autoretry_for=(Exception,), max_retries=5, retry_backoff=10, retry_jitter=True)
def recompute_region_debounced(code: str) -> None:
    """Queued by stats.services.rollups_schedule after a change, a few seconds later (STATS_RECOMPUTE_DELAY).
    A failure puts the claim back (rollups_run_pending) and the task retries with a growing delay, 5 times."""
    services.rollups_run_pending(region_code=code)


@shared_task
def recompute_province(code: str, year: int) -> int:
    """A member of the fan-out (its result only tells the chord it finished): rows written."""
    return services.rollups_compute_province(province=code, year=year).rows


@shared_task(ignore_result=True)
def recompute_country(year: int) -> None:
    started_at = timezone.now()
    services.rollups_compute_country(year=year)
    services.national_run_finished(year=year, started_at=started_at)


def _fan_out(year: int, provinces: list[str]) -> None:
    header = [recompute_province.si(code, year) for code in provinces]
    if header:
        chord(header)(recompute_country.si(year))
    else:
        recompute_country.delay(year)


@shared_task(ignore_result=True)
def recompute_all(year: int) -> None:
    """Every region for the year: one task per province, then the country once they have all finished. The run
    is recorded (stats.models.NationalRun) so that the watchdog can finish it if a worker dies under it."""
    services.national_run_started(year=year)
    _fan_out(year, services.province_codes())


@shared_task(name="stats.tasks.finish_incomplete_runs", ignore_result=True)
def finish_incomplete_runs() -> int:
    """Run by celery beat every 5 minutes: a national run left incomplete (a killed worker's unacknowledged
    province, a chord that never closed) gets its missing provinces and its country row queued again, and
    debounced recomputes whose message was lost are queued again. Returns how many runs were resumed."""
    incomplete = services.national_runs_incomplete()
    for year, provinces in incomplete:
        _fan_out(year, provinces)
    services.pending_recomputes_requeue_stale()
    return len(incomplete)


@shared_task(name="stats.tasks.recompute_nightly", ignore_result=True)
def recompute_nightly() -> None:
    """Run by celery beat at 02:00 (settings.CELERY_BEAT_SCHEDULE): this year and the previous one."""
    services.pending_recomputes_clear_stale()
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        recompute_all.delay(year)


@shared_task(name="stats.tasks.send_daily_progress", ignore_result=True)
def send_daily_progress(day: str | None = None) -> int:
    """Run by celery beat at 07:30 (settings.CELERY_BEAT_SCHEDULE): each subscribed admin gets the progress of
    the day before in their own scope. `day` (ISO date of the day reported) for re-runs and tests; a second
    run for the same day mails nobody twice (stats/progress_mail.py)."""
    reported = datetime.date.fromisoformat(day) if day else timezone.localdate() - datetime.timedelta(days=1)
    with translation.override(settings.LANGUAGE_CODE):
        return progress_mail.progress_mail_send_all(day=reported)
