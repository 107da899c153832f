"""Cell values: dates, numbers, flags, choices and headers as spreadsheets really write them."""
import datetime

import pytest

from imports import messages as msg
from imports.readers import FileRefused, decode_text, read_table
from imports.values import (
    CellError,
    parse_boolean,
    parse_date,
    parse_integer,
    parse_region_code,
    parse_star_rating,
)


@pytest.mark.parametrize("value", [
    "2022-06-30", "2022/6/30", "2022.6.30", " 2022-06-30 ", "２０２２－０６－３０", "2022年6月30日", "20220630",
    "2022-06-30 00:00:00", datetime.date(2022, 6, 30), datetime.datetime(2022, 6, 30), 44742, 44742.0, "44742",
])
def test_dates(value):
    assert parse_date(value) == datetime.date(2022, 6, 30)


@pytest.mark.parametrize("value", ["2022-02-30", "30/06/2022", "yesterday", "2022-6", True, 0])
def test_bad_dates(value):
    with pytest.raises(CellError) as excinfo:
        parse_date(value)
    assert excinfo.value.message == msg.MSG_DATE


@pytest.mark.parametrize(("value", "expected"), [
    ("40", 40), ("４０", 40), (" 40 ", 40), (40, 40), (40.0, 40), ("40.0", 40), ("1,200", 1200), ("0", 0),
])
def test_integers(value, expected):
    assert parse_integer(value) == expected


@pytest.mark.parametrize(("value", "message"), [
    ("-1", msg.MSG_NON_NEGATIVE), ("4.5", msg.MSG_INTEGER), (4.5, msg.MSG_INTEGER), ("四十", msg.MSG_INTEGER),
    (True, msg.MSG_INTEGER), ("12,34", msg.MSG_INTEGER),
])
def test_bad_integers(value, message):
    with pytest.raises(CellError) as excinfo:
        parse_integer(value)
    assert excinfo.value.message == message


@pytest.mark.parametrize(("value", "expected"), [
    ("是", True), ("否", False), ("true", True), ("FALSE", False), ("1", True), ("0", False), (1, True),
    (0.0, False), (True, True), ("１", True), (" 是 ", True),
])
def test_booleans(value, expected):
    assert parse_boolean(value) is expected


@pytest.mark.parametrize(("value", "expected"), [("3", 3), ("３", 3), (3.0, 3), ("3星", 3), ("★★★★", 4)])
def test_star_ratings(value, expected):
    assert parse_star_rating(value) == expected


@pytest.mark.parametrize("value", ["0", "6", "3.5", "good"])
def test_bad_star_ratings(value):
    with pytest.raises(CellError, match="1–5"):
        parse_star_rating(value)


def test_region_codes():
    assert parse_region_code(130102) == "130102"
    assert parse_region_code(130102.0) == "130102"
    assert parse_region_code("１３０１０２００１") == "130102001"
    with pytest.raises(CellError):
        parse_region_code("13010")


def test_csv_encodings():
    text = "区划代码,年份,常住人口\n130102,2024,1\n"
    assert decode_text(text.encode("utf-8")) == text
    assert decode_text(text.encode("utf-8-sig")) == text
    assert decode_text(text.encode("gbk")) == text
    assert decode_text(b"\x00\x01") is None


def test_csv_reader_counts_records_and_skips_blank_lines():
    import io

    data = '区划代码,年份,常住人口\n\n"130102",2024,"1"\n,,\n130104,2024,2\n'.encode("gbk")
    table = read_table(io.BytesIO(data), "x.CSV")
    assert table.headers == ["区划代码", "年份", "常住人口"]
    assert [number for number, _ in table.rows] == [3, 5]


def test_semicolon_and_tab_separated_csv():
    import io

    for sep in (";", "\t"):
        table = read_table(io.BytesIO(f"a{sep}b\n1{sep}2\n".encode()), "x.csv")
        assert table.headers == ["a", "b"] and table.rows == [(2, ["1", "2"])]


def test_empty_file_is_refused():
    import io

    with pytest.raises(FileRefused) as excinfo:
        read_table(io.BytesIO(b"\r\n\r\n"), "x.csv")
    assert excinfo.value.problems == [msg.MSG_FILE_EMPTY]
