"""The working-day calendar page: national admins edit it, other staff read it, deadlines follow it."""
import datetime

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from core.models import Holiday
from filings.models import Filing

from .helpers import submitted_filing

pytestmark = pytest.mark.django_db
URL = reverse("filings:holidays")


def test_national_admin_adds_and_deletes_a_holiday(client, users):
    client.force_login(users["national_admin"])
    response = client.post(URL, {"date": "2026-10-01", "name": "国庆节"})
    assert response.status_code == 302
    holiday = Holiday.objects.get()
    assert (holiday.name, holiday.is_workday) == ("国庆节", False)
    client.post(URL, {"date": "2026-10-01", "name": "国庆节（调整）", "is_workday": "on"})
    holiday.refresh_from_db()
    assert holiday.is_workday and Holiday.objects.count() == 1
    client.post(URL, {"delete": holiday.pk})
    assert not Holiday.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="holiday.").count() == 3


def test_bad_date_keeps_the_name_typed(client, users):
    client.force_login(users["national_admin"])
    response = client.post(URL, {"date": "2026-13-01", "name": "国庆节"})
    assert response.status_code == 400 and 'value="国庆节"' in response.content.decode()


@pytest.mark.parametrize("who", ["reviewer_a", "city_admin", "viewer_a"])
def test_other_staff_read_but_cannot_edit(client, users, who):
    Holiday.objects.create(date=datetime.date(2026, 10, 1), name="国庆节")
    client.force_login(users[who])
    page = client.get(URL, {"year": 2026}).content.decode()
    assert "国庆节" in page and 'name="delete"' not in page
    assert client.post(URL, {"date": "2026-10-02", "name": "x"}).status_code == 403


def test_operators_get_403(client, users):
    client.force_login(users["operator_a"])
    assert client.get(URL).status_code == 403


def test_holidays_push_the_queue_deadline(client, users, regions):
    filing = submitted_filing(users["operator_a"])
    # Submitted Friday 2026-09-25: 5 working days are 28, 29, 30 Sept, then 1–7 Oct are holidays
    # (with Sunday 27 Sept and Saturday 10 Oct worked in their place).
    Filing.objects.filter(pk=filing.pk).update(submitted_at=datetime.datetime(2026, 9, 25, 2, 0, tzinfo=datetime.UTC))
    client.force_login(users["national_admin"])
    for day in range(1, 8):
        client.post(URL, {"date": f"2026-10-0{day}", "name": "国庆节"})
    client.post(URL, {"date": "2026-09-27", "name": "国庆调休", "is_workday": "on"})
    client.post(URL, {"date": "2026-10-10", "name": "国庆调休", "is_workday": "on"})
    client.force_login(users["reviewer_a"])
    page = client.get(reverse("filings:detail", args=[filing.pk])).content.decode()
    # 27 Sept (worked Sunday), 28, 29, 30 Sept, then 8 Oct is the 5th working day.
    assert "2026-10-08" in page
