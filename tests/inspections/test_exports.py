"""Exports of inspections: one visit's record and the visit list, CSV and XLSX, scoped like the pages (a visit
of another county is 404) and without inspector names for operators."""
import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from inspections.models import Result, Visit

from .conftest import finished_visit, items_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit_a(institutions, users, checklists):
    first = next(iter(items_of(Visit(template=checklists["routine"]))))
    return finished_visit(institutions["a"], users["inspector_a"], "routine", overrides={first: Result.NOT_MET})


def xlsx_rows(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))


def test_the_inspector_exports_the_visit_record_with_every_item(login, users, visit_a):
    client = login(users["inspector_a"])
    assert 'id="visit-export"' in client.get(reverse("inspections:visit_detail", args=[visit_a.pk])).content.decode()
    response = client.get(reverse("inspections:visit_export", args=[visit_a.pk, "xlsx"]))
    assert response.status_code == 200
    rows = xlsx_rows(response)
    facts = {row[0]: row[1] for row in rows if row and row[0] and row[1] is not None}
    assert facts["检查编号"] == visit_a.pk and facts["托育机构"] == "长安区阳光托育园"
    assert facts["检查类型"] == "日常检查（不打招呼）" and facts["状态"] == "已完成"
    assert str(users["inspector_a"]) in (facts.get("检查人员") or "")
    header = rows.index(("分区", "序号", "检查内容", "风险等级", "否决项", "分值", "结果", "说明"))
    items = rows[header + 1:]
    assert len(items) == len(items_of(visit_a))
    failed = [row for row in items if row[6] == "不符合"]
    assert len(failed) == 1 and failed[0][7] == "现场发现问题" and failed[0][1] == 1

    text = client.get(reverse("inspections:visit_export", args=[visit_a.pk, "csv"])).content.decode()
    assert text.startswith("\ufeff检查编号,") and "不符合" in text


def test_another_county_gets_404_and_operators_get_no_names(login, users, visit_a):
    other = login(users["inspector_b"])
    for fmt in ("xlsx", "csv"):
        assert other.get(reverse("inspections:visit_export", args=[visit_a.pk, fmt])).status_code == 404
    listed = other.get(reverse("inspections:visit_list_export", args=["csv"])).content.decode()
    assert "长安区阳光托育园" not in listed
    operator = login(users["operator_a"])
    rows = xlsx_rows(operator.get(reverse("inspections:visit_export", args=[visit_a.pk, "xlsx"])))
    assert "检查人员" not in [row[0] for row in rows if row]
    assert login(users["operator_b"]).get(
        reverse("inspections:visit_export", args=[visit_a.pk, "xlsx"])).status_code == 404
    assert login(users["inspector_a"]).get(
        reverse("inspections:visit_export", args=[visit_a.pk, "pdf"])).status_code == 404


def test_the_visit_list_exports_with_its_filters(login, users, visit_a, institutions, checklists,
                                                 django_assert_max_num_queries):
    finished_visit(institutions["a"], users["inspector_a"], "fire")
    client = login(users["inspector_a"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("inspections:visit_list_export", args=["csv"]), {"type": "routine"})
    table = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert table[0][:5] == ["检查编号", "托育机构", "统一社会信用代码", "区划代码", "检查类型"]
    assert [row[0] for row in table[1:]] == [str(visit_a.pk)]
    assert table[1][12] == "1"  # one finding
    rows = xlsx_rows(client.get(reverse("inspections:visit_list_export", args=["xlsx"])))
    assert len(rows) == 3  # the header and both visits


def test_a_visit_list_over_the_limit_is_refused_with_a_message(login, users, visit_a, monkeypatch):
    monkeypatch.setattr("inspections.exports.MAX_LIST_ROWS", 0)
    client = login(users["inspector_a"])
    response = client.get(reverse("inspections:visit_list_export", args=["xlsx"]), {"type": "routine"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("?type=routine")
    assert "超过单次导出上限 0 条" in response.content.decode()


def test_the_visit_list_shows_the_visit_date(login, users, visit_a):
    page = login(users["inspector_a"]).get(reverse("inspections:visit_list")).content.decode()
    assert visit_a.finished_on.isoformat() in page
