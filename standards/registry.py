"""The rules of the national standards that a number decides, each declared once: its key, label, unit, national
value, the national text it comes from, and which way a province may tighten it.

The values in force are kept in the Standard table (standards/models.py): a row changes a rule from a date,
nationally or for one province; with no row, the national value declared here is in force.
"""
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

LOWER = "lower"    # a province may lower the number (a smaller class, a shorter validity)
HIGHER = "higher"  # a province may raise it (a longer lease, a longer video retention)

SETTING_STANDARD = _("托育机构设置标准（试行）（2019）")
FAMILY_MEASURES = _("家庭托育点管理办法（试行）（2023）")
HEALTH_MEASURES = _("托育机构卫生评价与保健管理规范")
FILING_MEASURES = _("托育机构登记和备案办法（试行）（2019）")
PORTAL_RULE = _("本平台默认规则")


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    unit: str
    national: int
    tighter: str
    basis: str
    group: str
    maximum: int = 10_000
    minimum: int = 1  # 0 for the yes/no rules (1 yes, 0 no)


def _classes():
    sizes = (("infant", _("乳儿班"), 10, 3), ("toddler_small", _("托小班"), 15, 5),
             ("toddler_large", _("托大班"), 20, 7), ("mixed", _("混合班"), 18, None),
             ("family", _("家庭托育点"), 5, 3))
    for class_type, name, size, ratio in sizes:
        basis = FAMILY_MEASURES if class_type == "family" else SETTING_STANDARD
        yield Rule(f"class.max_children.{class_type}", name, _("名幼儿"), size, LOWER, basis, "class_size")
        if ratio is not None:
            yield Rule(f"class.children_per_caregiver.{class_type}", name, _("名幼儿"), ratio, LOWER,
                       basis, "class_ratio")


# The certificates that qualify a role for 持证上岗 (workforce/register.py): 1 recognised, 0 not; a province may
# stop recognising one (LOWER). Roles without rules need none. Codes as workforce.models.QualificationType.
STAFF_QUALIFICATIONS = {
    "caregiver": (("childcare_worker", _("保育师")), ("infant_carer", _("育婴员")),
                  ("kindergarten_teacher", _("幼儿园教师资格证"))),
    "teacher": (("childcare_worker", _("保育师")), ("infant_carer", _("育婴员")),
                ("kindergarten_teacher", _("幼儿园教师资格证"))),
    "health": (("physician", _("医师执业证书")), ("nurse", _("护士执业证书")),
               ("health_training", _("保健人员培训合格证"))),
}
ROLE_LABELS = {"caregiver": _("保育人员"), "teacher": _("育婴员/幼儿教师"), "health": _("保健人员")}


def _qualifications():
    for role, types in STAFF_QUALIFICATIONS.items():
        for code, name in types:
            yield Rule(f"staff.qualifies.{role}.{code}", format_lazy("{role}：{name}", role=ROLE_LABELS[role],
                                                                     name=name),
                       _("1认可/0不认可"), 1, LOWER, SETTING_STANDARD, "staff_qualifications", maximum=1,
                       minimum=0)


RULES: tuple[Rule, ...] = (
    *_classes(),
    *_qualifications(),
    Rule("staff.director_training_required", _("机构负责人须参加岗位培训并合格"), _("1须/0不须"), 1, HIGHER,
         SETTING_STANDARD, "staff_qualifications", maximum=1),
    Rule("institution.max_classes", _("每个机构最多班数"), _("个班"), 10, LOWER, SETTING_STANDARD, "premises"),
    Rule("premises.max_care_floor", _("照护用房最高楼层"), _("层"), 3, LOWER, SETTING_STANDARD, "premises"),
    Rule("premises.min_lease_years", _("场地租赁最短期限"), _("年"), 3, HIGHER, SETTING_STANDARD, "premises"),
    Rule("premises.min_cctv_days", _("监控录像最短保存期"), _("天"), 90, HIGHER, SETTING_STANDARD, "premises"),
    Rule("staff.health_check_valid_days", _("工作人员健康检查有效期"), _("天"), 365, LOWER, HEALTH_MEASURES,
         "staff"),
    Rule("filing.accept_working_days", _("材料齐全的受理时限"), _("个工作日"), 5, LOWER, FILING_MEASURES, "review"),
    Rule("filing.decide_working_days", _("存在问题的告知时限"), _("个工作日"), 15, LOWER, FILING_MEASURES, "review"),
    # Monthly reports (月报, monthly/): the report of a month is due by this day of the next month.
    Rule("report.monthly_due_day", _("月报报送截止日（次月几日前）"), _("日"), 5, LOWER, PORTAL_RULE, "review",
         maximum=28),
    Rule("complaint.acknowledge_working_days", _("公众投诉受理时限"), _("个工作日"), 5, LOWER, PORTAL_RULE, "review"),
    # Inspection planning and rectification (inspections.selectors.inspection_plan, rectification default deadline).
    Rule("inspection.regular_interval_days", _("常规检查周期"), _("天"), 365, LOWER, PORTAL_RULE, "inspection",
         maximum=3650),
    Rule("inspection.risk_interval_days", _("高风险复查周期"), _("天"), 90, LOWER, PORTAL_RULE, "inspection",
         maximum=3650),
    Rule("rectification.deadline_days", _("整改期限"), _("天"), 30, LOWER, PORTAL_RULE, "inspection", maximum=365),
    Rule("rectification.high_deadline_days", _("含高风险问题的整改期限"), _("天"), 15, LOWER, PORTAL_RULE,
         "inspection", maximum=365),
    # Quality grades on the 1,000-point total (inspections.scoring): a province may raise a cut-off.
    Rule("grade.a_min", _("A级最低分"), _("分"), 900, HIGHER, PORTAL_RULE, "grading", maximum=1000),
    Rule("grade.b_min", _("B级最低分"), _("分"), 750, HIGHER, PORTAL_RULE, "grading", maximum=1000),
    Rule("grade.c_min", _("C级最低分"), _("分"), 600, HIGHER, PORTAL_RULE, "grading", maximum=1000),
)
# Rules whose values in force must stay in this descending order (A > B > C).
DESCENDING = (("grade.a_min", "grade.b_min", "grade.c_min"),)
BY_KEY = {rule.key: rule for rule in RULES}
GROUPS = {
    "class_size": _("班级规模（每班最多人数）"),
    "class_ratio": _("保育人员配比（每名保育人员最多照护幼儿数）"),
    "premises": _("场地与班级"),
    "staff": _("工作人员"),
    "staff_qualifications": _("上岗资格（各岗位认可的证书）"),
    "review": _("办理时限"),
    "inspection": _("检查计划与整改"),
    "grading": _("质量评估等级划分（总分 1000 分；存在否决项不合格的为 D 级）"),
}


# The national filing materials, registered by the filings app (standards imports no app above it): a callable
# giving (name, always required) pairs.
_national_documents = None


def register_national_documents(provider) -> None:
    global _national_documents
    _national_documents = provider


def national_documents() -> list[tuple[object, bool]]:
    return list(_national_documents()) if _national_documents else []


def national(key: str) -> int:
    """The value the national text sets (in force wherever no row of the Standard table changes it)."""
    return BY_KEY[key].national


def is_tighter_or_equal(key: str, value: int, than: int) -> bool:
    return value <= than if BY_KEY[key].tighter == LOWER else value >= than
