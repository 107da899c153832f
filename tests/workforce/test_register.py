"""The staff register (issue 17 point 1): the operator adds people (a banned person is refused and the county
alerted), records certificates, health checks, record checks and training; what is missing or due shows per person;
reviewers, inspectors and admins in scope read a roster with names masked (a reveal is audited), viewers and other
counties get 404; a change filing starts from the register's current staff."""
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEvent
from filings import services as filing_services
from institutions.models import StaffMember
from notifications.models import Notification
from tests.filings.helpers import identity_number
from workforce.models import BannedPerson, Worker

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def add(client, institution, name, role, i, joined=None):
    return client.post(reverse("workforce:register", args=[institution.pk]), {
        "name": name, "role": role, "id_number": identity_number(i),
        "joined_on": (joined or today() - datetime.timedelta(days=100)).isoformat()})


def record(client, worker, kind, **fields):
    return client.post(reverse("workforce:worker", args=[worker.pk]),
                       {"kind": kind, **{f"{kind}-{k}": v for k, v in fields.items()}})


def test_the_operator_keeps_the_register_and_sees_what_is_due(client, users, institutions):
    a = institutions["a"]
    client.force_login(users["operator_a"])
    assert add(client, a, "刘敏", "caregiver", 11).status_code == 302
    assert add(client, a, "刘敏", "caregiver", 11).status_code == 400  # already on the register
    worker = Worker.objects.get()
    assert worker.id_masked.startswith("13") and len(worker.id_hash) == 64
    page = client.get(reverse("workforce:register", args=[a.pk])).content.decode()
    assert "无有效的上岗资格证书" in page and "健康检查已过期或未做" in page and "无犯罪记录查询逾期或未做" in page
    yesterday = (today() - datetime.timedelta(days=1)).isoformat()
    assert record(client, worker, "qualification", type="childcare_worker", level="4", number="BY-2023-1",
                  issuer="石家庄市人社局", issued_on="2023-01-01", expires_on=yesterday).status_code == 302
    assert "无有效的上岗资格证书" in client.get(reverse("workforce:register", args=[a.pk])).content.decode()
    soon = (today() + datetime.timedelta(days=20)).isoformat()
    assert record(client, worker, "qualification", type="infant_carer", number="YY-1", issuer="人社局",
                  issued_on="2024-01-01", expires_on=soon).status_code == 302
    assert record(client, worker, "qualification", type="nurse", number="N-1", issuer="卫健委",
                  issued_on="2025-01-01", expires_on="2024-01-01").status_code == 400  # expires before issued
    assert record(client, worker, "health_check", checked_on=today().isoformat(), passed="on").status_code == 302
    assert record(client, worker, "record_check", checked_on=today().isoformat(), clear="on",
                  reference="冀公查2026-1").status_code == 302
    page = client.get(reverse("workforce:register", args=[a.pk])).content.decode()
    row = page.split(f'data-worker="{worker.pk}"')[1].split("</tr>")[0]
    assert "育婴员" in row and "证书将于" in row and "text-bg-danger" not in row
    # Leaving: gone from the current list, still there with 含已离职.
    assert record(client, worker, "leave", left_on=today().isoformat()).status_code == 302
    assert f'data-worker="{worker.pk}"' not in client.get(reverse("workforce:register", args=[a.pk])).content.decode()
    assert f'data-worker="{worker.pk}"' in client.get(reverse("workforce:register", args=[a.pk]),
                                                      {"left": "1"}).content.decode()


def test_a_banned_person_is_refused_from_the_register_and_the_county_alerted(client, users, institutions):
    from core.identity import identity_hash

    BannedPerson.objects.create(province_code="13", id_hash=identity_hash(identity_number(66)), reference="判决书",
                                reason="虐待", decided_on=datetime.date(2024, 1, 1), added_by=users["province_admin"])
    client.force_login(users["operator_a"])
    response = add(client, institutions["a"], "李某", "caregiver", 66)
    assert response.status_code == 400 and "从业禁止名单" in response.content.decode()
    assert not Worker.objects.exists()
    assert Notification.objects.get(kind="workforce.banned_hit").recipient == users["admin_a"]


def test_supervisors_read_a_masked_roster_and_a_reveal_is_audited(client, users, institutions):
    a = institutions["a"]
    client.force_login(users["operator_a"])
    add(client, a, "陈静怡", "caregiver", 12)
    url = reverse("workforce:register", args=[a.pk])
    client.force_login(users["inspector_a"])
    page = client.get(url).content.decode()
    assert "陈**" in page and "陈静怡" not in page
    assert add(client, a, "某某", "cook", 13).status_code == 403
    export = client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert "陈**" in export and "陈静怡" not in export and "无有效的上岗资格证书" in export
    page = client.get(url, {"reveal": "1"}).content.decode()
    assert "陈静怡" in page and AuditEvent.objects.filter(action="staff.reveal", actor=users["inspector_a"]).exists()
    # A person's record: masked too (its opening audited), the name after the same reveal.
    worker_url = reverse("workforce:worker", args=[Worker.objects.get().pk])
    assert f'href="{worker_url}?reveal=1"' in page
    record_page = client.get(worker_url).content.decode()
    assert "陈**" in record_page and "陈静怡" not in record_page and 'id="reveal-name"' in record_page
    assert "陈静怡" in client.get(worker_url, {"reveal": "1"}).content.decode()
    summaries = [str(e.summary) for e in AuditEvent.objects.filter(action="staff.reveal", actor=users["inspector_a"])]
    assert "查看工作人员档案" in summaries and "查看工作人员档案（姓名）" in summaries
    for who in ("viewer_a", "inspector_b", "operator_b"):
        client.force_login(users[who])
        assert client.get(url).status_code == 404, who


