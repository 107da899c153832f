"""core.workdays: `between` counts by arithmetic (weeks, the rest, then the holidays and worked weekend days of the
range); it must give what counting day by day gives, over any range and across the table's overrides."""
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
