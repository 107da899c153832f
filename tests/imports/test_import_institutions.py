"""Importing institutions: all-or-nothing validation, semantics, idempotency and the file formats."""
import datetime
import time

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.models import AuditEvent
from imports import messages as msg
from imports.models import ImportJob, ImportStatus
from imports.services.institutions import OPERATING_MODEL_LABELS, shown_choices
from institutions.models import CapacityRecord, FilingState, Institution
from institutions.validators import MSG_CREDIT_LENGTH
from tests.factories import InstitutionFactory, make_credit_code

from .conftest import institution_state
from .files import (
    EN_HEADERS,
    ZH_HEADERS,
    chinese_cells,
    english_cells,
    institution_row,
    institution_rows,
    institutions_csv,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


def refusal(run_import, path) -> str:
    with pytest.raises(CommandError) as excinfo:
        run_import("institutions", path)
    return str(excinfo.value)


def error_lines(capsys_err: str) -> list[str]:
    return [line for line in capsys_err.splitlines() if line.startswith("row ")]


def test_2000_rows_with_one_bad_row_write_nothing_and_report_that_row(regions, run_import, tmp_path):
    rows = institution_rows(2000)
    rows[1233]["slots"] = -5  # the 1,234th data row: spreadsheet row 1,235
    path = institutions_csv(tmp_path / "bad.csv", rows)
    jobs_before = ImportJob.objects.count()
    with pytest.raises(CommandError, match="1 bad row"):
        run_import("institutions", path)
    assert Institution.objects.count() == 0 and CapacityRecord.objects.count() == 0
    job = ImportJob.objects.latest("id")
    assert ImportJob.objects.count() == jobs_before + 1
    assert job.status == ImportStatus.REFUSED
    assert job.errors == [{"row": 1235, "column": "slots", "field": "slots", "value": "-5",
                           "message": msg.MSG_NON_NEGATIVE, "message_params": {"m": "不能为负数", "a": {}}}]


def test_refusal_prints_each_bad_row_with_column_value_and_reason(regions, tmp_path, capsys):
    from django.core.management import call_command

    rows = institution_rows(5)
    rows[0]["credit_code"] = "91440300715267260X"  # wrong check character
    rows[2]["enrolled"] = rows[2]["slots"] + 1
    rows[4]["region_code"] = "999999"
    path = institutions_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(CommandError, match="3 bad row"):
        call_command("import_institutions", str(path))
    lines = error_lines(capsys.readouterr().err)
    assert len(lines) == 3
    assert lines[0].startswith("row 2, column credit_code (credit_code), value '91440300715267260X':")
    assert lines[1].startswith(f"row 4, column enrolled (enrolled), value '{rows[2]['enrolled']}':")
    assert msg.MSG_ENROLLED_OVER_SLOTS.format(enrolled=rows[2]["enrolled"], slots=rows[2]["slots"]) in lines[1]
    assert lines[2].endswith(msg.MSG_REGION_UNKNOWN.format(code="999999"))
    assert Institution.objects.count() == 0


def test_2000_rows_import_then_reimport_changes_nothing(regions, run_import, tmp_path):
    rows = institution_rows(2000)
    path = institutions_csv(tmp_path / "good.csv", rows)
    started = time.monotonic()
    out, _ = run_import("institutions", path)
    elapsed = time.monotonic() - started
    assert "2000 rows: 2000 created, 0 updated, 0 unchanged" in out
    assert elapsed < 30, f"2,000 rows took {elapsed:.1f} s"
    assert Institution.objects.count() == 2000
    assert Institution.objects.filter(filing_state=FilingState.DEREGISTERED).count() == 200
    assert CapacityRecord.objects.count() == 2000

    for row in (rows[0], rows[9], rows[1999]):
        inst = Institution.objects.get(credit_code=row["credit_code"])
        record = inst.capacity_records.get()
        assert (record.effective_from, record.effective_to) == (row["filed_on"], row["deregistered_on"])
        assert (record.slots, record.enrolled, record.source) == (row["slots"], row["enrolled"], "import")
        assert inst.filed_on == row["filed_on"] and inst.deregistered_on == row["deregistered_on"]
        assert inst.filing_state == (FilingState.DEREGISTERED if row["deregistered_on"] else FilingState.FILED)
    state = institution_state()

    out, _ = run_import("institutions", path)
    assert "2000 rows: 0 created, 0 updated, 2000 unchanged" in out
    assert CapacityRecord.objects.count() == 2000
    assert institution_state() == state
    audits = AuditEvent.objects.filter(action="import.run")
    assert audits.count() == 2  # one per run, not one per row


def test_dry_run_writes_nothing_and_says_so(regions, run_import, tmp_path):
    path = institutions_csv(tmp_path / "good.csv", institution_rows(30))
    out, _ = run_import("institutions", path, "--dry-run")
    assert "nothing was written" in out and "30 created" in out
    assert Institution.objects.count() == 0 and CapacityRecord.objects.count() == 0
    job = ImportJob.objects.latest("id")
    assert job.dry_run and job.status == ImportStatus.SUCCEEDED and job.summary["written"] is False


def test_refused_dry_run_also_exits_non_zero(regions, run_import, tmp_path):
    rows = institution_rows(3)
    rows[1]["filed_on"] = "2022-13-01"
    path = institutions_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(CommandError):
        run_import("institutions", path, "--dry-run")


@pytest.mark.parametrize("fmt", ["gbk_csv", "utf8_bom_csv", "xlsx"])
def test_chinese_files_import_to_the_same_state_as_the_english_utf8_csv(regions, run_import, tmp_path, fmt):
    rows = institution_rows(60)
    run_import("institutions", institutions_csv(tmp_path / "en.csv", rows))
    expected = institution_state()
    Institution.objects.all().delete()

    if fmt == "xlsx":
        path = write_xlsx(tmp_path / "zh.xlsx", ZH_HEADERS, [chinese_cells(row, excel=True) for row in rows])
    else:
        encoding = "gbk" if fmt == "gbk_csv" else "utf-8-sig"
        headers = [f" {header} " for header in ZH_HEADERS]  # spaces around headers are tolerated
        path = write_csv(tmp_path / "zh.csv", headers, [chinese_cells(row) for row in rows], encoding=encoding)
    out, _ = run_import("institutions", path)
    assert "60 created" in out
    assert institution_state() == expected


def test_xlsx_serial_date_numbers_and_blank_rows(regions, run_import, tmp_path):
    row = institution_row(1)
    cells = chinese_cells(row, excel=True)
    cells[ZH_HEADERS.index("备案日期")] = 44742  # Excel serial of 2022-06-30 in a number cell
    cells[ZH_HEADERS.index("托位数")] = 40.0
    cells[ZH_HEADERS.index("在托人数")] = 30
    path = write_xlsx(tmp_path / "f.xlsx", ZH_HEADERS, [[None] * len(ZH_HEADERS), cells])
    run_import("institutions", path)
    inst = Institution.objects.get()
    assert inst.filed_on == datetime.date(2022, 6, 30)
    assert inst.capacity_at(datetime.date(2022, 7, 1)).slots == 40


def test_xlsx_errors_use_the_spreadsheet_row_numbers(regions, tmp_path, capsys):
    from django.core.management import call_command

    rows = [chinese_cells(institution_row(i), excel=True) for i in range(3)]
    rows[2][ZH_HEADERS.index("办托模式")] = "不存在的模式"
    path = write_xlsx(tmp_path / "f.xlsx", ZH_HEADERS, [rows[0], [None] * 14, rows[1], rows[2]])
    with pytest.raises(CommandError):
        call_command("import_institutions", str(path))
    (line,) = error_lines(capsys.readouterr().err)
    assert line.startswith("row 5, column 办托模式 (operating_model), value '不存在的模式':")


def test_community_halves_and_kindergarten_aliases_are_accepted(regions, run_import, tmp_path):
    rows = [institution_row(i) for i in range(4)]
    cells = [chinese_cells(row) for row in rows]
    model = ZH_HEADERS.index("办托模式")
    cells[0][model], cells[1][model], cells[2][model], cells[3][model] = (
        "社区公办民营", "民办公助", "托幼一体", "幼儿园托班（托幼一体）")
    run_import("institutions", write_csv(tmp_path / "f.csv", ZH_HEADERS, cells))
    models = dict(Institution.objects.values_list("credit_code", "operating_model"))
    assert [models[row["credit_code"]] for row in rows] == ["community", "community", "kindergarten",
                                                            "kindergarten"]


def test_missing_required_columns_are_reported_at_file_level(regions, tmp_path, capsys):
    from django.core.management import call_command

    headers = [h for h in EN_HEADERS if h not in ("slots", "filed_on")]
    path = write_csv(tmp_path / "f.csv", headers, [["x"] * len(headers)])
    with pytest.raises(CommandError, match="file problem"):
        call_command("import_institutions", str(path))
    err = capsys.readouterr().err
    assert msg.MSG_MISSING_COLUMNS.format(columns="托位数 (slots)、备案日期 (filed_on)") in err
    assert "row " not in err


@pytest.mark.parametrize(("key", "value", "message"), [
    ("credit_code", "9144030071526726X", MSG_CREDIT_LENGTH.format(length=17)),
    ("region_code", "1301", msg.MSG_REGION_LEVEL),
    ("region_code", "130102999", msg.MSG_REGION_UNKNOWN.format(code="130102999")),
    ("operating_model", "nursery", msg.MSG_CHOICE.format(choices=shown_choices(OPERATING_MODEL_LABELS))),
    ("inclusive", "maybe", msg.MSG_BOOLEAN),
    ("slots", "4.5", msg.MSG_INTEGER),
    ("enrolled", "", msg.MSG_REQUIRED),
    ("filed_on", "30/06/2022", msg.MSG_DATE),
    ("star_rating", "6", msg.MSG_STAR_RATING),
    ("deregistered_on", "2021-12-31", msg.MSG_DEREGISTERED_BEFORE_FILED.format(filed_on="2022-01-01")),
    ("name", "", msg.MSG_REQUIRED),
])
def test_each_bad_value_is_reported_on_its_column(regions, tmp_path, key, value, message):
    from imports.services import InstitutionImporter

    row = institution_row(0)
    cells = english_cells(row)
    cells[EN_HEADERS.index(key)] = value
    path = write_csv(tmp_path / "f.csv", EN_HEADERS, [cells])
    with open(path, "rb") as handle:
        prepared = InstitutionImporter().prepare(handle, "f.csv")
    (error,) = prepared.errors
    assert (error.row, error.column, error.value) == (2, key, value)
    assert str(error.message) == message


def test_future_dates_are_refused(regions, tmp_path):
    from imports.services import InstitutionImporter

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    path = institutions_csv(tmp_path / "f.csv", [institution_row(0, filed_on=tomorrow)])
    with open(path, "rb") as handle:
        (error,) = InstitutionImporter().prepare(handle, "f.csv").errors
    assert error.field == "filed_on" and str(error.message) == msg.MSG_DATE_FUTURE.format(today=timezone.localdate())


def test_duplicate_credit_code_is_an_error_on_the_second_row(regions, run_import, tmp_path, capsys):
    from django.core.management import call_command

    rows = institution_rows(3)
    rows[2]["credit_code"] = rows[0]["credit_code"]
    path = institutions_csv(tmp_path / "f.csv", rows)
    with pytest.raises(CommandError):
        call_command("import_institutions", str(path))
    (line,) = error_lines(capsys.readouterr().err)
    assert line.startswith("row 4, column credit_code") and msg.MSG_DUPLICATE_CREDIT_CODE.format(first=2) in line


def test_a_later_file_updates_facts_and_appends_capacity_without_overwriting(regions, run_import, tmp_path):
    rows = institution_rows(3)
    run_import("institutions", institutions_csv(tmp_path / "v1.csv", rows))
    today = timezone.localdate()
    changed = [dict(rows[0], slots=rows[0]["slots"] + 10, enrolled=5), dict(rows[1], name="新名称托育园"), rows[2]]
    out, _ = run_import("institutions", institutions_csv(tmp_path / "v2.csv", changed))
    assert "3 rows: 0 created, 2 updated, 1 unchanged" in out

    first = Institution.objects.get(credit_code=rows[0]["credit_code"])
    old, new = first.capacity_records.order_by("effective_from")
    assert (old.effective_from, old.effective_to, old.slots) == (rows[0]["filed_on"], today, rows[0]["slots"])
    assert (new.effective_from, new.effective_to, new.slots, new.enrolled) == (today, None, rows[0]["slots"] + 10, 5)
    assert first.capacity_at(today - datetime.timedelta(days=1)).slots == rows[0]["slots"]
    second = Institution.objects.get(credit_code=rows[1]["credit_code"])
    assert second.name == "新名称托育园" and second.capacity_records.count() == 1

    out, _ = run_import("institutions", institutions_csv(tmp_path / "v2.csv", changed))
    assert "0 created, 0 updated, 3 unchanged" in out
    assert CapacityRecord.objects.count() == 4


def test_same_day_second_change_corrects_the_record_started_today(regions, run_import, tmp_path):
    row = institution_row(0)
    run_import("institutions", institutions_csv(tmp_path / "v1.csv", [row]))
    run_import("institutions", institutions_csv(tmp_path / "v2.csv", [dict(row, slots=60, enrolled=10)]))
    run_import("institutions", institutions_csv(tmp_path / "v3.csv", [dict(row, slots=70, enrolled=10)]))
    records = list(CapacityRecord.objects.order_by("effective_from").values_list("slots", "effective_to"))
    assert records == [(row["slots"], timezone.localdate()), (70, None)]


def test_deregistration_in_a_later_file_ends_the_capacity_record(regions, run_import, tmp_path):
    row = institution_row(0)
    run_import("institutions", institutions_csv(tmp_path / "v1.csv", [row]))
    closed_on = row["filed_on"] + datetime.timedelta(days=200)
    out, _ = run_import("institutions", institutions_csv(tmp_path / "v2.csv", [dict(row, deregistered_on=closed_on)]))
    assert "1 updated" in out
    inst = Institution.objects.get()
    assert inst.filing_state == FilingState.DEREGISTERED and inst.deregistered_on == closed_on
    assert inst.capacity_records.get().effective_to == closed_on
    # A later file without the deregistration date does not reopen the institution.
    out, _ = run_import("institutions", institutions_csv(tmp_path / "v1.csv", [row]))
    assert "1 unchanged" in out
    assert Institution.objects.get().filing_state == FilingState.DEREGISTERED


def test_empty_optional_cells_keep_the_portal_values(regions, run_import, tmp_path):
    row = institution_row(1)
    run_import("institutions", institutions_csv(tmp_path / "v1.csv", [row]))
    out, _ = run_import("institutions", institutions_csv(tmp_path / "v2.csv", [dict(row, phone=None, address=None)]))
    assert "1 unchanged" in out
    assert Institution.objects.get().phone == row["phone"]


def test_existing_institution_in_the_filing_workflow_is_not_overwritten(regions, run_import, tmp_path, capsys):
    from django.core.management import call_command

    draft = InstitutionFactory(credit_code=make_credit_code(100_000), filing_state=FilingState.NOT_FILED)
    with pytest.raises(CommandError):
        call_command("import_institutions", str(institutions_csv(tmp_path / "f.csv", [institution_row(0)])))
    assert msg.MSG_EXISTING_IN_WORKFLOW.format(state="未备案") in capsys.readouterr().err
    draft.refresh_from_db()
    assert draft.filing_state == FilingState.NOT_FILED


def test_existing_factory_institution_with_same_facts_is_unchanged(regions, run_import, tmp_path):
    inst = InstitutionFactory(region=regions["county_a"], capacity=(40, 30))
    row = institution_row(0, credit_code=inst.credit_code, name=inst.name, region_code="130102",
                          operating_model=inst.operating_model, nature=inst.nature, inclusive=inst.inclusive,
                          pilot_level=inst.pilot_level, slots=40, enrolled=30, filed_on=inst.filed_on,
                          address=inst.address, phone=None, star_rating=None, deregistered_on=None)
    out, _ = run_import("institutions", institutions_csv(tmp_path / "f.csv", [row]))
    assert "0 created, 0 updated, 1 unchanged" in out


def test_unsupported_extension_is_a_clear_error(regions, run_import, tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("credit_code\n")
    with pytest.raises(CommandError, match=r"仅支持 \.csv 或 \.xlsx 文件"):
        run_import("institutions", path)


def test_binary_csv_and_fake_xlsx_are_refused(regions, run_import, tmp_path):
    binary = tmp_path / "f.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(CommandError):
        run_import("institutions", binary)
    assert ImportJob.objects.latest("id").summary["file_errors"] == [msg.MSG_FILE_ENCODING]
    fake = tmp_path / "f.xlsx"
    fake.write_text("credit_code,name\n")
    with pytest.raises(CommandError):
        run_import("institutions", fake)
    assert ImportJob.objects.latest("id").summary["file_errors"] == [msg.MSG_FILE_NOT_XLSX]


def test_the_import_writes_one_audit_event_on_the_job(regions, run_import, tmp_path):
    run_import("institutions", institutions_csv(tmp_path / "f.csv", institution_rows(5)))
    job = ImportJob.objects.latest("id")
    (event,) = AuditEvent.objects.filter(action="import.run")
    assert (event.object_type, event.object_id) == ("imports.importjob", str(job.pk))
    assert event.after["created"] == 5 and "新增 5" in event.summary


def test_star_ratings_set_by_a_file_are_kept_in_the_rating_history(regions, run_import, tmp_path):
    from institutions.models import StarRatingChange

    rows = institution_rows(3)  # stars: none, 1, 2
    run_import("institutions", institutions_csv(tmp_path / "v1.csv", rows))
    history = {c.institution.credit_code: (c.old_rating, c.new_rating, c.direction)
               for c in StarRatingChange.objects.select_related("institution")}
    assert history == {rows[1]["credit_code"]: (None, 1, "set"), rows[2]["credit_code"]: (None, 2, "set")}
    changed = [dict(rows[0], star_rating=3), dict(rows[1], star_rating=None), dict(rows[2], star_rating=1)]
    run_import("institutions", institutions_csv(tmp_path / "v2.csv", changed))
    latest = {c.institution.credit_code: (c.old_rating, c.new_rating, c.direction, c.reason)
              for c in StarRatingChange.objects.select_related("institution").order_by("id")}
    assert latest[rows[0]["credit_code"]][:3] == (None, 3, "set")
    assert latest[rows[1]["credit_code"]][:3] == (None, 1, "set")  # an empty cell keeps the rating: no change
    assert latest[rows[2]["credit_code"]][:3] == (2, 1, "down") and "数据导入" in latest[rows[2]["credit_code"]][3]
    assert StarRatingChange.objects.count() == 4
    run_import("institutions", institutions_csv(tmp_path / "v2.csv", changed))  # the same file again: nothing
    assert StarRatingChange.objects.count() == 4


def test_a_county_recognition_is_not_overridden_by_an_import(regions, run_import, tmp_path, django_user_model):
    """Once the county keeps dated inclusive recognitions of an institution, they say whether it is inclusive: a
    later file's 普惠 column no longer changes it (docs/programme.md); without recognitions the column still does."""
    from institutions.models import InclusiveRecognition

    kept, flagged = institution_row(0, inclusive=True), institution_row(2, inclusive=True)
    run_import("institutions", institutions_csv(tmp_path / "v1.csv", [kept, flagged]))
    admin = django_user_model.objects.create(username="county_admin")
    InclusiveRecognition.objects.create(institution=Institution.objects.get(credit_code=kept["credit_code"]),
                                        valid_from=datetime.date(2024, 1, 1), basis="名单", recognised_by=admin)
    run_import("institutions", institutions_csv(tmp_path / "v2.csv", [dict(kept, inclusive=False),
                                                                      dict(flagged, inclusive=False)]))
    assert Institution.objects.get(credit_code=kept["credit_code"]).inclusive is True
    assert Institution.objects.get(credit_code=flagged["credit_code"]).inclusive is False