def test_a_change_filing_starts_from_the_register(client, users, institutions):
    a = institutions["a"]
    client.force_login(users["operator_a"])
    add(client, a, "杨帆", "caregiver", 14)
    worker = Worker.objects.get()
    record(client, worker, "qualification", type="childcare_worker", number="BY-9", issuer="人社局",
           issued_on="2024-01-01", expires_on="2030-12-31")
    record(client, worker, "health_check", checked_on=today().isoformat(), passed="on")
    change = filing_services.filing_start_change(institution=a, by=users["operator_a"])
    [row] = change.data["staff"]["rows"]
    assert (row["name"], row["qualification_cert_no"], row["qualification_expires_on"], row["id_hash"]) == (
        "杨帆", "BY-9", "2030-12-31", worker.id_hash)


def test_reminders_before_certificates_and_yearly_checks_fall_due(client, users, institutions):
    from workforce.models import HealthCheck, Qualification, RecordCheck
    from workforce.tasks import remind_staff_records

    client.force_login(users["operator_a"])
    add(client, institutions["a"], "赵雪", "caregiver", 15)
    worker = Worker.objects.get()
    Qualification.objects.create(worker=worker, type="childcare_worker", number="BY-77", issuer="人社局",
                                 issued_on=datetime.date(2023, 1, 1), expires_on=today() + datetime.timedelta(days=6))
    HealthCheck.objects.create(worker=worker, checked_on=today() - datetime.timedelta(days=350))  # due in 15 days
    RecordCheck.objects.create(worker=worker, checked_on=today() - datetime.timedelta(days=100))  # not yet
    assert remind_staff_records.delay().get() == 2
    titles = sorted(n.title for n in Notification.objects.filter(kind="workforce.due"))
    assert "BY-77" in titles[0] + titles[1] and any("健康检查" in t for t in titles)
    assert remind_staff_records.delay().get() == 0  # once per window


def test_the_register_api_adds_and_lists_masked_for_supervisors(users, institutions, django_assert_max_num_queries):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users["operator_a"])
    body = {"institution": institutions["a"].pk, "name": "孙悦", "role": "caregiver", "id_number": identity_number(16),
            "joined_on": "2025-03-01"}
    response = api.post("/api/v1/staff-register/", body, format="json")
    assert response.status_code == 201 and response.json()["name"] == "孙悦"
    assert "无有效的上岗资格证书" in response.json()["issues"]
    assert api.post("/api/v1/staff-register/", {**body, "institution": institutions["b"].pk},
                    format="json").status_code == 404
    api.force_authenticate(users["inspector_a"])
    with django_assert_max_num_queries(10):
        [row] = api.get("/api/v1/staff-register/").json()["results"]
    assert row["name"] == "孙*" and identity_number(16) not in str(row)
    assert api.post("/api/v1/staff-register/", body, format="json").status_code == 403
    api.force_authenticate(users["inspector_b"])
    assert api.get("/api/v1/staff-register/").json()["results"] == []


def test_the_certificates_a_role_needs_come_from_the_standards_table(client, users, institutions):
    """Nationally a 育婴员 certificate qualifies a caregiver; a province that stops recognising it (a standards row,
    tighter) makes the same person lack a qualifying certificate there."""
    from standards.services import standard_set
    from workforce.models import Qualification
    from workforce.register import standing

    client.force_login(users["operator_a"])
    add(client, institutions["a"], "周宁", "caregiver", 17)
    worker = Worker.objects.get()
    Qualification.objects.create(worker=worker, type="infant_carer", number="YY-9", issuer="人社局",
                                 issued_on=datetime.date(2024, 1, 1))
    assert standing(worker).certificate is not None
    standard_set(key="staff.qualifies.caregiver.infant_carer", province_code="13", value=0,
                 valid_from=today(), basis="冀卫托育〔2026〕1号", by=users["province_admin"])
    worker = Worker.objects.get()
    assert standing(worker).certificate is None and "无有效的上岗资格证书" in standing(worker).issues


