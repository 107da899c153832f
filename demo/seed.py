"""Demo data for a local portal: six real counties in 河北 and 山东, ~40 nurseries, one log-in per role.

Everything here is invented except the region codes and names (GB/T 2260, as in regions/data/) and
the rules the data obeys (valid credit codes, class sizes and ratios, dated capacity history). The
population figures are illustrative, not official statistics. `demo_seed` is idempotent: rows are
found by natural keys (region code, credit code, username, region + year) and never duplicated.
"""
import dataclasses
import datetime
import hashlib
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from institutions.models import (
    FilingState,
    InclusiveRecognition,
    Institution,
    Nature,
    OperatingModel,
    OwnershipType,
    PilotLevel,
    ServiceType,
    StaffMember,
)
from institutions.rules import CLASS_RULES, ClassType, caregivers_needed
from institutions.services import capacity_record_add, institution_deregister, nursery_class_add
from institutions.validators import CREDIT_CODE_CHARSET, credit_code_check_char
from programme.models import Fee, FeeCap, FeeClass
from regions.models import LEVEL_BY_LENGTH, Region, RegionPopulation, RegionUnder3Population, SlotTarget

DEMO_PASSWORD = "Demo-2026!"
# Capacity changes are dated up to this day, so the history stays in the past whenever the demo runs.
LAST_CHANGE = datetime.date(2026, 6, 30)
POPULATION_YEARS = range(2021, 2026)
TARGET_YEARS = range(2021, 2027)

# Real codes and names (regions/data/*.csv); created only when load_regions has not run.
REGIONS = {
    "13": "河北省", "1301": "石家庄市",
    "130102": "长安区", "130104": "桥西区", "130105": "新华区",
    "130102001": "建北街道", "130102100": "西兆通镇", "130104001": "东里街道", "130104005": "维明街道",
    "130105007": "合作路街道", "130105016": "杜北街道",
    "37": "山东省", "3708": "济宁市",
    "370811": "任城区", "370830": "汶上县", "370883": "邹城市",
    "370811016": "南苑街道", "370811102": "长沟镇", "370830001": "中都街道", "370830102": "南旺镇",
    "370883001": "钢山街道", "370883101": "香城镇",
}

# Resident population in 2023 (illustrative) and its yearly drift; targets are ~0.5 new slots per 1,000.
COUNTY_POPULATION_2023 = {
    "130102": (338_000, 0.004), "130104": (356_000, 0.003), "130105": (301_000, 0.002),
    "370811": (372_000, 0.003), "370830": (304_000, -0.004), "370883": (348_000, -0.002),
}
AREA_CODE = {"13": "0311", "37": "0537"}

FULL, HALF, HOURLY, TEMP = ServiceType.FULL_DAY, ServiceType.HALF_DAY, ServiceType.HOURLY, ServiceType.TEMPORARY
M = OperatingModel
P = PilotLevel


@dataclasses.dataclass(frozen=True)
class DemoInstitution:
    region: str  # county (6 digits) or township (9 digits)
    name: str
    model: str
    nature: str
    inclusive: bool
    pilot: str
    services: tuple
    filed_on: datetime.date
    slots: int  # at filing; the history grows from there
    address: str
    star: int | None = None
    registrar: str = ""  # first two characters of the credit code; derived from the nature when empty
    deregistered: tuple[datetime.date, str] | None = None
    operator: bool = False  # bound to the demo operator account


D = datetime.date


def _ownership(spec: DemoInstitution) -> str:
    """A believable 举办性质 for a demo institution: public kindergartens' classes and the provincial-pilot
    community centres are 公办, other community centres 公建民营, medical ones 民办公助, employers' 单位自办."""
    if spec.model == M.KINDERGARTEN and spec.registrar == "12":
        return OwnershipType.PUBLIC
    if spec.model == M.COMMUNITY:
        return OwnershipType.PUBLIC if spec.pilot == P.PROVINCE else OwnershipType.PUBLIC_BUILT
    return {M.MEDICAL: OwnershipType.PRIVATE_AIDED, M.EMPLOYER: OwnershipType.EMPLOYER}.get(
        spec.model, OwnershipType.PRIVATE)
