"""Issue 17 points 2 and 3, acceptance.

Banned persons: a province admin adds a person by identity number; an operator who enters that person on a
filing's staff step cannot submit it (pre-check), the county's admins are alerted at once, the check is audited, and
no table holds the number in clear (the raw tables are read).

持证上岗率: a caregiver whose certificate expired yesterday no longer counts today, but did at the end of last year,
and a filing that names a caregiver with an expired certificate is blocked at its pre-checks. By hand (4 staff:
caregiver 1 without expiry, caregiver 2 expired yesterday, caregiver 3 expiring today, a cook without a
certificate): this year (as of today) 2 / 4 = 50.00 %; last year (31 December) 3 / 4 = 75.00 %.
"""
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEvent
from filings import services
from filings.models import Filing
from institutions.models import StaffMember
from notifications.models import Notification
from tests.filings.helpers import answers, complete_filing, identity_number
from workforce.models import BannedPerson

pytestmark = pytest.mark.django_db

BANNED = identity_number(77)


def staff_post(rows: list[dict]) -> dict:
    post = {"staff-TOTAL_FORMS": str(len(rows)), "staff-INITIAL_FORMS": "0", "goto": "staff"}
    for index, row in enumerate(rows):
        post.update({f"staff-{index}-{field}": value for field, value in row.items()})
    return post


def test_a_banned_person_is_refused_alerts_the_county_and_is_never_stored_in_clear(client, users, regions):
    client.force_login(users["province_admin"])
    url = reverse("workforce:banned_list")
    response = client.post(url, {"form": "add", "add-id_number": BANNED[:17] + ("0" if BANNED[17] != "0" else "1"),
                                 "add-reference": "（2025）冀0102刑初88号", "add-reason": "虐待被看护人罪",
                                 "add-decided_on": "2025-06-30"})
    assert response.status_code == 400 and BannedPerson.objects.count() == 0  # a wrong check digit
    response = client.post(url, {"form": "add", "add-id_number": BANNED.lower(), "add-reference": "（2025）冀0102刑初88号",
                                 "add-reason": "虐待被看护人罪", "add-decided_on": "2025-06-30"})
    assert response.status_code == 302 and BannedPerson.objects.count() == 1

    # The operator enters the person on the staff step (the wizard's own POST): saved, refused at the pre-checks.
    filing = complete_filing(users["operator_a"])
    today = timezone.localdate().isoformat()
    rows = [{"name": "王芳", "role": "director", "id_number": identity_number(0), "health_check_on": today},
            *[{"name": f"保育员{i}", "role": "caregiver", "id_number": identity_number(i),
               "qualification_cert_no": f"BY-{i}", "health_check_on": today} for i in range(1, 5)],
            {"name": "李某", "role": "caregiver", "id_number": BANNED, "qualification_cert_no": "BY-9",
             "health_check_on": today}]
    client.force_login(users["operator_a"])
    client.post(reverse("filings:step", args=[filing.pk, "staff"]), staff_post(rows))
    page = client.get(reverse("filings:step", args=[filing.pk, "staff"])).content.decode()
    assert "李某在从业禁止名单中" in page
    response = client.post(reverse("filings:submit", args=[filing.pk]), follow=True)
    filing.refresh_from_db()
    assert filing.status == "draft" and "李某在从业禁止名单中" in response.content.decode()
    [alert] = Notification.objects.filter(kind="workforce.banned_hit")
    assert alert.recipient == users["admin_a"] and filing.name in alert.title
    assert AuditEvent.objects.filter(action="banned.hit", region_code="130102").exists()
    assert AuditEvent.objects.filter(action="banned.add").exists()

    # No identity number in clear anywhere: the raw rows of the filing, the list, staff and the audit log.
    with connection.cursor() as cursor:
        for table in (Filing._meta.db_table, BannedPerson._meta.db_table, StaffMember._meta.db_table,
                      AuditEvent._meta.db_table):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names above)
            text = json.dumps(cursor.fetchall(), default=str)
            for number in (BANNED, identity_number(0), identity_number(1)):
                assert number not in text and number.lower() not in text, table
    # Shown masked (first two and last two characters), as the row's placeholder.
    assert BANNED[:2] + "*" * 14 + BANNED[-2:] in page


