"""Import files written by the tests: institution rows in English/Chinese, as CSV (UTF-8/GBK) or XLSX."""
import csv
import datetime
import unicodedata
from pathlib import Path

import openpyxl

from tests.factories import make_credit_code

EN_HEADERS = ["credit_code", "name", "region_code", "operating_model", "nature", "inclusive", "pilot_level",
              "slots", "enrolled", "filed_on", "address", "phone", "star_rating", "deregistered_on"]
ZH_HEADERS = ["统一社会信用代码", "机构名称", "区划代码", "办托模式", "性质", "普惠", "试点级别",
              "托位数", "在托人数", "备案日期", "地址", "电话", "星级", "注销日期"]
MODELS = ["brand_chain", "community", "kindergarten", "employer", "medical", "independent", "family"]
MODEL_ZH = {"brand_chain": "品牌连锁", "community": "社区公办民营/民办公助", "kindergarten": "幼儿园托班",
            "employer": "单位福利性", "medical": "医育结合", "independent": "社会力量独立举办",
            "family": "家庭托育点"}
NATURE_ZH = {"for_profit": "营利性", "non_profit": "非营利性"}
PILOTS = ["none", "county", "city", "province"]
PILOT_ZH = {"none": "无", "county": "县级", "city": "市级", "province": "省级"}
REGION_CODES = ["130102", "130104", "130102001"]

POPULATION_EN = ["region_code", "year", "population"]
POPULATION_ZH = ["区划代码", "年份", "常住人口"]
TARGETS_EN = ["region_code", "year", "new_slots_target"]
TARGETS_ZH = ["区划代码", "年份", "年度新增托位目标"]


def institution_row(i: int, **overrides) -> dict:
    """Facts of institution number i (deterministic; every 10th one is deregistered)."""
    slots = 20 + i % 50
    filed_on = datetime.date(2022, 1, 1) + datetime.timedelta(days=i % 900)
    row = {
        "credit_code": make_credit_code(100_000 + i),
        "name": f"测试托育机构{i:05d}",
        "region_code": REGION_CODES[i % len(REGION_CODES)],
        "operating_model": MODELS[i % len(MODELS)],
        "nature": "non_profit" if i % 3 == 0 else "for_profit",
        "inclusive": i % 2 == 0,
        "pilot_level": PILOTS[i % len(PILOTS)],
        "slots": slots,
        "enrolled": slots // 2,
        "filed_on": filed_on,
        "address": f"测试路{i}号",
        "phone": f"0311-{80000000 + i}",
        "star_rating": None if i % 6 == 0 else i % 6,
        "deregistered_on": filed_on + datetime.timedelta(days=100) if i % 10 == 9 else None,
    }
    row.update(overrides)
    return row


def institution_rows(n: int, start: int = 0) -> list[dict]:
    return [institution_row(i) for i in range(start, start + n)]


def fullwidth(text: str) -> str:
    """ASCII digits and letters as their full-width forms (NFKC maps them back)."""
    out = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)
    assert unicodedata.normalize("NFKC", out) == text
    return out


def english_cells(row: dict) -> list:
    def cell(key):
        value = row[key]
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)
    return [cell(key) for key in EN_HEADERS]


def region_cell(code: str):
    """In Excel: county codes as number cells, township codes as full-width text."""
    return int(code) if len(code) == 6 else fullwidth(code)


def chinese_cells(row: dict, *, excel: bool = False) -> list:
    """Chinese labels; dates as 2022/6/30 (or date cells in Excel); full-width slots; padded spaces."""
    def date(value):
        if value is None:
            return None if excel else ""
        return value if excel else f"{value.year}/{value.month}/{value.day}"
    return [
        f" {row['credit_code'].lower()} ",
        row["name"],
        region_cell(row["region_code"]) if excel else row["region_code"],
        MODEL_ZH[row["operating_model"]],
        NATURE_ZH[row["nature"]],
        "是" if row["inclusive"] else "否",
        PILOT_ZH[row["pilot_level"]],
        fullwidth(str(row["slots"])),
        row["enrolled"] if excel else f" {row['enrolled']} ",
        date(row["filed_on"]),
        row["address"],
        row["phone"],
        (row["star_rating"] if excel else f"{row['star_rating']}星") if row["star_rating"] else None,
        date(row["deregistered_on"]),
    ]


def write_csv(path: Path, header: list[str], rows: list[list], *, encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def institutions_csv(path: Path, rows: list[dict], *, encoding: str = "utf-8") -> Path:
    return write_csv(path, EN_HEADERS, [english_cells(row) for row in rows], encoding=encoding)