INSTITUTIONS = [
    # 石家庄市长安区
    DemoInstitution("130102", "长安区小橡树托育中心", M.BRAND_CHAIN, Nature.FOR_PROFIT, True, P.CITY,
                    (FULL, HALF, HOURLY), D(2021, 5, 18), 150, "建设北大街136号", 4, operator=True),
    DemoInstitution("130102001", "长安区建北街道社区托育服务中心", M.COMMUNITY, Nature.NON_PROFIT, True, P.PROVINCE,
                    (FULL, HALF, TEMP), D(2021, 9, 6), 110, "建北街道光华路58号", 5),
    DemoInstitution("130102", "长安区育才幼儿园托班", M.KINDERGARTEN, Nature.NON_PROFIT, True, P.COUNTY,
                    (FULL,), D(2022, 3, 1), 45, "育才街209号", 3, registrar="12"),
    DemoInstitution("130102", "长安区康宁医育结合托育中心", M.MEDICAL, Nature.NON_PROFIT, True, P.NONE,
                    (FULL, HOURLY), D(2023, 4, 20), 90, "中山东路398号", 4),
    DemoInstitution("130102100", "长安区西兆通镇禾苗家庭托育点", M.FAMILY, Nature.FOR_PROFIT, False, P.NONE,
                    (FULL, TEMP), D(2024, 6, 12), 5, "西兆通镇西兆通村振兴街12号"),
    DemoInstitution("130102", "长安区乐芽托育园", M.INDEPENDENT, Nature.FOR_PROFIT, False, P.NONE,
                    (FULL, HALF, HOURLY), D(2022, 8, 15), 120, "和平东路77号", 2,
                    deregistered=(D(2025, 6, 30), "经营调整，举办者主动申请注销")),
    # 石家庄市桥西区
    DemoInstitution("130104", "桥西区小橡树托育中心", M.BRAND_CHAIN, Nature.FOR_PROFIT, True, P.NONE,
                    (FULL, HALF, HOURLY), D(2022, 5, 10), 140, "中华南大街185号", 3, operator=True),
    DemoInstitution("130104001", "桥西区东里街道社区托育服务站", M.COMMUNITY, Nature.NON_PROFIT, True, P.COUNTY,
                    (FULL, HALF), D(2021, 11, 15), 100, "东里街道自强路22号", 4),
    DemoInstitution("130104", "桥西区维明路幼儿园托班", M.KINDERGARTEN, Nature.NON_PROFIT, True, P.NONE,
                    (FULL,), D(2023, 9, 1), 40, "维明南大街96号", registrar="12"),
    DemoInstitution("130104", "桥西区星禾职工托育园", M.EMPLOYER, Nature.NON_PROFIT, True, P.COUNTY,
                    (FULL,), D(2022, 2, 28), 80, "裕华西路66号", 4),
    DemoInstitution("130104", "桥西区童画里托育中心", M.INDEPENDENT, Nature.FOR_PROFIT, False, P.NONE,
                    (FULL, HALF, HOURLY, TEMP), D(2021, 7, 1), 130, "新石北路318号", 4),
    DemoInstitution("130104", "桥西区暖阳托育园", M.INDEPENDENT, Nature.FOR_PROFIT, True, P.NONE,
                    (FULL, HALF), D(2024, 3, 18), 100, "红旗大街420号"),
    DemoInstitution("130104005", "桥西区维明街道贝贝家庭托育点", M.FAMILY, Nature.FOR_PROFIT, False, P.NONE,
                    (FULL,), D(2025, 4, 8), 5, "维明街道槐安西路88号3单元101室"),
    # 石家庄市新华区
    DemoInstitution("130105", "新华区小橡树托育中心", M.BRAND_CHAIN, Nature.FOR_PROFIT, True, P.CITY,
                    (FULL, HALF, HOURLY), D(2023, 3, 15), 150, "友谊北大街210号", 4, operator=True),
    DemoInstitution("130105007", "新华区合作路街道社区托育中心", M.COMMUNITY, Nature.NON_PROFIT, True, P.PROVINCE,
                    (FULL, HALF, TEMP), D(2022, 6, 30), 110, "合作路街道合作路135号", 5),
    DemoInstitution("130105", "新华区天苑幼儿园托班", M.KINDERGARTEN, Nature.NON_PROFIT, True, P.COUNTY,
                    (FULL,), D(2021, 9, 1), 45, "北二环西路160号", 3, registrar="12"),
    DemoInstitution("130105", "新华区仁和医育结合托育中心", M.MEDICAL, Nature.NON_PROFIT, True, P.NONE,
                    (FULL, HOURLY), D(2024, 1, 10), 80, "和平西路502号"),
    DemoInstitution("130105", "新华区启橙托育园", M.INDEPENDENT, Nature.FOR_PROFIT, False, P.NONE,
                    (FULL, HALF, HOURLY), D(2022, 10, 20), 110, "西三庄大街56号", 3),
    DemoInstitution("130105016", "新华区杜北街道蒲公英家庭托育点", M.FAMILY, Nature.FOR_PROFIT, False, P.NONE,
                    (FULL, TEMP), D(2023, 7, 1), 5, "杜北街道泰华街19号",
                    deregistered=(D(2025, 3, 31), "举办者迁居外地，停止托育服务")),
    # 济宁市任城区
    DemoInstitution("370811", "任城区星禾托育中心", M.BRAND_CHAIN, Nature.FOR_PROFIT, True, P.CITY,
                    (FULL, HALF, HOURLY), D(2021, 6, 1), 150, "太白楼中路88号", 4),
    DemoInstitution("370811016", "任城区南苑街道社区托育服务中心", M.COMMUNITY, Nature.NON_PROFIT, True, P.PROVINCE,
                    (FULL, HALF, TEMP), D(2021, 10, 12), 120, "南苑街道琵琶山路266号", 5),
    DemoInstitution("370811", "任城区实验幼儿园托班", M.KINDERGARTEN, Nature.NON_PROFIT, True, P.COUNTY,
                    (FULL,), D(2022, 9, 1), 50, "共青团路118号", 3, registrar="12"),
    DemoInstitution("370811", "任城区康和医育结合托育园", M.MEDICAL, Nature.NON_PROFIT, True, P.NONE,
                    (FULL, HOURLY), D(2023, 5, 8), 90, "红星中路75号", 4),
    DemoInstitution("370811", "任城区金城工业园职工托育中心", M.EMPLOYER, Nature.NON_PROFIT, True, P.CITY,
                    (FULL,), D(2022, 4, 18), 90, "金城街道建设南路301号", 4),
    DemoInstitution("370811", "任城区童心托育园", M.INDEPENDENT, Nature.FOR_PROFIT, False, P.NONE,
                    (FULL, HALF, HOURLY), D(2024, 2, 26), 120, "古槐路146号"),
    DemoInstitution("370811102", "任城区长沟镇暖暖家庭托育点", M.FAMILY, Nature.FOR_PROFIT, False, P.NONE,
                    (FULL,), D(2025, 3, 3), 5, "长沟镇长沟村富民街31号"),
    # 济宁市汶上县
    DemoInstitution("370830001", "汶上县中都街道社区托育中心", M.COMMUNITY, Nature.NON_PROFIT, True, P.COUNTY,
                    (FULL, HALF, TEMP), D(2021, 8, 16), 120, "中都街道宁民路210号", 4),
    DemoInstitution("370830", "汶上县第一实验幼儿园托班", M.KINDERGARTEN, Nature.NON_PROFIT, True, P.CITY,
                    (FULL,), D(2022, 9, 1), 60, "泉河路55号", 4, registrar="12"),
    DemoInstitution("370830", "汶上县仁济医育结合托育中心", M.MEDICAL, Nature.NON_PROFIT, True, P.NONE,
                    (FULL, HOURLY), D(2023, 11, 6), 80, "圣泽大街168号", 3),
    DemoInstitution("370830", "汶上县小太阳托育园", M.INDEPENDENT, Nature.FOR_PROFIT, False, P.NONE,
                    (FULL, HALF, HOURLY), D(2022, 3, 21), 110, "尚书路39号", 3),
    DemoInstitution("370830102", "汶上县南旺镇禾苗家庭托育点", M.FAMILY, Nature.FOR_PROFIT, False, P.NONE,
                    (FULL, TEMP), D(2024, 9, 9), 5, "南旺镇南旺村运河路8号"),
    DemoInstitution("370830", "汶上县星禾托育中心", M.BRAND_CHAIN, Nature.FOR_PROFIT, True, P.NONE,
                    (FULL, HALF, HOURLY), D(2025, 2, 17), 140, "如意路256号"),
    # 济宁市邹城市
    DemoInstitution("370883001", "邹城市钢山街道社区托育服务中心", M.COMMUNITY, Nature.NON_PROFIT, True, P.PROVINCE,
                    (FULL, HALF, TEMP), D(2021, 7, 20), 120, "钢山街道岗山北路66号", 5),
    DemoInstitution("370883", "邹城市千泉幼儿园托班", M.KINDERGARTEN, Nature.NON_PROFIT, True, P.NONE,
                    (FULL,), D(2022, 9, 1), 45, "千泉路128号", 3, registrar="12"),
    DemoInstitution("370883", "邹城市峄山路职工托育中心", M.EMPLOYER, Nature.NON_PROFIT, True, P.CITY,
                    (FULL,), D(2023, 3, 1), 80, "峄山路399号", 4),
    DemoInstitution("370883", "邹城市康宁医育结合托育中心", M.MEDICAL, Nature.NON_PROFIT, True, P.NONE,
                    (FULL, HOURLY), D(2024, 5, 15), 80, "太平东路81号"),
    DemoInstitution("370883", "邹城市乐芽托育园", M.INDEPENDENT, Nature.FOR_PROFIT, False, P.NONE,
                    (FULL, HALF, HOURLY, TEMP), D(2021, 12, 1), 130, "唐王山路203号", 3),
    DemoInstitution("370883", "邹城市星禾托育中心", M.BRAND_CHAIN, Nature.FOR_PROFIT, True, P.COUNTY,
                    (FULL, HALF, HOURLY), D(2023, 8, 28), 150, "矿建东路117号", 4),
    DemoInstitution("370883101", "邹城市香城镇童趣家庭托育点", M.FAMILY, Nature.FOR_PROFIT, False, P.NONE,
                    (FULL,), D(2025, 5, 20), 5, "香城镇香城村文化街27号"),
]


