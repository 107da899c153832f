"""The user's own exports (我的导出): their jobs only, with expiry and a download link, in bounded queries."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from exports.models import ExportJob, ExportStatus

from .conftest import download_url

pytestmark = pytest.mark.django_db

LIST = reverse("exports:list")


def _done_job(owner, **fields) -> ExportJob:
    finished = timezone.now()
    return ExportJob.objects.create(owner=owner, kind="institutions", format="xlsx", scope_code="130102",
                                    status=ExportStatus.DONE, rows_total=6000, rows_done=6000,
                                    file="exports/x.xlsx", finished_at=finished,
                                    expires_at=finished + datetime.timedelta(days=7), **fields)


def test_the_list_shows_the_users_own_jobs_with_expiry_and_download(login, users):
    mine = _done_job(users["admin_a"])
    theirs = _done_job(users["admin_b"])
    body = login(users["admin_a"]).get(LIST).content.decode()
    assert f'data-job="{mine.pk}"' in body and f'data-job="{theirs.pk}"' not in body
    assert download_url(mine) in body
    assert timezone.localtime(mine.expires_at).strftime("%Y-%m-%d %H:%M") in body


def test_an_expired_job_is_listed_without_a_download_link(login, users):
    job = _done_job(users["admin_a"])
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    body = login(users["admin_a"]).get(LIST).content.decode()
    assert f'data-job="{job.pk}"' in body and download_url(job) not in body


@pytest.mark.parametrize("count", [2, 30])
def test_the_list_page_query_count_does_not_grow(login, users, django_assert_max_num_queries, count):
    for _ in range(count):
        _done_job(users["admin_a"])
    client = login(users["admin_a"])
    with django_assert_max_num_queries(7):
        assert client.get(LIST).status_code == 200
