"""The admin changelist's rows written in one pass (core/templatetags/admin_rows.py, issue 12 point 14) are the
very HTML Django's own `{% result_list %}` writes, for every kind of column it handles (text, choices, a foreign key,
numbers, dates and times, booleans, empty values), and any changelist it does not handle gets Django's rows."""
import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import Holiday
from core.templatetags.admin_rows import _columns
from institutions.models import Institution
from notifications.models import Notification
from regions.models import RegionPopulation
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db

DJANGO = Template("{% load admin_list %}{% result_list cl %}")
FAST = Template("{% load admin_rows %}{% fast_result_list cl %}")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def both(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    cl = response.context["cl"]
    context = {"cl": cl, "opts": cl.opts}
    return DJANGO.render(Context(context)), FAST.render(Context(context)), response.content.decode(), cl


@pytest.mark.parametrize("query", ["", "?o=-3.1", "?filing_state__exact=filed", "?q=托育"])
def test_the_institution_list_is_written_as_django_writes_it(admin_client, regions, query):
    InstitutionFactory(name="长安区<阳光>托育园 & 家", region=regions["county_a"], filing_number="")
    InstitutionFactory(name="桥西区童心托育", region=regions["county_b"], star_rating=4)
    InstitutionFactory(name="汶上县托育", region=regions["other_county"], filing_number="370830-2024-00001")
    django, fast, page, cl = both(admin_client, reverse("admin:institutions_institution_changelist") + query)
    assert _columns(cl) is not None  # written here, not by Django
    assert fast == django and "<tbody>" in fast
    assert fast in page  # the page itself is written with them
    institution = Institution.objects.order_by("pk").first()
    if not query:
        assert f'href="/admin/institutions/institution/{institution.pk}/change/"' in fast
        assert "长安区&lt;阳光&gt;托育园 &amp; 家" in fast and 'class="field-region nowrap"' in fast


def test_dates_times_booleans_and_empty_values_are_written_as_django_writes_them(admin_client, users, regions):
    RegionPopulation.objects.create(region=regions["county_a"], year=2025, population=1234567)
    for day, workday in ((datetime.date(2026, 10, 1), False), (datetime.date(2026, 10, 11), True)):
        Holiday.objects.create(date=day, name="国庆节" if not workday else "调休上班", is_workday=workday)
    Notification.objects.create(recipient=users["admin_a"], kind="filing.submitted",
                                title="提醒 <b>", read_at=timezone.now())
    Notification.objects.create(recipient=users["admin_b"], kind="filing.submitted",
                                title="另一条")
    for url in ("admin:core_holiday_changelist", "admin:notifications_notification_changelist",
                "admin:accounts_user_changelist",
                "admin:regions_regionpopulation_changelist"):
        django, fast, _page, cl = both(admin_client, reverse(url))
        assert _columns(cl) is not None and django.count("<tr>") >= 2, url
        assert fast == django, url


def test_a_changelist_it_does_not_handle_gets_djangos_rows(admin_client, users):
    TOTPDevice.objects.create(user=users["admin_a"], name="authenticator", confirmed=True)
    for url in ("admin:auth_group_changelist",  # list_display: __str__
                "admin:regions_region_changelist",  # its code is the primary key
                "admin:otp_totp_totpdevice_changelist",  # a method of the model admin
                "admin:filings_filing_changelist"):  # the implicit id column
        django, fast, _page, cl = both(admin_client, reverse(url))
        assert _columns(cl) is None and fast == django, url

