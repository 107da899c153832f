"""The import page: who may use it, upload checks, jobs queued on commit, the job page and templates."""
import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts.models import AuditEvent
from imports import messages as msg
from imports.models import ImportJob, ImportKind, ImportStatus
from imports.tasks import run_import_job
from institutions.models import CapacityRecord, Institution
from tests.conftest import business_callbacks

from .files import EN_HEADERS, english_cells, institution_row, institution_rows

pytestmark = pytest.mark.django_db

LIST = reverse("imports:list")


def job_url(job) -> str:
    return reverse("imports:job", args=[job.pk])


def csv_upload(rows: list[dict], name: str = "机构.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    buffer.write(",".join(EN_HEADERS) + "\r\n")
    for row in rows:
        buffer.write(",".join(english_cells(row)) + "\r\n")
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")


@pytest.fixture
def upload(login, django_capture_on_commit_callbacks):
    """upload(user, file, kind=..., dry_run=...) posts the form and runs the queued task (eager Celery)."""
    def _upload(user, file, *, kind=ImportKind.INSTITUTIONS, dry_run=False, follow=False):
        client = login(user)
        data = {"kind": kind, "file": file}
        if dry_run:
            data["dry_run"] = "on"
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(LIST, data, follow=follow)
    return _upload


@pytest.mark.parametrize("who", ["reviewer_a", "inspector_a", "viewer_a", "operator_a", "viewer_b"])
def test_non_admins_get_403_on_every_import_page(login, users, who):
    job = ImportJob.objects.create(kind=ImportKind.INSTITUTIONS, original_name="x.csv",
                                   created_by=users["admin_a"])
    client = login(users[who])
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"kind": "institutions"}).status_code == 403
    assert client.get(job_url(job)).status_code == 403
    assert client.get(reverse("imports:template", args=["institutions"])).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_admin_sees_form_column_help_and_templates(login, users):
    body = login(users["city_admin"]).get(LIST).content.decode()
    assert 'enctype="multipart/form-data"' in body and "试运行，仅校验" in body
    for text in ("统一社会信用代码", "credit_code", "常住人口", "new_slots_target",
                 reverse("imports:template", args=["population"])):
        assert text in body


def test_dry_run_upload_validates_and_writes_nothing(upload, users, regions):
    response = upload(users["city_admin"], csv_upload(institution_rows(12)), dry_run=True)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    assert job.dry_run and job.status == ImportStatus.SUCCEEDED
    assert job.summary["created"] == 12 and job.summary["written"] is False
    assert Institution.objects.count() == 0


def test_real_upload_imports_and_job_page_shows_summary(upload, users, regions, login):
    upload(users["city_admin"], csv_upload(institution_rows(12)))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.SUCCEEDED and (job.total_rows, job.processed_rows) == (12, 12)
    assert Institution.objects.count() == 12 and CapacityRecord.objects.count() == 12
    assert job.created_by == users["city_admin"] and job.scope_code == "1301"
    assert job.file.name.startswith("imports/") and str(settings.MEDIA_ROOT) in job.file.path
    body = login(users["city_admin"]).get(job_url(job)).content.decode()
    assert 'data-count="created">12<' in body and 'aria-valuenow="100"' in body
    assert 'http-equiv="refresh"' not in body
    assert AuditEvent.objects.filter(action="import.run", object_id=str(job.pk)).count() == 1


def test_refused_upload_lists_each_bad_row_on_the_job_page(upload, users, regions, login):
    rows = institution_rows(60)
    for row in rows:
        row["slots"] = "x"  # 60 bad rows: two pages of errors
    rows[0]["enrolled"] = -1
    upload(users["city_admin"], csv_upload(rows))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REFUSED and Institution.objects.count() == 0
    assert job.summary["error_rows"] == 60 and job.summary["error_count"] == 61
    page = login(users["city_admin"]).get(job_url(job))
    body = page.content.decode()
    assert "未写入任何数据" in body and 'id="error-table"' in body
    assert str(msg.MSG_INTEGER) in body and str(msg.MSG_NON_NEGATIVE) in body
    assert len(page.context["page_obj"].object_list) == 50
    second = login(users["city_admin"]).get(job_url(job), {"page": 2})
    assert [e["row"] for e in second.context["page_obj"].object_list] == list(range(51, 62))