@dataclasses.dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    region: str | None
    display_name: str
    note: str
    superuser: bool = False


USERS = [
    DemoUser("operator", Role.OPERATOR, None, "张丽", "小橡树托育 (3 institutions in 1301) and 长安区向日葵托育园 (its approved demo filing)"),
    DemoUser("reviewer", Role.REVIEWER, "130102", "李明", "长安区卫健局 审核"),
    DemoUser("inspector", Role.INSPECTOR, "130102", "王芳", "长安区卫健局 监督"),
    DemoUser("county_admin", Role.ADMIN, "130102", "孙磊", "长安区卫健局 管理员"),
    DemoUser("city_admin", Role.ADMIN, "1301", "赵强", "石家庄市卫健委"),
    DemoUser("province_admin", Role.ADMIN, "13", "刘洋", "河北省卫健委"),
    DemoUser("viewer", Role.VIEWER, "3708", "陈静", "济宁市 read-only"),
    DemoUser("admin", Role.ADMIN, None, "系统管理员", "superuser, /admin/", superuser=True),
]


@dataclasses.dataclass
class SeedReport:
    regions_created: int = 0
    institutions_created: int = 0
    institutions_existing: int = 0
    populations_created: int = 0
    targets_created: int = 0
    filings_created: int = 0
    visits_created: int = 0
    users: list = dataclasses.field(default_factory=list)  # (DemoUser, created)


