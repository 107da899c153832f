"""core.workdays: `between` counts by arithmetic (weeks, the rest, then the holidays and worked weekend days of the
range) and `add` looks its answer up in the range's list of working days; both must give what counting day by day
gives, over any range and across the table's overrides."""
import datetime
import random

import pytest

from core.models import Holiday
from core.workdays import WorkingDays

pytestmark = pytest.mark.django_db

D = datetime.date


def day_by_day(calendar: WorkingDays, start: datetime.date, end: datetime.date) -> int:
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += calendar.is_workday(day)
    return count


def test_between_counts_as_day_by_day_with_holidays_and_worked_weekends():
    for date, workday in ((D(2025, 10, 1), False), (D(2025, 9, 28), True), (D(2026, 1, 1), False),
                          (D(2026, 2, 14), True), (D(2026, 2, 16), False), (D(2026, 2, 17), False)):
        Holiday.objects.create(date=date, is_workday=workday, name="节假日")
    calendar = WorkingDays(D(2025, 1, 1), D(2026, 12, 31))
    rng = random.Random(2978)
    for _ in range(2000):
        start = D(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
        end = start + datetime.timedelta(days=rng.randint(-5, 200))
        assert calendar.between(start, end) == day_by_day(calendar, start, end), (start, end)
    # By hand: Monday 16 Feb and Tuesday 17 Feb 2026 are holidays, Saturday 14 Feb is worked.
    assert calendar.between(D(2026, 2, 13), D(2026, 2, 20)) == 4  # Sat 14 (worked), Wed 18 - Fri 20
    assert calendar.between(D(2026, 2, 20), D(2026, 2, 13)) == 0


def add_day_by_day(calendar: WorkingDays, day: datetime.date, working_days: int) -> datetime.date:
    counted = 0
    while counted < working_days:
        day += datetime.timedelta(days=1)
        counted += calendar.is_workday(day)
    return day


@pytest.mark.parametrize("span", [90, 400, 401])  # listed up to core.workdays.LISTED_DAYS, walked beyond
def test_add_finds_what_walking_day_by_day_finds_inside_and_outside_the_range(span):
    for date, workday in ((D(2026, 1, 1), False), (D(2026, 2, 14), True), (D(2026, 2, 16), False),
                          (D(2026, 2, 17), False), (D(2026, 2, 18), False), (D(2026, 2, 28), True)):
        Holiday.objects.create(date=date, is_workday=workday, name="节假日")
    start = D(2026, 1, 10)
    calendar = WorkingDays(start, start + datetime.timedelta(days=span))
    rng = random.Random(span)
    for _ in range(1500):
        day = start + datetime.timedelta(days=rng.randint(-20, span + 20))  # before, inside, after the range
        working_days = rng.choice([0, 1, 5, 15, rng.randint(-3, 60)])
        assert calendar.add(day, working_days) == add_day_by_day(calendar, day, working_days), (day, working_days)
    # By hand: 5 working days after Friday 13 Feb 2026: Sat 14 (worked), Thu 19, Fri 20, Mon 23, Tue 24.
    assert calendar.add(D(2026, 2, 13), 5) == D(2026, 2, 24)
    assert (calendar._listed is None) == (span > 400)