def test_job_page_shows_the_recorded_problems_in_the_readers_language(upload, users, regions, login):
    """Row errors are stored as the Chinese message and its values, and shown in the language of the page."""
    rows = institution_rows(2)
    rows[0]["slots"] = "x"
    rows[1]["enrolled"] = "999"
    upload(users["city_admin"], csv_upload(rows))
    job = ImportJob.objects.get()
    stored = {error["message"] for error in job.errors}
    assert str(msg.MSG_INTEGER) in stored  # the record is Chinese whatever the uploader's language
    client = login(users["city_admin"])
    chinese = client.get(job_url(job)).content.decode()
    assert "应为整数" in chinese and "不能超过托位数" in chinese
    assert "integer" not in chinese.lower()
    english = client.get(job_url(job), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "应为整数" not in english and "不能超过托位数" not in english and "未写入任何数据" not in english
    with translation.override("en"):
        assert str(msg.MSG_INTEGER) in english
        over = str(msg.MSG_ENROLLED_OVER_SLOTS).split("{")[0]
    assert over and over in english and "999" in english


def test_refused_file_problem_is_shown_in_the_readers_language(upload, users, regions, login):
    bad = SimpleUploadedFile("机构.csv", ("名称,区划代码\r\n甲,130102\r\n").encode("utf-8-sig"),
                             content_type="text/csv")
    upload(users["city_admin"], bad)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REFUSED
    client = login(users["city_admin"])
    assert "缺少必填列" in client.get(job_url(job)).content.decode()
    english = client.get(job_url(job), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "缺少必填列" not in english
    with translation.override("en"):
        assert str(msg.MSG_MISSING_COLUMNS).split("{")[0] in english


def test_region_scoped_admin_cannot_import_rows_outside_their_county(upload, users, regions):
    rows = [institution_row(0, region_code="130102"), institution_row(1, region_code="130104")]
    upload(users["admin_a"], csv_upload(rows))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REFUSED and Institution.objects.count() == 0
    (error,) = job.errors
    assert (error["row"], error["field"], error["value"]) == (3, "region_code", "130104")
    assert error["message"] == msg.MSG_OUT_OF_SCOPE.format(code="130104", scope="130102")


def test_scoped_admin_cannot_take_over_an_institution_of_another_county(upload, users, regions, institutions):
    other = institutions["b"]  # filed in 130104
    row = institution_row(0, credit_code=other.credit_code, region_code="130102")
    upload(users["admin_a"], csv_upload([row]))
    (error,) = ImportJob.objects.get().errors
    assert error["field"] == "credit_code" and error["message"] == msg.MSG_EXISTING_OUT_OF_SCOPE


def test_other_admin_gets_404_on_someone_elses_job(upload, users, regions, login):
    upload(users["city_admin"], csv_upload(institution_rows(2)), dry_run=True)
    job = ImportJob.objects.get()
    assert login(users["province_admin"]).get(job_url(job)).status_code == 404
    assert job not in login(users["province_admin"]).get(LIST).context["page_obj"].object_list


def test_superuser_may_import(upload, regions, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.invalid", "pass-Word-123")
    upload(root, csv_upload(institution_rows(2)))
    assert ImportJob.objects.get().status == ImportStatus.SUCCEEDED and Institution.objects.count() == 2


def test_oversized_file_is_refused_at_the_field_and_choices_are_kept(upload, users, regions, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    response = upload(users["city_admin"], csv_upload(institution_rows(5), name="p.csv"),
                      kind=ImportKind.POPULATION, dry_run=True)
    assert response.status_code == 200 and ImportJob.objects.count() == 0
    form = response.context["form"]
    assert form.errors["file"][0].startswith("文件过大") and "The file" not in form.errors["file"][0]
    body = response.content.decode()
    assert '<option value="population" selected>' in body
    assert response.context["form"]["dry_run"].value() is True
    assert 'id="id_dry_run" checked' in body


@pytest.mark.parametrize(("name", "content", "message"), [
    ("data.txt", b"region_code,year,population\n", msg.MSG_UPLOAD_EXTENSION),
    ("data.xlsx", b"region_code,year,population\n", msg.MSG_UPLOAD_NOT_XLSX),
    ("data.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", msg.MSG_UPLOAD_NOT_TEXT),
    ("data.csv", b"", msg.MSG_UPLOAD_EMPTY),
])
def test_wrong_type_is_refused_with_the_bilingual_message(upload, users, regions, name, content, message):
    response = upload(users["city_admin"], SimpleUploadedFile(name, content), kind=ImportKind.TARGETS)
    assert response.status_code == 200 and ImportJob.objects.count() == 0
    assert response.context["form"].errors["file"] == [message]
    assert '<option value="targets" selected>' in response.content.decode()


def test_xlsx_upload_of_population(upload, users, regions):
    workbook = openpyxl.Workbook()
    workbook.active.append(["区划代码", "年份", "常住人口"])
    workbook.active.append(["130102", 2024, 560000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(users["city_admin"], SimpleUploadedFile("人口.xlsx", buffer.getvalue()), kind=ImportKind.POPULATION)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.SUCCEEDED and job.summary["created"] == 1
    assert job.original_name == "人口.xlsx"


def test_job_is_queued_on_commit_and_the_task_is_idempotent(login, users, regions, django_capture_on_commit_callbacks):
    client = login(users["city_admin"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(LIST, {"kind": "institutions", "file": csv_upload(institution_rows(3))})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.QUEUED and len(business_callbacks(callbacks)) == 1
    page = client.get(job_url(job)).content.decode()
    assert 'http-equiv="refresh" content="2"' in page
    business_callbacks(callbacks)[0]()
    run_import_job.delay(job.pk)  # a second delivery does nothing
    run_import_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED and Institution.objects.count() == 3
    assert AuditEvent.objects.filter(action="import.run").count() == 1


def test_running_job_page_shows_progress_and_refreshes(login, users):
    job = ImportJob.objects.create(kind=ImportKind.INSTITUTIONS, original_name="x.csv", created_by=users["admin_a"],
                                   status=ImportStatus.RUNNING, total_rows=200, processed_rows=50)
    body = login(users["admin_a"]).get(job_url(job)).content.decode()
    assert 'aria-valuenow="25"' in body and "50 / 200" in body and 'http-equiv="refresh" content="2"' in body


def test_csv_templates_have_bom_and_chinese_headers(login, users):
    client = login(users["admin_a"])
    expected = {
        "institutions": "统一社会信用代码,机构名称,区划代码,办托模式,性质,普惠,试点级别,托位数,在托人数,备案日期,地址,电话,星级,注销日期,"
                        "举办性质",
        "population": "区划代码,年份,常住人口",
        "under3": "区划代码,年份,3岁以下人口",
        "targets": "区划代码,年份,年度新增托位目标,试点机构目标数,试点托位目标数",  # the pilot columns optional
    }
    for kind, header in expected.items():
        response = client.get(reverse("imports:template", args=[kind]))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in response["Content-Disposition"]
        assert response.content == ("\ufeff" + header + "\r\n").encode("utf-8")
    assert client.get("/imports/template/other.csv").status_code == 404


def test_job_list_query_count_does_not_grow_with_jobs(login, users, django_assert_max_num_queries):
    client = login(users["admin_a"])
    for i in range(25):
        ImportJob.objects.create(kind=ImportKind.TARGETS, original_name=f"{i}.csv", created_by=users["admin_a"],
                                 status=ImportStatus.SUCCEEDED, summary={"created": 1, "updated": 0, "unchanged": 0})
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert len(response.context["page_obj"].object_list) == 20
