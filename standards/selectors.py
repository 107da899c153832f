"""The rules in force for a province on a date, read with one query."""
import datetime
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from core.tablecache import TableCache
from regions.models import Region

from . import registry
from .models import DocumentRequirement, Standard

# The rules rows, cached for every page and task that reads them (core/tablecache.py: any save or delete of a
# Standard, watched from StandardsConfig.ready, forgets them at once in this process and within seconds in others).
STANDARDS = TableCache("standards")

NATIONAL = "national"
PROVINCE = "province"


@dataclass(frozen=True)
class InForce:
    rule: registry.Rule
    value: int
    source: str  # NATIONAL or PROVINCE
    row: Standard | None  # the row that set it; None: the national text's value
    national_value: int


class Standards:
    """{key: value} of the rules in force for one province on one day (national ones where it sets none)."""

    def __init__(self, province_code: str = "", on: datetime.date | None = None):
        self.province_code = (province_code or "")[:2]
        self.on = on or timezone.localdate()
        national: dict[str, Standard] = {}
        province: dict[str, Standard] = {}
        rows = _province_rows(self.province_code)
        for row in rows:  # later rows replace earlier ones
            if row.valid_from > self.on:
                break
            (province if row.province_code else national)[row.key] = row
        self.rules: dict[str, InForce] = {}
        for rule in registry.RULES:
            base = national.get(rule.key)
            national_value = base.value if base else rule.national
            own = province.get(rule.key)
            if own is not None:
                self.rules[rule.key] = InForce(rule, own.value, PROVINCE, own, national_value)
            else:
                self.rules[rule.key] = InForce(rule, national_value, NATIONAL, base, national_value)

    def __getitem__(self, key: str) -> int:
        return self.rules[key].value

    def __iter__(self):
        return iter(self.rules.values())


def _province_rows(province_code: str) -> list[Standard]:
    """The national rows and those of the province, oldest first (cached)."""
    return STANDARDS.cached("province", (province_code,), lambda: list(
        Standard.objects.for_province(province_code).order_by("valid_from", "id")))


def _all_rows() -> list[tuple[str, str, int, datetime.date]]:
    """(key, province code, value, valid from) of every row, oldest first (cached)."""
    return STANDARDS.cached("all", (), lambda: list(
        Standard.objects.order_by("valid_from", "id").values_list("key", "province_code", "value", "valid_from")))


def province_shown(user, asked: str) -> str:
    """The province whose rules a user reads: its own for a user scoped to a province or below; the one asked
    (two digits, an existing province; "" for the national rules) for national users. Http404 otherwise."""
    scope = user.scope_code
    if scope:
        return scope[:2]
    if asked and not (len(asked) == 2 and asked.isdigit() and Region.objects.filter(code=asked).exists()):
        raise Http404
    return asked or ""


def standards_for(province_code: str = "", on: datetime.date | None = None) -> Standards:
    return Standards(province_code, on)


def history(province_code: str = ""):
    """Every row of the national rules and of the province, newest first (the page's history)."""
    return Standard.objects.for_province(province_code).select_related("created_by").order_by("-valid_from", "-id")


def values_by_province(key: str, on: datetime.date | None = None) -> tuple[int, dict[str, int]]:
    """(national value, {province code: value} of the provinces that set their own) of one rule on a day, in one
    query: for a task that runs over the whole country (the yearly health-check reminders)."""
    return ByProvince([key], on).of(key)


class ByProvince:
    """Some rules on a day for every province at once, in one query: `value(key, province_code)`."""

    def __init__(self, keys, on: datetime.date | None = None):
        on = on or timezone.localdate()
        self.national = {key: registry.national(key) for key in keys}
        self.provinces: dict[str, dict[str, int]] = {key: {} for key in keys}
        for key, code, value, valid_from in _all_rows():
            if valid_from > on:
                break
            if key not in self.national:
                continue
            if code:
                self.provinces[key][code] = value
            else:
                self.national[key] = value

    def value(self, key: str, province_code: str) -> int:
        return self.provinces[key].get((province_code or "")[:2], self.national[key])

    def of(self, key: str) -> tuple[int, dict[str, int]]:
        return self.national[key], self.provinces[key]


def documents_in_force(province_code: str, on: datetime.date | None = None) -> list[DocumentRequirement]:
    """The filing materials the province requires on the day beyond the national list."""
    if not province_code:
        return []
    return list(DocumentRequirement.objects.in_force(province_code, on or timezone.localdate()))


_LABELS: dict[str, str] = {}


def document_label(code: str) -> str | None:
    """The name of a provincial material by its code (rows are never edited: names are cached per process)."""
    label = _LABELS.get(code)
    if label is None:
        label = DocumentRequirement.objects.filter(code=code).values_list("label", flat=True).first()
        if label is not None:
            _LABELS[code] = label
    return label


def document_history(province_code: str):
    return DocumentRequirement.objects.filter(province_code=province_code).select_related("created_by") \
        .order_by("-valid_from", "-id")
