"""The acknowledgement deadline is a standard a province may shorten (docs/standards.md): a Hebei complaint is
overdue after 3 working days, a Shandong one after 5, on the list, the API's overdue filter and the deadlines."""
import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.sla import overdue_received_until, sla_for
from standards.services import standard_set

from .conftest import received_on

pytestmark = pytest.mark.django_db


def test_hebei_acknowledges_within_3_working_days(users, make_complaint):
    standard_set(key="complaint.acknowledge_working_days", province_code="13", value=3,
                 valid_from=datetime.date(2026, 1, 1), basis="河北省投诉处理办法", by=users["province_admin"])
    today = timezone.localdate()
    # A day of receipt past a 3-working-day deadline but not past a 5-working-day one.
    day = overdue_received_until(today, 3)
    while day <= overdue_received_until(today, 5):
        day += datetime.timedelta(days=1)
    assert day <= overdue_received_until(today, 3)
    hebei = received_on(make_complaint(), day)
    shandong = received_on(make_complaint(institution="other"), day)
    by_pk = {sla.complaint.pk: sla for sla in sla_for([hebei, shandong], today)}
    assert (by_pk[hebei.pk].acknowledge_days, by_pk[hebei.pk].overdue) == (3, True)
    assert (by_pk[shandong.pk].acknowledge_days, by_pk[shandong.pk].overdue) == (5, False)
    api = APIClient()
    api.force_authenticate(users["national_admin"])
    listed = api.get("/api/v1/complaints/", {"overdue": "true"}).json()["results"]
    assert [row["tracking_number"] for row in listed] == [hebei.tracking_number]
