"""Hostile or foreign files: decompression bombs, runaway sizes and foreign encodings are refused with a clear
message before they are parsed (issue 12 points 3 and 10)."""
import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from imports import messages as msg
from imports import readers
from imports.models import ImportJob
from tests.imports.files import EN_HEADERS, english_cells, institution_rows

pytestmark = pytest.mark.django_db
LIST = reverse("imports:list")
BOMB_START = msg.MSG_FILE_TOO_BIG_UNPACKED.split("（")[0]


def bomb(unpacked_mb: int = 220) -> bytes:
    """A valid-looking workbook whose sheet unpacks to `unpacked_mb` MB from well under 1 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        row = b'<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAA</t></is></c></row>' * 20_000
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(unpacked_mb * 1024 * 1024 // len(row)):
                sheet.write(row)
    return buffer.getvalue()


def test_the_upload_page_refuses_a_bomb_at_the_field_without_unpacking_it(client, users, regions):
    data = bomb()
    assert len(data) < 2 * 1024 * 1024
    client.force_login(users["city_admin"])
    tracemalloc.start()
    response = client.post(LIST, {"kind": "institutions", "file": SimpleUploadedFile("机构.xlsx", data)})
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 200 and ImportJob.objects.count() == 0
    assert BOMB_START in response.context["form"].errors["file"][0]
    assert peak < 50 * 1024 * 1024


def test_the_command_refuses_a_bomb(regions, tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb())
    with pytest.raises(CommandError):
        call_command("import_institutions", str(path))


def test_the_task_refuses_a_bomb_that_reached_storage(users, regions, django_capture_on_commit_callbacks):
    """A file stored without the page's check (another path) is refused by the worker's reader: the job says
    why, and nothing is written."""
    from imports.models import ImportStatus
    from imports.services.jobs import import_job_create

    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(user=users["city_admin"], kind="institutions", dry_run=False,
                                upload=SimpleUploadedFile("bomb.xlsx", bomb()))
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED
    assert BOMB_START in str(job.errors) + str(job.summary)


def test_rows_columns_and_cells_are_capped(monkeypatch):
    monkeypatch.setattr(readers, "MAX_ROWS", 3)
    header = ",".join(EN_HEADERS) + "\n"
    rows = "".join(",".join(english_cells(row)) + "\n" for row in institution_rows(4))
    with pytest.raises(readers.FileRefused, match="文件超过 3 行数据"):
        readers.read_table(io.BytesIO((header + rows).encode()), "x.csv")
    with translation.override("en"), pytest.raises(readers.FileRefused, match="more than 3 data rows"):
        readers.read_table(io.BytesIO((header + rows).encode()), "x.csv")
    with translation.override("en"), pytest.raises(readers.FileRefused, match="Row 1 has more than 60 columns"):
        readers.read_table(io.BytesIO((",".join(f"c{i}" for i in range(80)) + "\n").encode()), "x.csv")
    with pytest.raises(readers.FileRefused, match="第 2 行有单元格超过 2000 个字符"):
        readers.read_table(io.BytesIO((header + "x" * 2001 + "\n").encode()), "x.csv")
    # Trailing empty columns (a whole row formatted) are not columns.
    table = readers.read_table(io.BytesIO((header.rstrip("\n") + "," * 100 + "\n").encode()), "x.csv")
    assert table.headers[:2] == EN_HEADERS[:2]


@pytest.mark.parametrize(("encoding", "named"), [("big5", "Big5"), ("shift_jis", "Shift-JIS")])
def test_a_csv_in_a_foreign_encoding_is_refused_naming_it(client, users, regions, encoding, named):
    text = "統一社會信用代碼,機構名稱\n91440300715267260X,臺北市幼兒園托嬰中心\n" if encoding == "big5" else \
        "統一社会信用コード,施設名\n91440300715267260X,東京都保育園テスト\n"
    data = text.encode(encoding)
    client.force_login(users["city_admin"])
    response = client.post(LIST, {"kind": "institutions", "file": SimpleUploadedFile("机构.csv", data)})
    assert response.status_code == 200 and ImportJob.objects.count() == 0
    assert named in response.context["form"].errors["file"][0]


def test_gbk_and_utf8_chinese_still_read():
    text = "统一社会信用代码,机构名称\n91440300715267260X,石家庄市长安区阳光托育园\n"
    for encoding in ("gbk", "utf-8", "utf-8-sig"):
        assert readers.decode_text(text.encode(encoding)) == text
