"""The inspection rules in force for an institution's province on a day, read from the standards (standards/):
planning intervals, default rectification deadlines and the quality grade cut-offs. National values by default;
a province may tighten them (standards.services.standard_set)."""
import datetime
from dataclasses import dataclass

from django.utils import timezone

from standards.selectors import ByProvince, Standards, standards_for

KEYS = {
    "regular_interval_days": "inspection.regular_interval_days",
    "risk_interval_days": "inspection.risk_interval_days",
    "deadline_days": "rectification.deadline_days",
    "high_deadline_days": "rectification.high_deadline_days",
    "a_min": "grade.a_min",
    "b_min": "grade.b_min",
    "c_min": "grade.c_min",
}


@dataclass(frozen=True)
class InspectionRules:
    regular_interval_days: int
    risk_interval_days: int
    deadline_days: int
    high_deadline_days: int
    a_min: int
    b_min: int
    c_min: int

    @classmethod
    def of(cls, standards: Standards) -> "InspectionRules":
        return cls(**{name: standards[key] for name, key in KEYS.items()})


def rules_in_force(province_code: str = "", on: datetime.date | None = None) -> InspectionRules:
    """The rules for the province of `province_code` (any region code; "" for the national ones) on `on`."""
    return InspectionRules.of(standards_for((province_code or "")[:2], on))


class RulesByProvince:
    """The rules of every province on one day, in one query (a plan over several provinces)."""

    def __init__(self, on: datetime.date | None = None):
        self._values = ByProvince(KEYS.values(), on or timezone.localdate())
        self._known: dict[str, InspectionRules] = {}

    def __getitem__(self, region_code: str) -> InspectionRules:
        province = (region_code or "")[:2]
        rules = self._known.get(province)
        if rules is None:
            rules = self._known[province] = InspectionRules(
                **{name: self._values.value(key, province) for name, key in KEYS.items()})
        return rules