def _digest(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16)


def organisation_code(seed: str) -> str:
    """A 9-character organisation code (GB 11714): 8 digits and their check character."""
    body = f"{_digest(seed) % 10**8:08d}"
    total = sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def demo_credit_code(spec: DemoInstitution) -> str:
    """Registrar (91 enterprise, 92 individual business, 52 private non-enterprise, 12 public institution),
    the county code and an organisation code, then the GB 32100 check character."""
    registrar = spec.registrar or (
        "92" if spec.model == M.FAMILY else "91" if spec.nature == Nature.FOR_PROFIT else "52")
    first17 = registrar + spec.region[:6] + organisation_code(spec.name)
    assert all(c in CREDIT_CODE_CHARSET for c in first17)
    return first17 + credit_code_check_char(first17)


def demo_phone(spec: DemoInstitution) -> str:
    n = _digest("phone" + spec.name)
    if spec.model == M.FAMILY:
        return f"1{(3, 5, 8)[n % 3]}{n % 10**9:09d}"
    area = AREA_CODE[spec.region[:2]]
    return f"{area}-{8 if area == '0311' else 2}{n % 10**7:07d}"


def capacity_plan(spec: DemoInstitution) -> list[tuple[datetime.date, int, int]]:
    """(effective_from, slots, enrolled): opening at filing, then one change a year as it fills up."""
    rng = random.Random(spec.name)
    end = spec.deregistered[0] if spec.deregistered else LAST_CHANGE
    slots = spec.slots
    plan = [(spec.filed_on, slots, max(1, round(slots * rng.uniform(0.35, 0.55))))]
    for year in range(spec.filed_on.year + 1, end.year + 1):
        on = datetime.date(year, rng.choice((1, 3, 9)), rng.randint(1, 28))
        if on >= end or on > LAST_CHANGE:
            break
        if spec.model == M.FAMILY:
            enrolled = rng.randint(3, slots)
        else:
            if rng.random() < 0.6:
                slots = min(160, slots + rng.choice((10, 20, 30, 40)))
            enrolled = min(slots, round(slots * rng.uniform(0.6, 0.92)))
        plan.append((on, slots, enrolled))
    return plan


