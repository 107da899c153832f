"""The rules for classes (托育机构设置标准(试行) 2019; 家庭托育点管理办法 2023): sizes and ratios, as the
standards in force for the institution's province set them (standards/registry.py declares the national values)."""
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from standards import registry


class ClassType(models.TextChoices):
    INFANT = "infant", _("乳儿班（6–12个月）")
    TODDLER_SMALL = "toddler_small", _("托小班（12–24个月）")
    TODDLER_LARGE = "toddler_large", _("托大班（24–36个月）")
    MIXED = "mixed", _("混合班（18个月以上）")
    FAMILY = "family", _("家庭托育点")


@dataclass(frozen=True)
class ClassRule:
    max_children: int
    children_per_caregiver: int | None  # None: no national ratio


def class_rule(class_type, standards: Mapping[str, int] | None = None) -> ClassRule:
    """The size and ratio of a class type under `standards` (the rules in force for a province on a day,
    standards.selectors.standards_for); the national values when none are given."""
    ctype = ClassType(class_type)
    ratio_key = f"class.children_per_caregiver.{ctype.value}"

    def value(key):
        return standards[key] if standards is not None else registry.national(key)

    return ClassRule(value(f"class.max_children.{ctype.value}"),
                     value(ratio_key) if ratio_key in registry.BY_KEY else None)


# The national values (the demo data builds classes with them).
CLASS_RULES = {ctype: class_rule(ctype) for ctype in ClassType}
MAX_CLASSES_PER_INSTITUTION = registry.national("institution.max_classes")

MSG_CLASS_OVER_SIZE = (
    gettext_lazy("{label}最多{max}人，当前核定{capacity}人")
)
MSG_CLASS_ENROLLED_OVER_CAPACITY = (
    gettext_lazy("在托人数{enrolled}超过班级核定人数{capacity}")
)
MSG_CLASS_RATIO = (
    gettext_lazy("{label}保育人员与幼儿之比不得低于1:{ratio}：{enrolled}名幼儿至少需要{needed}名保育人员，当前{caregivers}名")
)
MSG_TOO_MANY_CLASSES = (
    gettext_lazy("每个托育机构最多设置{max}个班，当前{count}个")
)

CLASS_LABEL_EN = {
    ClassType.INFANT: "infant (6–12 months)",
    ClassType.TODDLER_SMALL: "small toddler (12–24 months)",
    ClassType.TODDLER_LARGE: "large toddler (24–36 months)",
    ClassType.MIXED: "mixed-age",
    ClassType.FAMILY: "home-based care point",
}
CLASS_LABEL_ZH = {
    ClassType.INFANT: "乳儿班",
    ClassType.TODDLER_SMALL: "托小班",
    ClassType.TODDLER_LARGE: "托大班",
    ClassType.MIXED: "混合班",
    ClassType.FAMILY: "家庭托育点",
}


def class_label(class_type) -> str:
    """The short name of a class type in the active language ("托大班", "large toddler (24–36 months)")."""
    from django.utils.translation import get_language

    labels = CLASS_LABEL_EN if (get_language() or "").startswith("en") else CLASS_LABEL_ZH
    return labels[ClassType(class_type)]


def caregivers_needed(class_type: str, children: int, standards: Mapping[str, int] | None = None) -> int | None:
    rule = class_rule(class_type, standards)
    if rule.children_per_caregiver is None:
        return None
    return -(-children // rule.children_per_caregiver)  # ceiling


def class_errors(*, class_type: str, capacity: int, enrolled: int, caregivers: int,
                 standards: Mapping[str, int] | None = None) -> dict[str, str]:
    """Field -> message for every rule a class breaks, under `standards` (national values when None)."""
    ctype = ClassType(class_type)
    rule = class_rule(ctype, standards)
    fmt = {"label": CLASS_LABEL_ZH[ctype], "label_en": CLASS_LABEL_EN[ctype], "max": rule.max_children}
    errors: dict[str, str] = {}
    if capacity > rule.max_children:
        errors["capacity"] = MSG_CLASS_OVER_SIZE.format(capacity=capacity, **fmt)
    if enrolled > capacity:
        errors["enrolled"] = MSG_CLASS_ENROLLED_OVER_CAPACITY.format(enrolled=enrolled, capacity=capacity)
    needed = caregivers_needed(ctype, enrolled, standards)
    if needed is not None and caregivers < needed:
        errors["caregivers"] = MSG_CLASS_RATIO.format(
            ratio=rule.children_per_caregiver, enrolled=enrolled, needed=needed, caregivers=caregivers, **fmt
        )
    return errors
