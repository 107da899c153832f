"""Fixtures of the complaint tests: a clean rate-limit cache per test, complaints in counties A and B, and
a second inspector in county A (who hears of what the first one does)."""
import datetime
import zoneinfo

import pytest
from django.core.cache import cache

from accounts.models import Role
from complaints import services
from complaints.models import Complaint, ComplaintCategory
from tests.factories import UserFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


def received_on(complaint: Complaint, day: datetime.date) -> Complaint:
    """Move a complaint's receipt to `day` (created_at is set by the database on insert)."""
    Complaint.objects.filter(pk=complaint.pk).update(created_at=at(day))
    complaint.refresh_from_db()
    return complaint


@pytest.fixture(autouse=True)
def clean_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def inspector_a2(users, regions):
    return UserFactory(username="inspector_a2", role=Role.INSPECTOR, region=regions["county_a"])


@pytest.fixture
def make_complaint(institutions, regions):
    def _make(*, institution="a", county=None, category=ComplaintCategory.SAFETY,
              description="楼梯没有护栏，孩子容易摔倒。", contact_name="", contact_phone="", place=""):
        return services.complaint_submit(
            category=category, description=description,
            institution=institutions[institution] if institution else None,
            county=regions[county] if county else None, place=place,
            contact_name=contact_name, contact_phone=contact_phone)
    return _make


@pytest.fixture
def complaint_a(make_complaint):
    return make_complaint(contact_name="李女士", contact_phone="13800001111")


@pytest.fixture
def complaint_b(make_complaint):
    return make_complaint(institution="b", category=ComplaintCategory.FEES, description="乱收费，收取额外的材料费。")