def class_plan(spec: DemoInstitution, slots: int, enrolled: int) -> list[tuple[str, str, int, int, int]]:
    """(name, type, capacity, enrolled, caregivers) covering the current slots within the national rules."""
    if spec.model == M.FAMILY:
        types = [ClassType.FAMILY]
    else:
        cycle = [ClassType.TODDLER_LARGE, ClassType.TODDLER_SMALL, ClassType.INFANT, ClassType.TODDLER_LARGE,
                 ClassType.MIXED]
        types, covered = [], 0
        while covered < slots and len(types) < 10:
            ctype = cycle[len(types) % len(cycle)]
            types.append(ctype)
            covered += CLASS_RULES[ctype].max_children
    names = {ClassType.INFANT: "乳儿班", ClassType.TODDLER_SMALL: "托小班", ClassType.TODDLER_LARGE: "托大班",
             ClassType.MIXED: "混合班", ClassType.FAMILY: "家庭托育班"}
    capacities = [CLASS_RULES[ctype].max_children for ctype in types]
    # Spread the enrolled children over the classes in proportion to their size.
    shares = [enrolled * capacity // sum(capacities) for capacity in capacities]
    for i in range(enrolled - sum(shares)):
        shares[i % len(shares)] += 1
    seen: dict[str, int] = {}
    classes = []
    for ctype, capacity, children in zip(types, capacities, shares, strict=True):
        seen[ctype] = seen.get(ctype, 0) + 1
        needed = caregivers_needed(ctype, children)
        # Mixed classes have no national ratio: staff them like a small-toddler class plus one.
        caregivers = max(1, needed if needed is not None else -(-children // 6) + 1)
        classes.append((f"{names[ctype]}{seen[ctype]}", ctype, capacity, children, caregivers))
    return classes


def _region(code: str, report: SeedReport) -> Region:
    parent = _region(code[: {9: 6, 6: 4, 4: 2}[len(code)]], report) if len(code) > 2 else None
    region, created = Region.objects.get_or_create(
        code=code, defaults={"name": REGIONS[code], "level": LEVEL_BY_LENGTH[len(code)], "parent": parent})
    report.regions_created += created
    return region


def _next_filing_number(county: str, year: int) -> str:
    prefix = f"{county}-{year}-"
    numbers = Institution.objects.filter(filing_number__startswith=prefix).values_list("filing_number", flat=True)
    sequence = max((int(n.rsplit("-", 1)[1]) for n in numbers), default=0) + 1
    return f"{prefix}{sequence:05d}"


DEMO_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
DEMO_GIVEN = ["敏", "静", "丽", "芳", "婷", "雪", "娜", "颖", "悦", "欣", "洁", "琳"]


def _seed_staff(institution: Institution, spec: DemoInstitution, caregivers: int) -> None:
    """The staff list: a director, the caregivers of the classes, a health worker, a cook and a guard; most
    caregivers hold a certificate (so 持证上岗率 has a value), a few are still training (deterministic)."""
    roles = ["director", *["caregiver"] * caregivers, "health", "cook", "security"]
    seed = _digest(spec.name)
    rows = []
    for i, role in enumerate(roles):
        name = DEMO_SURNAMES[(seed + i * 7) % len(DEMO_SURNAMES)] + DEMO_GIVEN[(seed // 3 + i * 5) % len(DEMO_GIVEN)]
        certified = role in ("director", "caregiver", "health") and (seed + i) % 6 != 0
        rows.append(StaffMember(institution=institution, name=name, role=role,
                                qualification_cert_no=f"BY-{spec.filed_on.year}-{(seed + i) % 10_000:04d}"
                                if certified else ""))
    StaffMember.objects.bulk_create(rows)


def _seed_institution(spec: DemoInstitution, operator: User) -> bool:
    """Create one institution with its history; False when it exists already (nothing is touched)."""
    credit_code = demo_credit_code(spec)
    if Institution.objects.filter(credit_code=credit_code).exists():
        return False
    region = Region.objects.get(code=spec.region)
    city, county = Region.objects.get(code=spec.region[:4]), Region.objects.get(code=spec.region[:6])
    address = f"{city.name}{county.name}{spec.address}"
    institution = Institution(
        credit_code=credit_code, name=spec.name, region=region, address=address, phone=demo_phone(spec),
        nature=spec.nature, operating_model=spec.model, ownership_type=_ownership(spec), inclusive=spec.inclusive,
        pilot_level=spec.pilot, service_types=list(spec.services), star_rating=spec.star, filing_state=FilingState.FILED,
        filing_number=_next_filing_number(spec.region[:6], spec.filed_on.year), filed_on=spec.filed_on,
    )
    institution.full_clean()
    institution.save()
    if spec.operator:
        institution.operators.add(operator, through_defaults={"is_admin": True})
    plan = capacity_plan(spec)
    for effective_from, slots, enrolled in plan:
        capacity_record_add(institution=institution, effective_from=effective_from, slots=slots, enrolled=enrolled,
                            source="demo")
    _, slots, enrolled = plan[-1]
    caregivers_total = 0
    for name, ctype, capacity, children, caregivers in class_plan(spec, slots, enrolled):
        nursery_class_add(institution=institution, name=name, class_type=ctype, capacity=capacity,
                          enrolled=children, caregivers=caregivers)
        caregivers_total += caregivers
    _seed_staff(institution, spec, caregivers_total)
    if spec.deregistered:
        on, reason = spec.deregistered
        institution_deregister(institution=institution, on=on, reason=reason)
    return True


def _seed_user(spec: DemoUser, password: str) -> tuple[User, bool]:
    """Create or reset a demo account: role, region and password are put back to the demo values."""
    user = User.objects.filter(username=spec.username).first() or User(username=spec.username)
    created = user.pk is None
    user.role = spec.role
    user.region_id = spec.region
    user.display_name = spec.display_name
    user.is_active = True
    user.is_staff = user.is_superuser = spec.superuser
    if created or not user.check_password(password):  # an unchanged password is no password change
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user, created


# A minimal valid PDF, standing in for the scanned filing materials of the demo filings.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
DEMO_FILINGS = [
    # (name, organisation seed, what happens: draft / submitted / returned)
    ("长安区小星星托育园", "filing-draft", "draft"),
    ("长安区晨曦托育中心", "filing-submitted", "submitted"),
    ("长安区彩虹托育园", "filing-returned", "returned"),
    ("长安区向日葵托育园", "filing-approved", "approved"),
]


def demo_filing_answers(*, name: str, credit_code: str, today: datetime.date) -> dict:
    """Wizard answers of a believable new nursery in 长安区 (what an operator would type)."""
    return {
        "entity": {"credit_code": credit_code, "name": name, "nature": "for_profit", "operating_model": "independent",
                   "ownership_type": "private", "inclusive": "yes", "legal_representative": "张丽", "contact_phone": "0311-86001234",
                   "scope_includes_childcare": "yes"},
        "premises": {"region": "130102", "address": "石家庄市长安区中山东路100号", "ownership": "leased",
                     "lease_start": (today - datetime.timedelta(days=60)).isoformat(),
                     "lease_end": (today + datetime.timedelta(days=5 * 365)).isoformat(), "building_area": "620",
                     "highest_care_floor": "2", "has_underground_rooms": "no", "cctv_retention_days": "90"},
        "service": {"service_types": ["full_day", "half_day"], "meals_served": "yes", "rows": [
            {"name": "托小一班", "class_type": "toddler_small", "capacity": "15", "enrolled": "9", "caregivers": "2"},
            {"name": "托大一班", "class_type": "toddler_large", "capacity": "20", "enrolled": "12", "caregivers": "2"},
            {"name": "乳儿班", "class_type": "infant", "capacity": "6", "enrolled": "3", "caregivers": "1"},
        ]},
        "staff": {"rows": [
            {"name": "张丽", "role": "director", "qualification_cert_no": "", "health_check_on": today.isoformat(),
             **_demo_identity(0)},
            *[{"name": n, "role": "caregiver", "qualification_cert_no": f"BY-2025-{i:04d}",
               "qualification_expires_on": (today + datetime.timedelta(days=365 * 3)).isoformat(),
               "health_check_on": (today - datetime.timedelta(days=40 + i)).isoformat(), **_demo_identity(i)}
              for i, n in enumerate(["刘敏", "陈静怡", "杨帆", "赵雪", "孙悦"], start=1)],
        ]},
    }


def _demo_identity(i: int) -> dict:
    """A stored staff row's identity (demo numbers, valid check digits; only their hash and mask are stored)."""
    from core.identity import identity_hash, identity_mask, with_check_digit

    number = with_check_digit(f"13010219880315{i:03d}")
    return {"id_hash": identity_hash(number), "id_masked": identity_mask(number)}


def _seed_filings(operator: User, reviewer: User, report: SeedReport) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from filings import services
    from filings.models import Filing
    from filings.prechecks import required_documents

    today = timezone.localdate()
    for name, seed, outcome in DEMO_FILINGS:
        if Filing.objects.filter(name=name).exists():
            continue
        code = organisation_code(seed)
        first17 = "91130102" + code
        credit_code = first17 + credit_code_check_char(first17)
        filing = services.filing_start_new(by=operator)
        for step, values in demo_filing_answers(name=name, credit_code=credit_code, today=today).items():
            filing = services.filing_save_step(filing=filing, step=step, values=values, by=operator)
        for doc in required_documents(meals_served=True):
            upload = SimpleUploadedFile(f"{doc}.pdf", DEMO_PDF, content_type="application/pdf")
            services.filing_document_upload(filing=filing, doc_type=doc, upload=upload, by=operator)
        if outcome != "draft":
            services.filing_submit(filing=filing, by=operator)
        if outcome == "approved":
            services.filing_approve(filing=filing, by=reviewer)
        if outcome == "returned":
            services.filing_return(filing=filing, by=reviewer, reason="请补充场地材料后重新提交。", comments={
                "premises.address": "地址请写到门牌号", "documents.premises": "租赁合同缺少盖章页"})
        report.filings_created += 1


def _seed_inspections(inspector: User, report: SeedReport) -> None:
    """Three finished visits in 长安区 (once): a routine visit with a finding and its rectification order,
    a quality assessment and a fire-safety check, so that the inspection pages and figures have data."""
    from inspections import services
    from inspections.models import Result, Visit
    from institutions.models import Institution

    institutions = list(Institution.objects.filter(region__code__startswith="130102", filing_state="filed")
                        .order_by("filed_on", "pk")[:3])
    if len(institutions) < 3 or Visit.objects.filter(institution__in=institutions).exists():
        return
    for institution, kind in zip(institutions, ("routine", "quality", "fire"), strict=True):
        visit = services.visit_start(institution=institution, type=kind, by=inspector)
        items = [item for section in services.checklist_of(visit) for item in section.items.all()]
        for position, item in enumerate(items):
            failed = kind == "routine" and position == 1
            services.visit_answer(visit=visit, item_id=item.pk, by=inspector,
                                  result=Result.NOT_MET if failed else Result.MET,
                                  note="消毒记录不完整" if failed else "")
        visit = services.visit_finish(visit=visit, by=inspector, summary="演示检查记录")
        if kind == "routine":
            services.rectification_issue(visit=visit, by=inspector, requirements="补全近一个月的消毒记录。")
        report.visits_created += 1


# Guide prices (指导价) of the two demo cities, yuan a month: 济宁's are its published ones (DOMAIN.md §9), 石家庄's
# are illustrative. Fees: a base per class type, lower for inclusive institutions (always within the cap).
FEE_CAPS = {"1301": {"infant": 2400, "toddler_small": 2000, "toddler_large": 1800, "basis": "石发改价格〔2025〕3号"},
            "3708": {"infant": 2100, "toddler_small": 1700, "toddler_large": 1700, "basis": "济发改价格〔2024〕12号"}}
FEE_CAPS_FROM = D(2025, 1, 1)
FEE_BASE = {"infant": 2600, "toddler_small": 2200, "toddler_large": 1900}
FEES_FROM = D(2025, 9, 1)


def _seed_fees(by: User) -> None:
    """The cities' guide prices and each filed demo institution's basic fees (idempotent)."""
    for code, caps in FEE_CAPS.items():
        for class_type in FeeClass.values:
            FeeCap.objects.get_or_create(region_id=code, class_type=class_type, valid_from=FEE_CAPS_FROM, defaults={
                "cap": caps[class_type], "basis": caps["basis"], "set_by": by})
    for institution in Institution.objects.filter(filing_state=FilingState.FILED).exclude(fees__isnull=False):
        city_caps = FEE_CAPS.get(institution.region_id[:4], {})
        declarer = institution.operators.first() or by
        for class_type in FeeClass.values:
            fee = FEE_BASE[class_type] - 50 * (_digest(institution.name + class_type) % 8)
            if institution.inclusive and class_type in city_caps:
                fee = min(fee, city_caps[class_type] - 100)
            Fee.objects.create(institution=institution, class_type=class_type, monthly_fee=fee,
                               valid_from=max(FEES_FROM, institution.filed_on or FEES_FROM), declared_by=declarer)


# 长安区 keeps dated inclusive recognitions (its 2025 list); the other demo counties keep the undated flag.
RECOGNITION_COUNTY, RECOGNITION_FROM, RECOGNITION_TO = "130102", D(2025, 1, 1), D(2027, 12, 31)
def _seed_register(operator: User) -> None:
    """The staff register of the demo operator's 长安区 nursery (docs/workforce.md): a head with training, three
    caregivers — one whose certificate expires within the month, one without a record check — and a cook."""
    from core.identity import with_check_digit
    from workforce.models import Worker
    from workforce.register import record_add, worker_add

    institution = operator.operated_institutions.filter(region__code__startswith="130102",
                                                        filing_state=FilingState.FILED).order_by("pk").first()
    if institution is None or Worker.objects.filter(institution=institution).exists():
        return
    today = timezone.localdate()
    people = (("张丽", "director", None, True), ("刘敏", "caregiver", today + datetime.timedelta(days=400), True),
              ("陈静怡", "caregiver", today + datetime.timedelta(days=18), True),
              ("杨帆", "caregiver", None, False), ("王建国", "cook", None, True))
    for i, (name, role, expires, record_check) in enumerate(people, start=1):
        worker = worker_add(by=operator, institution=institution, name=name, role=role,
                            id_number=with_check_digit(f"13010219850620{i:03d}"),
                            joined_on=today - datetime.timedelta(days=300 + 30 * i))
        if role == "caregiver":
            record_add(by=operator, worker=worker, kind="qualification", type="childcare_worker", level=4,
                       number=f"BY-2022-{i:04d}", issuer="石家庄市人力资源和社会保障局",
                       issued_on=datetime.date(2022, 6, 1), expires_on=expires)
        if role == "director":
            record_add(by=operator, worker=worker, kind="training", course="托育机构负责人岗位培训", hours=40,
                       completed_on=datetime.date(2024, 5, 20), passed=True)
        record_add(by=operator, worker=worker, kind="health_check", checked_on=today - datetime.timedelta(days=60),
                   passed=True)
        if record_check:
            record_add(by=operator, worker=worker, kind="record_check", checked_on=today - datetime.timedelta(days=90),
                       clear=True, reference=f"冀公(长)查〔{today.year}〕{i:03d}号")


def _seed_incidents(operator: User, inspector: User) -> None:
    """One safety incident at the demo operator's 长安区 nursery, reported the same day and acknowledged by the
    county's inspector (docs/incidents.md), unless the demo already has one."""
    from incidents.models import Incident
    from incidents.services import incident_report, incident_step

    institution = operator.operated_institutions.filter(region__code__startswith="130102",
                                                        filing_state=FilingState.FILED).order_by("pk").first()
    if institution is None or Incident.objects.exists():
        return
    occurred = timezone.now() - datetime.timedelta(days=3, hours=2)
    incident = incident_report(by=operator, institution=institution, kind="injury", occurred_at=occurred,
                               children_affected=1, description="户外活动时一名幼儿奔跑摔倒，膝盖擦伤。",
                               measures="保健员当即清创处理，已通知家长，当日下午家长带往医院复查无碍。")
    incident_step(by=inspector, incident=incident, action="acknowledge", note="已电话了解情况，要求检查户外场地地面。")


def _seed_monthly_reports(operator: User) -> None:
    """Monthly reports of the months owed so far (docs/monthly.md), from the filed classes: most on time, every
    fifth institution late once, every seventh missing last month; the demo operator's institutions report on time
    except the last month (left for the demo: the form is pre-filled)."""
    from monthly.models import MonthlyReport
    from monthly.services import due_date, expected_months, last_ended_month, prefill, vacancies

    today = timezone.localdate()
    last = last_ended_month(today)
    institutions = Institution.objects.filter(filing_state=FilingState.FILED).order_by("id")
    own = set(operator.operated_institutions.values_list("pk", flat=True))
    for position, institution in enumerate(institutions):
        for month in expected_months(institution, today):
            if MonthlyReport.objects.filter(institution=institution, month=month).exists():
                continue
            if month == last and (institution.pk in own or position % 7 == 3):
                continue
            due = due_date(institution.region_id, month)
            late = position % 5 == 2 and month != last
            day = due + datetime.timedelta(days=3) if late else due - datetime.timedelta(days=2)
            if day > today:
                continue
            values = prefill(institution, month)
            values.pop("fees_charged", None), values.pop("incidents", None)
            bands = {band: values[f"enrolled_{band}"] for band in ("6_12", "12_24", "24_36")}
            places = vacancies(institution, bands, month)
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
            MonthlyReport.objects.create(
                institution=institution, month=month, **values, fees_charged=sum(bands.values()) * 1800,
                incidents=0, enrolled=sum(bands.values()), vacancies=places.total, vacancies_mixed=places.mixed,
                **{f"vacancies_{band}": n for band, n in places.by_band.items()}, due_on=due, on_time=not late,
                submitted_at=moment, submitted_by=institution.operators.first() or operator)


RECOGNITION_BASIS = "长安区2025年普惠性托育机构名单（第一批）"


def _seed_recognitions(by: User) -> None:
    for institution in Institution.objects.filter(inclusive=True, filing_state=FilingState.FILED,
                                                  region__code__startswith=RECOGNITION_COUNTY,
                                                  inclusive_recognitions__isnull=True):
        InclusiveRecognition.objects.create(institution=institution, valid_from=max(
            RECOGNITION_FROM, institution.filed_on or RECOGNITION_FROM), valid_to=RECOGNITION_TO,
            basis=RECOGNITION_BASIS, recognised_by=by)


def _seed_designations(operator: User, county_admin: User) -> None:
    """A county pilot named in 2025 (its acceptance due) and an application waiting for the county's review."""
    from programme.designations import pilot_levels_refresh
    from programme.models import (
        Designation,
        DesignationEvent,
        DesignationKind,
        DesignationLevel,
        DesignationStatus,
    )

    operated = list(Institution.objects.filter(operators=operator, filing_state=FilingState.FILED,
                                               region__code__startswith=county_admin.region_id)
                    .order_by("filed_on", "name"))
    if len(operated) < 2 or operated[0].filed_on >= D(2025, 1, 1) or Designation.objects.exists():
        return
    named, applying = operated[0], operated[1]
    designation = Designation.objects.create(
        institution=named, kind=DesignationKind.PILOT, level=DesignationLevel.COUNTY,
        status=DesignationStatus.DESIGNATED, statement="全日托，医育结合，托位使用率高", created_by=operator,
        notice_from=D(2025, 3, 3), notice_to=D(2025, 3, 7), designated_on=D(2025, 3, 10), valid_to=D(2027, 3, 9),
        acceptance_due=D(2027, 3, 9))
    for action, before, after, by in (("apply", "", DesignationStatus.APPLIED, operator),
                                      ("county_pass", DesignationStatus.APPLIED, DesignationStatus.NOTICE, county_admin),
                                      ("designate", DesignationStatus.NOTICE, DesignationStatus.DESIGNATED,
                                       county_admin)):
        DesignationEvent.objects.create(designation=designation, action=action, from_status=before, to_status=after,
                                        by=by)
    designation.improvements.create(text="增设保健室并配备专职保健员", deadline=D(2026, 12, 31), created_by=county_admin)
    pending = Designation.objects.create(institution=applying, kind=DesignationKind.PILOT,
                                         level=DesignationLevel.COUNTY, statement="社区嵌入式托育，普惠收费",
                                         created_by=operator)
    DesignationEvent.objects.create(designation=pending, action="apply", to_status=DesignationStatus.APPLIED,
                                    by=operator)
    pilot_levels_refresh(institution_ids=[named.pk])


def _seed_subsidies(province_admin: User, operator: User) -> None:
    """Hebei's 2025 construction subsidy (10,000 yuan per new inclusive slot) and the demo operator's applications
    where its institutions gained inclusive slots in 2025."""
    from programme import subsidies
    from programme.models import SubsidyProgramme

    if SubsidyProgramme.objects.exists():
        return
    programme = subsidies.programme_create(
        by=province_admin, name="2025年河北省普惠托位建设补贴", kind="construction", amount=10_000,
        shares={"central": 40, "province": 30, "city": 20, "county": 10}, budget=5_000_000,
        period_from=D(2025, 1, 1), period_to=D(2025, 12, 31))
    for institution in Institution.objects.filter(operators=operator, filing_state=FilingState.FILED):
        try:
            subsidies.subsidy_apply(by=operator, programme=programme, institution=institution)
        except subsidies.SubsidyError:
            continue  # not inclusive, or no new slots in 2025


def demo_seed(*, password: str = DEMO_PASSWORD) -> SeedReport:
    """Create the demo data set (idempotent); demo accounts get `password` on every run."""
    report = SeedReport()
    with transaction.atomic():
        for code in REGIONS:
            _region(code, report)
        for spec in USERS:
            report.users.append(_seed_user(spec, password))
        operator = User.objects.get(username="operator")
        for spec in sorted(INSTITUTIONS, key=lambda s: (s.filed_on, s.name)):
            if _seed_institution(spec, operator):
                report.institutions_created += 1
            else:
                report.institutions_existing += 1
        for county, (population_2023, drift) in COUNTY_POPULATION_2023.items():
            for year in POPULATION_YEARS:
                population = round(population_2023 * (1 + drift) ** (year - 2023), -2)
                _, created = RegionPopulation.objects.get_or_create(
                    region_id=county, year=year, defaults={"population": int(population)})
                report.populations_created += created
                # Children under 3: about 2.2 % of residents in 2021, falling with the births (illustrative).
                under3 = round(population * (0.022 - 0.001 * (year - 2021)), -1)
                RegionUnder3Population.objects.get_or_create(region_id=county, year=year,
                                                             defaults={"under3_population": int(under3)})
            for year in TARGET_YEARS:
                # About 0.5 new slots per 1,000 residents a year, pushed harder after the 2023 plans.
                per_1000 = 0.45 if year <= 2022 else 0.55
                target = round(population_2023 * per_1000 / 1000, -1)
                _, created = SlotTarget.objects.get_or_create(
                    region_id=county, year=year, defaults={"new_slots_target": int(target)})
                report.targets_created += created
        _seed_filings(operator, User.objects.get(username="reviewer"), report)
        _seed_inspections(User.objects.get(username="inspector"), report)
        _seed_fees(User.objects.get(username="admin"))
        _seed_recognitions(User.objects.get(username="city_admin"))
        _seed_designations(operator, User.objects.get(username="county_admin"))
        _seed_subsidies(User.objects.get(username="province_admin"), operator)
        _seed_monthly_reports(operator)
        _seed_incidents(operator, User.objects.get(username="inspector"))
        _seed_register(operator)
    return report