def test_a_certificate_scan_is_uploaded_checked_and_served_in_scope(client, users, institutions, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.filings.helpers import PDF
    from workforce.models import Qualification

    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(users["operator_a"])
    add(client, institutions["a"], "吴晨", "caregiver", 18)
    worker = Worker.objects.get()
    url = reverse("workforce:worker", args=[worker.pk])
    fields = {"kind": "qualification", "qualification-type": "childcare_worker", "qualification-number": "BY-5",
              "qualification-issuer": "人社局", "qualification-issued_on": "2024-01-01"}
    bad = client.post(url, {**fields, "qualification-scan": SimpleUploadedFile("a.pdf", b"<html>not a pdf</html>")})
    assert bad.status_code == 400 and not Qualification.objects.exists()
    assert client.post(url, {**fields, "qualification-scan": SimpleUploadedFile("证书.pdf", PDF)}).status_code == 302
    scan_url = reverse("workforce:scan", args=[Qualification.objects.get().pk])
    client.force_login(users["inspector_a"])
    response = client.get(scan_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="file.download", actor=users["inspector_a"]).exists()
    for who in ("inspector_b", "viewer_a"):
        client.force_login(users[who])
        assert client.get(scan_url).status_code == 404, who


@pytest.mark.parametrize(("offset", "county", "city"), [(0, 33.33, 40.0), (-1, 75.0, 66.67)])
def test_the_register_drives_the_certified_share_between_filings(client, users, institutions, offset, county, city):
    """持证上岗率 from the register where an institution keeps one (its filing's staff list is then ignored), from the
    filing elsewhere. By hand — institution A's register: caregiver 甲 (certificate without expiry), caregiver 乙
    (expired yesterday), caregiver 丙 (valid, left on 1 January), a cook (none); its filed staff list (ignored) says
    otherwise. Institution B (same city, no register): 2 filed staff, 1 certified.
    Today: A 1 / 3 = 33.33 %, city (1 + 1) / (3 + 2) = 40.00 %.
    31 December last year: A 3 / 4 = 75.00 %, city (3 + 1) / (4 + 2) = 66.67 %."""
    a, b = institutions["a"], institutions["b"]
    StaffMember.objects.filter(institution=b).delete()
    StaffMember.objects.create(institution=b, name="保育员", role="caregiver", qualification_cert_no="B-1")
    StaffMember.objects.create(institution=b, name="保安", role="guard", qualification_cert_no="")
    client.force_login(users["operator_a"])
    joined = today().replace(year=today().year - 2, month=1, day=1)
    yesterday = (today() - datetime.timedelta(days=1)).isoformat()
    for i, (name, role, expires) in enumerate((("甲", "caregiver", ""), ("乙", "caregiver", yesterday),
                                               ("丙", "caregiver", ""), ("厨师", "cook", None))):
        assert add(client, a, name, role, 30 + i, joined=joined).status_code == 302
        worker = Worker.objects.get(name=name)
        if expires is not None:
            assert record(client, worker, "qualification", type="childcare_worker", level="4", number=f"BY-{i}",
                          issuer="人社局", issued_on=joined.isoformat(), expires_on=expires).status_code == 302
    left = today().replace(month=1, day=1).isoformat()
    assert record(client, Worker.objects.get(name="丙"), "leave", left_on=left).status_code == 302
    assert StaffMember.objects.filter(institution=a).count() != 3  # the filed list differs from the register
    year = today().year + offset
    call_command("compute_rollups", "--year", str(year), stdout=io.StringIO())
    for region, expected in (("130102", county), ("1301", city)):
        out = io.StringIO()
        call_command("stats_report", "--region", region, "--year", str(year), stdout=out)
        assert json.loads(out.getvalue())["certified_staff_pct"] == expected
        api = APIClient()
        api.force_authenticate(users["province_admin"])
        assert api.get("/api/v1/stats/", {"region": region, "year": year}).json()["certified_staff_pct"] == expected


def test_only_a_certificate_that_qualifies_the_role_counts_and_a_change_recomputes(
        client, users, institutions, django_capture_on_commit_callbacks):
    """A caregiver whose only certificate is a nurse's licence is not certified (the register's own check says 无有效的
    上岗资格证书); a cook's certificate of any kind counts, as on a filing's staff list. Recording a certificate
    recomputes the figures at once (no manual compute_rollups): 1 of 2 people certified = 50.00 %."""
    a = institutions["a"]
    client.force_login(users["operator_a"])
    joined = today().replace(year=today().year - 1, month=1, day=1)
    for i, (name, role) in enumerate((("护士", "caregiver"), ("厨师", "cook"))):
        assert add(client, a, name, role, 50 + i, joined=joined).status_code == 302
    assert record(client, Worker.objects.get(name="护士"), "qualification", type="nurse", number="N-1", issuer="卫健委",
                  issued_on=joined.isoformat(), expires_on="").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):  # what runs after the commit: the recompute
        assert record(client, Worker.objects.get(name="厨师"), "qualification", type="other", number="CS-1",
                      issuer="市场监管局", issued_on=joined.isoformat(), expires_on="").status_code == 302
    api = APIClient()
    api.force_authenticate(users["province_admin"])
    figures = api.get("/api/v1/stats/", {"region": "130102", "year": today().year}).json()
    assert figures["certified_staff_pct"] == 50.0
