"""The working-day calendar and the rules in force are read once, then cached; every change is seen at once, and
what a transaction reads of its own uncommitted change is never kept (core/tablecache.py)."""
import datetime

import pytest
from django.core.cache import cache
from django.db import transaction

from core.models import Holiday
from core.workdays import HOLIDAYS, WorkingDays
from standards.models import Standard
from standards.selectors import STANDARDS, ByProvince, standards_for

pytestmark = pytest.mark.django_db

NATIONAL_DAY = datetime.date(2026, 10, 1)  # a Thursday
KEY = "filing.accept_working_days"


def test_the_calendar_is_read_once_and_sees_a_new_holiday_at_once(django_assert_num_queries):
    assert WorkingDays.for_day(NATIONAL_DAY).is_workday(NATIONAL_DAY)
    with django_assert_num_queries(0):
        assert WorkingDays.around([NATIONAL_DAY]).is_workday(NATIONAL_DAY)
    Holiday.objects.create(date=NATIONAL_DAY, is_workday=False, name="国庆节")
    assert not WorkingDays.for_day(NATIONAL_DAY).is_workday(NATIONAL_DAY)
    Holiday.objects.filter(date=NATIONAL_DAY).delete()
    assert WorkingDays.for_day(NATIONAL_DAY).is_workday(NATIONAL_DAY)


def test_a_change_by_another_process_is_seen_once_the_local_copy_is_checked(monkeypatch):
    WorkingDays.for_day(NATIONAL_DAY)
    Holiday.objects.bulk_create([Holiday(date=NATIONAL_DAY, is_workday=False, name="国庆节")])  # no signal
    cache.set(HOLIDAYS.version_key, "changed-elsewhere", None)  # what the other process's save did
    assert WorkingDays.for_day(NATIONAL_DAY).is_workday(NATIONAL_DAY)  # this process's copy, checked every 2 s
    monkeypatch.setattr(HOLIDAYS, "local_seconds", 0)
    assert not WorkingDays.for_day(NATIONAL_DAY).is_workday(NATIONAL_DAY)


def test_an_uncommitted_change_is_never_cached():
    WorkingDays.for_day(NATIONAL_DAY)
    with pytest.raises(RuntimeError), transaction.atomic():
        Holiday.objects.create(date=NATIONAL_DAY, is_workday=False, name="国庆节")
        assert not WorkingDays.for_day(NATIONAL_DAY).is_workday(NATIONAL_DAY)  # its own transaction sees it
        raise RuntimeError("rolled back")
    assert WorkingDays.for_day(NATIONAL_DAY).is_workday(NATIONAL_DAY)  # the rollback left nothing behind


def test_the_rules_are_read_once_and_a_new_rule_is_seen_at_once(users, django_assert_num_queries):
    on = datetime.date(2026, 12, 1)
    assert standards_for("13", on)[KEY] == 5 and ByProvince([KEY], on).value(KEY, "130102") == 5
    with django_assert_num_queries(0):
        assert standards_for("13", on)[KEY] == 5 and ByProvince([KEY], on).value(KEY, "130102") == 5
    Standard.objects.create(key=KEY, province_code="13", value=3, valid_from=on, basis="冀卫",
                            created_by=users["province_admin"])
    assert standards_for("13", on)[KEY] == 3 and standards_for("37", on)[KEY] == 5
    assert ByProvince([KEY], on).value(KEY, "130102") == 3 and ByProvince([KEY], on).value(KEY, "370830") == 5
    assert standards_for("13", on - datetime.timedelta(days=1))[KEY] == 5  # not in force the day before
    assert STANDARDS.version()  # one version for the table
