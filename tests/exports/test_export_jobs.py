"""Exports too large to stream: asked for on a confirmation page (POST), written by the Celery task (eager
here), downloaded by the owner only, expired after 7 days."""
import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from exports import messages as msg
from exports.models import ExportJob, ExportStatus
from exports.services import MAX_ACTIVE_JOBS_PER_USER, NOTICE_DONE, NOTICE_FAILED
from exports.tasks import delete_expired_exports, run_export_job
from notifications.models import Notification
from tests.conftest import business_callbacks

from .conftest import download_url, job_url, new_url

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _xlsx_rows(response) -> tuple[list, list[tuple]]:
    sheet = openpyxl.load_workbook(io.BytesIO(_body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    return list(rows[0]), rows[1:]


def _csv_rows(response) -> list[list[str]]:
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_over_the_limit_the_export_link_leads_to_a_confirmation_that_creates_nothing(login, users, many):
    client = login(users["admin_a"])
    response = client.get(reverse("institutions:staff_export", args=["xlsx"]), {"sort": "name", "page": "2"})
    assert response.status_code == 302 and response["Location"] == new_url("xlsx", sort="name")

    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="export-count"' in body and "共 5 行" in body
    assert 'method="post"' in body and "csrfmiddlewaretoken" in body
    assert not ExportJob.objects.exists()


def test_at_or_under_the_limit_the_export_still_streams(login, users, many):
    response = login(users["admin_b"]).get(reverse("institutions:staff_export", args=["csv"]))
    assert response.status_code == 200 and len(_csv_rows(response)) == 1 + 2  # 2 rows <= THRESHOLD


def test_the_job_runs_and_its_owner_downloads_a_valid_workbook_of_their_county(request_export, users, many):
    response = request_export(users["admin_a"], "xlsx")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    assert (job.owner, job.kind, job.format, job.scope_code) == (users["admin_a"], "institutions", "xlsx", "130102")
    assert job.status == ExportStatus.DONE
    assert (job.rows_total, job.rows_done, job.progress_pct) == (5, 5, 100)
    assert job.expires_at == job.finished_at + datetime.timedelta(days=7)
    assert job.file.name.startswith("exports/") and job.file.name.endswith(".xlsx")

    client = Client()
    client.force_login(users["admin_a"])
    page = client.get(job_url(job)).content.decode()
    assert 'id="job-download"' in page and "http-equiv=\"refresh\"" not in page

    download = client.get(download_url(job))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"tuoyu-institutions-{timezone.localdate():%Y%m%d}-{job.pk}.xlsx" in download["Content-Disposition"]
    header, rows = _xlsx_rows(download)
    assert header[:2] == ["统一社会信用代码", "机构名称"]
    assert sorted(row[1] for row in rows) == [f"长安区托育园{n}" for n in range(5)]
    by_name = {row[1]: row for row in rows}
    assert by_name["长安区托育园3"][header.index("托位数")] == 13
    assert by_name["长安区托育园3"][header.index("县（区）")] == "长安区"
    assert by_name["长安区托育园3"][header.index("性质")] == "营利性"
    filed = by_name["长安区托育园3"][header.index("备案日期")]
    assert isinstance(filed, datetime.datetime) and filed.date() == datetime.date(2024, 3, 1)


def test_a_csv_job_follows_the_filters_and_never_leaves_the_users_county(request_export, login, users, many):
    # County B's code in the region filter is outside county A's picker: the filter is refused, the scope stays.
    request_export(users["admin_a"], "csv", region="130104", sort="-slots")
    job = ExportJob.objects.get()
    assert job.params == {"region": ["130104"], "sort": ["-slots"]}
    rows = _csv_rows(login(users["admin_a"]).get(download_url(job)))
    assert rows[0][:2] == ["统一社会信用代码", "机构名称"]
    names = [row[1] for row in rows[1:]]
    assert names == [f"长安区托育园{n}" for n in (4, 3, 2, 1, 0)]  # sorted by slots, descending
    assert rows[1][rows[0].index("托位数")] == "14" and rows[1][rows[0].index("备案日期")] == "2024-03-01"


def test_a_city_admins_job_applies_the_county_filter(request_export, login, users, many):
    request_export(users["city_admin"], "csv", region="130104")
    rows = _csv_rows(login(users["city_admin"]).get(download_url(ExportJob.objects.get())))
    assert sorted(row[1] for row in rows[1:]) == ["桥西区托育园0", "桥西区托育园1"]


def test_the_scope_captured_with_the_job_bounds_its_rows_even_if_the_owner_is_promoted(
        request_export, users, regions, many, django_capture_on_commit_callbacks):
    admin = users["admin_a"]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        request_export(admin, "csv", run=False)
    admin.region = regions["city"]
    admin.save(update_fields=["region"])
    for callback in queued:
        callback()
    job = ExportJob.objects.get()
    assert (job.status, job.rows_total) == (ExportStatus.DONE, 5)


def test_an_operators_job_has_only_their_institution(request_export, login, users, many):
    request_export(users["operator_a"], "csv")
    job = ExportJob.objects.get()
    assert job.scope_code is None
    rows = _csv_rows(login(users["operator_a"]).get(download_url(job)))
    assert [row[1] for row in rows[1:]] == ["长安区托育园0"]


@pytest.mark.parametrize("who", ["reviewer_a", "viewer_a", "admin_b", "city_admin", "national_admin"])
def test_anyone_but_the_owner_gets_404_on_the_job_and_its_download(request_export, login, users, many, who):
    request_export(users["admin_a"], "xlsx")
    job = ExportJob.objects.get()
    client = login(users[who])
    assert client.get(job_url(job)).status_code == 404
    assert client.get(download_url(job)).status_code == 404
    assert f'data-job="{job.pk}"' not in client.get(reverse("exports:list")).content.decode()


def test_a_superuser_gets_404_too(request_export, login, users, many):
    from tests.factories import UserFactory

    request_export(users["admin_a"], "csv")
    job = ExportJob.objects.get()
    client = login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(download_url(job)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, users, many, request_export):
    request_export(users["admin_a"], "csv")
    job = ExportJob.objects.get()
    client.logout()
    for url in (reverse("exports:list"), new_url("csv"), job_url(job), download_url(job)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(new_url("csv")).status_code == 302
    assert ExportJob.objects.count() == 1


def test_the_post_needs_a_csrf_token(users, many):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin_a"])
    assert client.post(new_url("csv")).status_code == 403
    assert not ExportJob.objects.exists()


def test_unknown_kinds_and_formats_are_404(login, users):
    client = login(users["admin_a"])
    assert client.get(reverse("exports:new", args=["institutions", "pdf"])).status_code == 404
    assert client.post(reverse("exports:new", args=["children", "csv"])).status_code == 404
    assert client.get(reverse("exports:job", args=[999])).status_code == 404


def test_asking_twice_for_the_same_export_while_it_is_queued_reuses_the_job(
        request_export, users, many, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        request_export(users["admin_a"], "csv", run=False, q="托育")
        second = request_export(users["admin_a"], "csv", run=False, q="托育")
    job = ExportJob.objects.get()
    assert second["Location"] == job_url(job) and len(business_callbacks(queued)) == 1
    assert AuditEvent.objects.filter(action="export.request", object_id=str(job.pk)).count() == 1


def test_too_many_exports_in_progress_are_refused_with_a_message(request_export, users, many):
    for n in range(MAX_ACTIVE_JOBS_PER_USER):
        ExportJob.objects.create(owner=users["admin_a"], kind="institutions", format="csv", params={"q": [str(n)]},
                                 scope_code="130102")
    response = request_export(users["admin_a"], "xlsx")
    assert response.status_code == 400
    assert msg.MSG_TOO_MANY_ACTIVE.format(n=MAX_ACTIVE_JOBS_PER_USER) in response.content.decode()
    assert ExportJob.objects.count() == MAX_ACTIVE_JOBS_PER_USER


def test_progress_is_recorded_every_n_rows_while_the_file_is_written(request_export, users, many, settings):
    settings.EXPORT_PROGRESS_EVERY = 2
    with CaptureQueriesContext(connection) as queries:
        request_export(users["admin_a"], "csv")
    progress = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "exports_exportjob" SET "rows_done"')]
    assert len(progress) == 3  # after rows 2, 4 and the last one (5)
    job = ExportJob.objects.get()
    assert (job.rows_done, job.rows_total) == (5, 5)


def test_the_job_page_of_a_running_job_shows_its_progress_and_refreshes(login, users):
    job = ExportJob.objects.create(owner=users["admin_a"], kind="institutions", format="xlsx", scope_code="130102",
                                   status=ExportStatus.RUNNING, rows_total=8000, rows_done=2000,
                                   started_at=timezone.now())
    client = login(users["admin_a"])
    body = client.get(job_url(job)).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in body
    assert 'aria-valuenow="25"' in body and "2000 / 8000" in body
    assert 'id="job-download"' not in body
    # Nothing to download yet: back to the job page.
    response = client.get(download_url(job))
    assert response.status_code == 302 and response["Location"] == job_url(job)


def test_the_owner_is_notified_when_the_file_is_ready(request_export, users, many):
    request_export(users["admin_a"], "xlsx")
    job = ExportJob.objects.get()
    notice = Notification.objects.get(recipient=users["admin_a"])
    assert notice.kind == NOTICE_DONE and notice.url == job_url(job)
    assert "导出文件已生成" in notice.title and "共 5 行" in notice.body


def test_running_the_task_again_changes_nothing(request_export, users, many):
    request_export(users["admin_a"], "csv")
    job = ExportJob.objects.get()
    run_export_job.delay(job.pk)
    again = ExportJob.objects.get()
    assert (again.file.name, again.finished_at, again.status) == (job.file.name, job.finished_at, ExportStatus.DONE)
    assert Notification.objects.filter(recipient=users["admin_a"]).count() == 1


def test_a_failed_write_marks_the_job_failed_and_tells_the_owner(request_export, login, users, many, monkeypatch):
    import dataclasses

    from exports import kinds

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setitem(kinds.KINDS, "institutions", dataclasses.replace(kinds.KINDS["institutions"], write=broken))
    request_export(users["admin_a"], "csv")
    job = ExportJob.objects.get()
    assert (job.status, job.error, job.file.name) == (ExportStatus.FAILED, msg.MSG_FAILED, "")
    client = login(users["admin_a"])
    assert str(msg.MSG_FAILED) in client.get(job_url(job)).content.decode()
    assert client.get(download_url(job)).status_code == 404
    assert Notification.objects.get(recipient=users["admin_a"]).kind == NOTICE_FAILED


def test_an_expired_download_is_refused_and_the_cleanup_deletes_the_file(request_export, login, users, many):
    request_export(users["admin_a"], "xlsx")
    job = ExportJob.objects.get()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    client = login(users["admin_a"])
    response = client.get(download_url(job))
    assert response.status_code == 410
    assert msg.MSG_EXPIRED.format(days=7) in response.content.decode()

    delete_expired_exports.delay()
    job.refresh_from_db()
    assert (job.status, job.file.name) == (ExportStatus.EXPIRED, "")
    assert not storage.exists(name)
    assert client.get(download_url(job)).status_code == 410
    assert "文件已过期并已删除" in client.get(job_url(job)).content.decode()
    delete_expired_exports.delay()  # a second run finds nothing to do
    assert ExportJob.objects.get().status == ExportStatus.EXPIRED


def test_the_cleanup_leaves_files_not_yet_expired(request_export, users, many):
    request_export(users["admin_a"], "csv")
    delete_expired_exports.delay()
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.DONE and job.file.storage.exists(job.file.name)


def test_the_cleanup_stops_jobs_stuck_far_past_the_time_limit(users, settings):
    old = timezone.now() - datetime.timedelta(seconds=3 * settings.CELERY_TASK_TIME_LIMIT)
    job = ExportJob.objects.create(owner=users["admin_a"], kind="institutions", format="csv", scope_code="130102")
    ExportJob.objects.filter(pk=job.pk).update(created_at=old)
    delete_expired_exports.delay()
    job.refresh_from_db()
    assert (job.status, job.error) == (ExportStatus.FAILED, msg.MSG_ABANDONED)


def test_an_owner_moved_to_another_county_may_no_longer_download(request_export, login, users, regions, many):
    request_export(users["admin_a"], "csv")
    job = ExportJob.objects.get()
    admin = users["admin_a"]
    admin.region = regions["county_b"]
    admin.save(update_fields=["region"])
    response = login(admin).get(download_url(job))
    assert response.status_code == 404 and str(msg.MSG_SCOPE_CHANGED) in response.content.decode()


def test_the_request_is_audited(request_export, users, many):
    request_export(users["admin_a"], "csv", q="托育")
    event = AuditEvent.objects.get(action="export.request")
    assert event.actor == users["admin_a"] and event.region_code == "130102"
    assert event.after == {"kind": "institutions", "format": "csv", "params": {"q": ["托育"]}}