def test_the_check_answers_without_revealing_the_list_and_is_audited(users):
    api = APIClient()
    api.force_authenticate(users["province_admin"])
    body = {"id_number": BANNED, "reference": "决定书", "reason": "原因", "decided_on": "2025-01-02"}
    assert api.post("/api/v1/banned-persons/", body, format="json").status_code == 201
    assert api.post("/api/v1/banned-persons/", body, format="json").status_code == 409  # once per province
    [entry] = api.get("/api/v1/banned-persons/").json()["results"]
    assert set(entry) == {"id", "province_code", "hash_prefix", "reference", "reason", "decided_on", "until",
                          "added_at"} and BANNED not in json.dumps(entry)
    api.force_authenticate(users["admin_a"])  # a county admin checks, cannot read or add
    assert api.post("/api/v1/banned-persons/check/", {"id_number": BANNED}, format="json").json() == {"banned": True}
    assert api.post("/api/v1/banned-persons/check/", {"id_number": identity_number(1)},
                    format="json").json() == {"banned": False}
    assert api.get("/api/v1/banned-persons/").status_code == 403
    assert api.post("/api/v1/banned-persons/", body, format="json").status_code == 403
    assert AuditEvent.objects.filter(action="banned.check").count() == 2
    api.force_authenticate(users["operator_a"])
    assert api.post("/api/v1/banned-persons/check/", {"id_number": BANNED}, format="json").status_code == 403


@pytest.fixture
def certified(institutions):
    today = timezone.localdate()
    a = institutions["a"]
    StaffMember.objects.filter(institution=a).delete()
    for name, role, number, expires in (("保育员甲", "caregiver", "BY-1", None),
                                        ("保育员乙", "caregiver", "BY-2", today - datetime.timedelta(days=1)),
                                        ("保育员丙", "caregiver", "BY-3", today),
                                        ("炊事员", "cook", "", None)):
        StaffMember.objects.create(institution=a, name=name, role=role, qualification_cert_no=number,
                                   qualification_expires_on=expires, health_check_on=today)
    for year in (today.year - 1, today.year):
        call_command("compute_rollups", "--year", str(year), stdout=io.StringIO())
    return a


@pytest.mark.parametrize(("offset", "expected"), [(0, 50.0), (-1, 75.0)])
def test_an_expired_certificate_no_longer_counts_in_the_certified_share(certified, users, offset, expected):
    year = timezone.localdate().year + offset
    out = io.StringIO()
    call_command("stats_report", "--region", "130102", "--year", str(year), stdout=out)
    assert json.loads(out.getvalue())["certified_staff_pct"] == expected
    api = APIClient()
    api.force_authenticate(users["province_admin"])
    assert api.get("/api/v1/stats/", {"region": "130102", "year": year}).json()["certified_staff_pct"] == expected


def test_a_caregiver_whose_certificate_expired_blocks_the_filing(users, regions):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    data = answers()
    data["staff"]["rows"][1]["qualification_expires_on"] = yesterday.isoformat()
    filing = services.filing_start_new(by=users["operator_a"])
    for step, values in data.items():
        filing = services.filing_save_step(filing=filing, step=step, values=values, by=users["operator_a"])
    checks = [c for c in services.filing_prechecks(filing) if c.rule == "staff.certificate_expired"]
    assert len(checks) == 1 and checks[0].blocking and yesterday.isoformat() in checks[0].message
    with pytest.raises(services.FilingActionError):
        services.filing_submit(filing=filing, by=users["operator_a"])
