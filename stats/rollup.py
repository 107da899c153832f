"""Computing the figures of DOMAIN.md §7 for a subtree of regions (no writes); the figures are declared in
stats/figures.py, which says what each sums and how it is rated.

Sums per institution region (county or township) come from one SQL query that covers every date of a
year at once (capacity and staff summed per institution, then conditional aggregation per date); the
sums are then added up the region tree in Python: thousands of regions, never a loop over institutions.
"""
import dataclasses
import datetime
import logging
from collections import defaultdict
from decimal import Decimal
from operator import add

from django.apps import apps
from django.db import connections, router
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from institutions.models import CapacityRecord, InclusiveRecognition, Institution, PilotLevel, StaffMember
from regions.models import Region, RegionLevel, RegionPopulation, RegionUnder3Population, SlotTarget
from standards.registry import STAFF_QUALIFICATIONS

from . import inspection_figures
from .figures import CAPACITY, RANKS, SUPERVISION, Layout, counted_on, rates
from .models import COUNTRY_CODE, COUNTRY_LEVEL
from .periods import Period

logger = logging.getLogger(__name__)

# The per-date aggregates of the rollup query over the institutions of a group counted at that date (the
# `measure` of a declared sum): cap.s{k}/cap.e{k} are the k-th date's slots/enrolled of an institution.
# An institution is inclusive on the k-th date when a recognition is in force that day (inc.i{k} = 1); one without
# any recognition keeps its undated flag (docs/programme.md, "Inclusive recognition").
# The highest level of the pilot designations in force on a date (0: none), and back to the level's code.
PILOT_RANK = "CASE d.level WHEN 'province' THEN 3 WHEN 'city' THEN 2 WHEN 'county' THEN 1 ELSE 0 END"
LEVEL_OF_RANK = {0: PilotLevel.NONE, 1: PilotLevel.COUNTY, 2: PilotLevel.CITY, 3: PilotLevel.PROVINCE}
INCLUSIVE_ON = "COALESCE(inc.i{k}, CASE WHEN i.inclusive THEN 1 ELSE 0 END) = 1"
# Enrolled on a date: the institution's monthly report of the last month ended on or before it where it sent one
# (rep.e{k}), else its capacity record's (docs/monthly.md).
MEASURES = {"count": "COUNT(*)", "slots": "SUM(cap.s{k})", "enrolled": "SUM(COALESCE(rep.e{k}, cap.e{k}))",
            "inclusive_slots": f"SUM(CASE WHEN {INCLUSIVE_ON} THEN cap.s{{k}} END)",
            # Pilots accepted (验收通过) by the k-th date and in force that day; demonstration institutions in force.
            "accepted_pilots": "SUM(CASE WHEN des.a{k} = 1 THEN 1 ELSE 0 END)",
            "demonstrations": "SUM(CASE WHEN dem.m{k} = 1 THEN 1 ELSE 0 END)",
            # Staff on the date: the institution's staff register where it keeps one by then (wk: people joined on
            # or before the date and not yet left, certified when a certificate is valid that day), else the staff
            # of its latest approved filing, certified with a certificate number without an expiry (st) or one
            # expiring on or after the date (stx.x{k}; docs/statistics.md, 持证上岗率).
            "staff": "SUM(CASE WHEN wk.r{k} > 0 THEN wk.w{k} ELSE st.total END)",
            "certified": "SUM(CASE WHEN wk.r{k} > 0 THEN wk.c{k} "
                         "ELSE COALESCE(st.certified, 0) + COALESCE(stx.x{k}, 0) END)"}
# A register's certificate counts for the role it qualifies (standards.registry.STAFF_QUALIFICATIONS, what the
# register's own check and a filing's snapshot accept: a caregiver's nurse licence does not make them certified);
# roles the table does not name count any certificate, as a filing's staff list does.
QUALIFYING = "(" + " OR ".join(
    [f"qw.role NOT IN ({', '.join(repr(role) for role in STAFF_QUALIFICATIONS)})",
     *(f"(qw.role = '{role}' AND q.type IN ({', '.join(repr(code) for code, _label in types)}))"
       for role, types in STAFF_QUALIFICATIONS.items())]) + ")"
USED = CAPACITY.measures()  # the measures the declared sums add, in the order of the query's columns
COUNT = USED.index("count")
INSTITUTIONS, SLOTS, COUNTIES = (CAPACITY.index(name) for name in ("institutions", "slots", "counties"))
NO_RANK = {rank.name: None for rank in RANKS}

# Bottom-up order of the levels (a region's children are all of a later level in this list).
LEVEL_DEPTH = {RegionLevel.TOWNSHIP: 4, RegionLevel.COUNTY: 3, RegionLevel.CITY: 2, RegionLevel.PROVINCE: 1,
               COUNTRY_LEVEL: 0}

zeros = CAPACITY.zeros


# --- SQL: sums per institution region ---------------------------------------------------------------

def _sums_sql(connection, root: str, dates: list[datetime.date]) -> tuple[str, list]:
    """One query: per institution region, operating model, inclusive, pilot level and ownership, the institutions, slots,
    enrolled, staff and certified staff counted at each of `dates`.

    Capacity and staff are first summed per institution (hash aggregates, no DISTINCT), so the rule of which
    institutions count on a date (`counted_on`) is evaluated once per institution and date, not once per
    capacity record or staff member. Plain SQL that PostgreSQL and SQLite (>= 3.30, aggregate FILTER) both run.
    """
    quote = connection.ops.quote_name
    institution, capacity, staff, recognition, designation, report, worker, qualification = (
        quote(model._meta.db_table) for model in (
            Institution, CapacityRecord, StaffMember, InclusiveRecognition, apps.get_model("programme", "Designation"),
            apps.get_model("monthly", "MonthlyReport"), apps.get_model("workforce", "Worker"),
            apps.get_model("workforce", "Qualification")))
    first, last = min(dates), max(dates)
    scope, scope_params = "", []
    if root:
        scope, scope_params = "AND i.region_id LIKE %s", [root + "%"]
    # Institutions that may count on one of the dates (what the FILTERs below split by date).
    candidates = f"{counted_on.sql_between('i')} {scope}"
    candidate_params = [*counted_on.params_between(first, last), *scope_params]
    in_force = "c.effective_from <= %s AND (c.effective_to IS NULL OR c.effective_to > %s)"
    capacity_columns, capacity_params = [], []
    outer_columns, outer_params = [], []
    pilot_keys = ", ".join(f"des.p{k}" for k in range(len(dates)))
    inclusive_columns, inclusive_params = [], []
    pilot_columns, pilot_params = [], []
    demonstration_columns, demonstration_params = [], []
    report_columns, report_params = [], []
    report_months = sorted({_last_ended_month(date) for date in dates})
    valid_columns, valid_params = [], []
    register_columns, register_params = [], []
    counted = counted_on.sql("i")
    for k, date in enumerate(dates):
        capacity_columns += [f"CAST(SUM(c.slots) FILTER (WHERE {in_force}) AS INTEGER) AS s{k}",
                             f"CAST(SUM(c.enrolled) FILTER (WHERE {in_force}) AS INTEGER) AS e{k}"]
        capacity_params += [date, date, date, date]
        inclusive_columns.append(f"MAX(CASE WHEN r.valid_from <= %s AND (r.valid_to IS NULL OR r.valid_to >= %s) "
                                 f"THEN 1 ELSE 0 END) AS i{k}")
        inclusive_params += [date, date]
        pilot_columns += [
            f"MAX(CASE WHEN d.designated_on <= %s AND d.valid_to >= %s THEN {PILOT_RANK} ELSE 0 END) AS p{k}",
            f"MAX(CASE WHEN d.accepted_on <= %s AND d.designated_on <= %s AND d.valid_to >= %s THEN 1 ELSE 0 END)"
            f" AS a{k}"]
        pilot_params += [date, date, date, date, date]
        demonstration_columns.append(
            f"MAX(CASE WHEN d.designated_on <= %s AND d.valid_to >= %s THEN 1 ELSE 0 END) AS m{k}")
        demonstration_params += [date, date]
        # The register on the k-th date: whether it holds anybody by then (r), who is on it (w), and who of them
        # holds a certificate valid that day (c, from wq.v).
        valid_columns.append(f"MAX(CASE WHEN q.issued_on <= %s AND (q.expires_on IS NULL OR q.expires_on >= %s) "
                             f"AND TRIM(q.number) <> '' AND {QUALIFYING} THEN 1 ELSE 0 END) AS v{k}")
        valid_params += [date, date]
        on_register = "w.joined_on <= %s AND (w.left_on IS NULL OR w.left_on > %s)"
        register_columns += [f"CAST(COUNT(*) FILTER (WHERE w.joined_on <= %s) AS INTEGER) AS r{k}",
                             f"CAST(COUNT(*) FILTER (WHERE {on_register}) AS INTEGER) AS w{k}",
                             f"CAST(COUNT(*) FILTER (WHERE {on_register} AND wq.v{k} = 1) AS INTEGER) AS c{k}"]
        register_params += [date, date, date, date, date]
        report_columns.append(f"MAX(CASE WHEN r.month = %s THEN r.enrolled END) AS e{k}")
        report_params.append(_last_ended_month(date))
        # One column per measure the declared sums add (stats.figures), for the institutions counted on `date`.
        outer_columns += [f"{MEASURES[measure].format(k=k)} FILTER (WHERE {counted})" for measure in USED]
        outer_params += counted_on.params(date) * len(USED)
    # Capacity records and staff of the institutions in scope: all of them for the country (institutions
    # that do not count drop out at the outer join; cheaper than joining every record to its institution).
    of_scope, of_scope_params = "", []
    worker_scope = ""
    if root:
        of_scope = f"AND c.institution_id IN (SELECT id FROM {institution} WHERE region_id LIKE %s)"
        of_scope_params = [root + "%"]
        worker_scope = (f"AND q.worker_id IN (SELECT w.id FROM {worker} w "
                        f"WHERE {of_scope[4:].replace('c.institution_id', 'w.institution_id')})")
    certified = "TRIM(s.qualification_cert_no) <> '' AND s.qualification_expires_on IS NULL"
    expiring_columns = [f"CAST(COUNT(*) FILTER (WHERE s.qualification_expires_on >= %s) AS INTEGER) AS x{k}"
                        for k in range(len(dates))]
    if root:
        # A province or less: each institution's staff through the index on institution_id (reading all staff
        # to keep a few percent of them took most of a province's recompute).
        staff_sql = f"""
            SELECT i.id AS institution_id,
                   CAST((SELECT COUNT(*) FROM {staff} s WHERE s.institution_id = i.id) AS INTEGER) AS total,
                   CAST((SELECT COUNT(*) FROM {staff} s WHERE s.institution_id = i.id AND {certified})
                        AS INTEGER) AS certified
            FROM {institution} i WHERE {candidates}"""
        staff_params = candidate_params
    else:
        staff_sql = f"""
            SELECT s.institution_id, CAST(COUNT(*) AS INTEGER) AS total,
                   CAST(COUNT(*) FILTER (WHERE {certified}) AS INTEGER) AS certified
            FROM {staff} s GROUP BY s.institution_id"""
        staff_params = []
    sql = f"""
        WITH cap AS (
            SELECT c.institution_id, {", ".join(capacity_columns)}
            FROM {capacity} c
            WHERE c.effective_from <= %s AND (c.effective_to IS NULL OR c.effective_to > %s)
                  {of_scope}
            GROUP BY c.institution_id
        ), st AS ({staff_sql}
        ), inc AS (
            SELECT r.institution_id, {", ".join(inclusive_columns)} FROM {recognition} r GROUP BY r.institution_id
        ), des AS (
            SELECT d.institution_id, {", ".join(pilot_columns)} FROM {designation} d
            WHERE d.kind = 'pilot' AND d.designated_on IS NOT NULL GROUP BY d.institution_id
        ), dem AS (
            SELECT d.institution_id, {", ".join(demonstration_columns)} FROM {designation} d
            WHERE d.kind = 'demonstration' AND d.designated_on IS NOT NULL GROUP BY d.institution_id
        ), stx AS (
            SELECT s.institution_id, {", ".join(expiring_columns)}
            FROM {staff} s JOIN {institution} i ON i.id = s.institution_id
            WHERE s.qualification_expires_on IS NOT NULL AND TRIM(s.qualification_cert_no) <> '' AND {candidates}
            GROUP BY s.institution_id
        ), rep AS (
            SELECT r.institution_id, {", ".join(report_columns)} FROM {report} r
            WHERE r.month IN ({", ".join(["%s"] * len(report_months))}) GROUP BY r.institution_id
        ), wq AS (
            SELECT q.worker_id, {", ".join(valid_columns)} FROM {qualification} q
            JOIN {worker} qw ON qw.id = q.worker_id
            WHERE q.issued_on <= %s {worker_scope} GROUP BY q.worker_id
        ), wk AS (
            SELECT w.institution_id, {", ".join(register_columns)}
            FROM {worker} w LEFT JOIN wq ON wq.worker_id = w.id
            WHERE w.joined_on <= %s {of_scope.replace("c.institution_id", "w.institution_id")}
            GROUP BY w.institution_id
        )
        SELECT i.region_id, i.operating_model, i.inclusive, i.pilot_level, i.ownership_type, {pilot_keys},
               {", ".join(outer_columns)}
        FROM {institution} i
        LEFT JOIN cap ON cap.institution_id = i.id
        LEFT JOIN st ON st.institution_id = i.id
        LEFT JOIN inc ON inc.institution_id = i.id
        LEFT JOIN des ON des.institution_id = i.id
        LEFT JOIN dem ON dem.institution_id = i.id
        LEFT JOIN stx ON stx.institution_id = i.id
        LEFT JOIN rep ON rep.institution_id = i.id
        LEFT JOIN wk ON wk.institution_id = i.id
        WHERE {candidates}
        GROUP BY i.region_id, i.operating_model, i.inclusive, i.pilot_level, i.ownership_type, {pilot_keys}"""
    params = [*capacity_params, last, first, *of_scope_params, *staff_params, *inclusive_params, *pilot_params,
              *demonstration_params, *dates, *candidate_params, *report_params, *report_months,
              *valid_params, last, *of_scope_params, *register_params, last, *of_scope_params,
              *outer_params, *candidate_params]
    return sql, params


def _last_ended_month(day: datetime.date) -> datetime.date:
    """The first day of the last month that ended on or before `day` (monthly.services.last_ended_month)."""
    first_of_next = (day + datetime.timedelta(days=1)).replace(day=1)
    return (first_of_next - datetime.timedelta(days=1)).replace(day=1)


def institution_sums(root: str, dates: list[datetime.date]) -> dict[datetime.date, dict[str, list[int]]]:
    """{date: {institution region code: sums}} for the institutions in `root`'s scope; one query."""
    sums: dict[datetime.date, dict[str, list[int]]] = {date: {} for date in dates}
    connection = connections[router.db_for_read(Institution)]
    sql, params = _sums_sql(connection, root, dates)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    by_date = [sums[date] for date in dates]
    width = len(USED)
    days = len(dates)
    for region, operating_model, inclusive, pilot_level, ownership, *values in rows:
        pilot_ranks, values = values[:days], values[days:]
        for k, by_code in enumerate(by_date):
            base = width * k
            if not values[base + COUNT]:
                continue
            # The pilot level on the k-th date: the designations in force that day, once the institution was ever
            # named a pilot; else the undated level it was filed or imported with.
            level = pilot_level if pilot_ranks[k] is None else LEVEL_OF_RANK[pilot_ranks[k]]
            # (vector index, measure position) of each declared sum this group adds to.
            pairs = CAPACITY.contributions((operating_model, inclusive, level, ownership), USED)
            vector = by_code.get(region)
            if vector is None:
                vector = by_code[region] = zeros()
            for index, measure in pairs:
                value = values[base + measure]
                if value:
                    vector[index] += value
    return sums


def populations(root: str, year: int, model=RegionPopulation, field: str = "population") -> dict[str, int]:
    """Each region's own resident population (or children under 3: RegionUnder3Population) for `year`: its latest
    figure of a year <= `year`."""
    latest = (model.objects.filter(region_id=OuterRef("region_id"), year__lte=year)
              .order_by("-year").values("year")[:1])
    rows = model.objects.filter(year__lte=year, year=Subquery(latest))
    if root:
        rows = rows.filter(region__code__startswith=root)
    return dict(rows.values_list("region_id", field))


def township_counts(root: str) -> dict[str, int]:
    """{county code: its townships (乡镇街道) in the region table}; one query."""
    rows = Region.objects.filter(level=RegionLevel.TOWNSHIP)
    if root:
        rows = rows.filter(code__startswith=root)
    return dict(rows.values("parent_id").annotate(n=Count("code")).values_list("parent_id", "n"))


def townships_up(tree: "Tree", per_county: dict[str, int]) -> dict[str, int]:
    """Townships of each region: 1 for a township, a county's from the region table (at least the townships its
    institutions name), the sum of the children's above."""
    value: dict[str, int] = {}
    for code in tree.order:
        level, children = tree.level[code], tree.children.get(code, ())
        if level == RegionLevel.TOWNSHIP:
            value[code] = 1
        elif level == RegionLevel.COUNTY:
            value[code] = max(per_county.get(code, 0), len(children))
        else:
            value[code] = sum(value[child] for child in children)
    return value


def targets(root: str, year: int, field: str = "new_slots_target") -> dict[str, int]:
    """Each region's own target of `year`: the new-slot target, or a pilot target (PILOT_TARGETS) where set."""
    rows = SlotTarget.objects.filter(year=year, **{f"{field}__isnull": False})
    if root:
        rows = rows.filter(region__code__startswith=root)
    return dict(rows.values_list("region_id", field))


# The pilot targets (issue 16 point 2): given like the new-slot target (a region's own, else its children's).
PILOT_TARGETS = ("pilots_target", "pilot_slots_target")
# Every value given to `figures` besides the population and the target (None or 0 when unknown).
GIVEN = (*PILOT_TARGETS, "under3_population", "under3_counties", "townships")


# --- the region tree --------------------------------------------------------------------------------

@dataclasses.dataclass
class Tree:
    level: dict[str, str]
    parent: dict[str, str | None]
    children: dict[str, list[str]]
    order: list[str] = dataclasses.field(default_factory=list)  # bottom-up

    def add_township(self, code: str) -> bool:
        """Attach a township (9-digit code, known only from institutions or figures) to its county."""
        if code in self.level:
            return True
        county = code[:6]
        if len(code) <= 6 or self.level.get(county) != RegionLevel.COUNTY:
            return False
        self.level[code], self.parent[code] = RegionLevel.TOWNSHIP, county
        self.children[county].append(code)
        return True

    def finish(self) -> None:
        self.order = sorted(self.level, key=lambda code: (-LEVEL_DEPTH.get(self.level[code], 5), code))


def region_tree(root: str) -> Tree:
    """Provinces, cities and counties in `root`'s scope (one query), plus the country when root is ""."""
    regions = Region.objects.exclude(level=RegionLevel.TOWNSHIP)
    if root:
        regions = regions.filter(code__startswith=root)
    tree = Tree(level={}, parent={}, children=defaultdict(list))
    if not root:
        tree.level[COUNTRY_CODE], tree.parent[COUNTRY_CODE] = COUNTRY_LEVEL, None
    for code, level, parent in regions.values_list("code", "level", "parent_id"):
        tree.level[code] = level
        tree.parent[code] = COUNTRY_CODE if parent is None else parent
    for code, parent in tree.parent.items():
        if parent is not None and parent in tree.level:
            tree.children[parent].append(code)
    return tree


def resolve_up(tree: Tree, own: dict[str, int]) -> dict[str, int | None]:
    """A region's own figure, else the sum of its children's (recursively); None when none has one.

    Children without a figure are left out of the sum (a development zone usually has no population
    of its own): the parent's figure is the sum of those that have one.
    """
    value: dict[str, int | None] = {}
    for code in tree.order:
        if code in own:
            value[code] = own[code]
        else:
            known = [value[child] for child in tree.children.get(code, ()) if value.get(child) is not None]
            value[code] = sum(known) if known else None
    return value


def coverage_up(tree: Tree, own: dict[str, int], value: dict[str, int | None],
                counties: dict[str, int]) -> dict[str, int]:
    """County-level units of each region that its figure (population or target) covers: all of them when the
    region has its own figure; a county when it has a figure of its own or of its townships; else the sum of
    its children's (issue 13: a province whose population is three districts' covers 3 of 190)."""
    covered: dict[str, int] = {}
    for code in tree.order:
        if code in own:
            covered[code] = counties[code]
        elif tree.level[code] == RegionLevel.COUNTY:
            covered[code] = 1 if value.get(code) is not None else 0
        else:
            covered[code] = sum(covered[child] for child in tree.children.get(code, ()))
    return covered


def roll_up(tree: Tree, leaves: dict[str, list[int]], layout: Layout = CAPACITY) -> dict[str, list[int]]:
    """Sums of every region of the tree: its own institutions' plus its children's; each county-level unit
    sets its per-county counts (1 county; 1 pilot county when it has a pilot)."""
    totals: dict[str, list[int]] = {}
    zero = layout.zeros
    per_county = layout.per_county
    for code in tree.order:
        total = leaves.get(code)
        total = list(total) if total is not None else zero()
        for child in tree.children.get(code, ()):
            child_total = totals[child]
            if any(child_total):
                total = list(map(add, total, child_total))  # every vector of a layout has its width
        if per_county and tree.level[code] == RegionLevel.COUNTY:
            layout.set_county(total)
        elif layout.per_township and tree.level[code] == RegionLevel.TOWNSHIP:
            layout.set_township(total)
        totals[code] = total
    return totals


# --- from sums to the stored figures ----------------------------------------------------------------

def figures(sums: list[int], *, baseline_slots: int, population: int | None, target: int | None,
            given: dict | None = None) -> dict:
    """The stored sums and given values of one region in one period (without its rates, region, period, rank)."""
    values = CAPACITY.stored(sums)
    values["population"], values["target"] = population, target
    values.update(given or dict.fromkeys(GIVEN))
    values["new_slots"] = values["slots"] - baseline_slots
    return values


def supervision_fields(vector: list[int]) -> dict:
    """The stored supervision sums of one region in one period (most have none: one shared dict then)."""
    return SUPERVISION.stored(vector) if any(vector) else _NO_SUPERVISION


_NO_SUPERVISION = SUPERVISION.stored(SUPERVISION.zeros())


def competition_ranks(values: dict[str, Decimal | None]) -> dict[str, int | None]:
    """Descending ranks where ties share a rank and the next rank skips (1, 2, 2, 4); None is not ranked."""
    ranked = sorted((value, code) for code, value in values.items() if value is not None)
    ranked.reverse()
    ranks: dict[str, int | None] = dict.fromkeys(values)
    previous, previous_rank = None, 0
    for position, (value, code) in enumerate(ranked, start=1):
        rank = previous_rank if value == previous else position
        ranks[code], previous, previous_rank = rank, value, rank
    return ranks


def assign_ranks(rows: list[dict], *, skip: set[str] = frozenset()) -> None:
    """Set the ranks (stats.figures.RANKS) of each row among the rows with the same parent (and period)."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        if row["parent_code"] is not None and row["region_code"] not in skip:
            groups[(row["quarter"], row["parent_code"])].append(row)
    for group in groups.values():
        for rank in RANKS:
            ranks = competition_ranks({row["region_code"]: row[rank.by] for row in group})
            for row in group:
                row[rank.name] = ranks[row["region_code"]]


# --- a whole subtree --------------------------------------------------------------------------------

def compute_subtree(root: str, periods: list[Period]) -> list[dict]:
    """RegionFigures field dicts for every region of `root`'s scope (the country too when root is "")
    in each of `periods` (all of one year), ranked among siblings (the root itself is not ranked).

    Townships get a row when they have institutions counted at the period's end or at the baseline.
    """
    year = periods[0].year
    assert all(p.year == year for p in periods), "one year per computation"
    dates = sorted({p.as_of for p in periods} | {p.baseline for p in periods})
    tree = region_tree(root)
    leaves = institution_sums(root, dates)
    supervision = inspection_figures.inspection_sums(root, periods)
    own_population, own_target = populations(root, year), targets(root, year)
    own_under3 = populations(root, year, RegionUnder3Population, "under3_population")
    for code in {*own_population, *own_target, *own_under3, *(c for by_code in leaves.values() for c in by_code)}:
        if code not in tree.level and not tree.add_township(code):
            logger.warning("stats: region %s is not under a county-level region of the tree; left out", code)
    for by_code in supervision.values():  # visits or orders of a township without a counted institution
        for code in [code for code in by_code if code not in tree.level]:
            if not tree.add_township(code):
                del by_code[code]
    tree.finish()
    totals = {date: roll_up(tree, leaves[date]) for date in dates}
    supervised = {quarter: roll_up(tree, by_code, SUPERVISION) for quarter, by_code in supervision.items()}
    population, target = resolve_up(tree, own_population), resolve_up(tree, own_target)
    pilot_targets = {field: resolve_up(tree, targets(root, year, field)) for field in PILOT_TARGETS}
    counties = {code: sums[COUNTIES] for code, sums in totals[dates[0]].items()}
    population_counties = coverage_up(tree, own_population, population, counties)
    under3 = resolve_up(tree, own_under3)
    under3_counties = coverage_up(tree, own_under3, under3, counties)
    townships = townships_up(tree, township_counts(root))
    target_counties = coverage_up(tree, own_target, target, counties)
    computed_at = timezone.now()
    rows = []
    # The year and Q4 describe the same day from the same baseline: their figures are computed once.
    figures_of: dict[tuple[datetime.date, datetime.date], dict[str, dict]] = defaultdict(dict)
    for period in periods:
        at, before = totals[period.as_of], totals[period.baseline]
        known = figures_of[(period.as_of, period.baseline)]
        for code in tree.order:
            level = tree.level[code]
            if level == RegionLevel.TOWNSHIP and not (at[code][INSTITUTIONS] or before[code][INSTITUTIONS]):
                continue
            own = known.get(code)
            if own is None:
                own = known[code] = figures(
                    at[code], baseline_slots=before[code][SLOTS], population=population[code], target=target[code],
                    given={**{field: pilot_targets[field][code] for field in PILOT_TARGETS},
                           "under3_population": under3[code], "under3_counties": under3_counties[code],
                           "townships": townships[code]})
            row = {
                "region_code": code, "parent_code": tree.parent[code], "level": level,
                "year": year, "quarter": period.quarter, "as_of": period.as_of, "computed_at": computed_at,
                **NO_RANK,
                "population_counties": population_counties[code], "target_counties": target_counties[code],
                **own,
                **supervision_fields(supervised[period.quarter][code]),
            }
            row.update(rates(row))
            rows.append(row)
    assign_ranks(rows, skip={root} if root else set())
    return rows


def _sum_known(values) -> int | None:
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def compute_country(periods: list[Period], provinces: list) -> tuple[list[dict], dict[tuple[str, int], dict]]:
    """The country's rows summed from the stored province rows, and the provinces' ranks.

    Returns (country field dicts, {(province code, quarter): {rank field: rank}}).
    """
    by_quarter: dict[int, list] = defaultdict(list)
    for row in provinces:
        by_quarter[row.quarter].append(row)
    computed_at = timezone.now()
    rows, ranks = [], {}
    for period in periods:
        members = by_quarter.get(period.quarter, [])
        sums, baseline_slots, supervised = zeros(), 0, SUPERVISION.zeros()
        for row in members:
            sums = [a + b for a, b in zip(sums, CAPACITY.vector_of(row), strict=True)]
            supervised = [a + b for a, b in zip(supervised, SUPERVISION.vector_of(row), strict=True)]
            baseline_slots += row.slots - row.new_slots
        known_population = [row.population for row in members if row.population is not None]
        known_target = [row.target for row in members if row.target is not None]
        row = {
            "region_code": COUNTRY_CODE, "parent_code": None, "level": COUNTRY_LEVEL, "year": period.year,
            "quarter": period.quarter, "as_of": period.as_of, "computed_at": computed_at,
            **NO_RANK,
            "population_counties": sum(row.population_counties for row in members),
            "target_counties": sum(row.target_counties for row in members),
            **figures(sums, baseline_slots=baseline_slots,
                      population=sum(known_population) if known_population else None,
                      target=sum(known_target) if known_target else None,
                      given={**{field: _sum_known(getattr(row, field) for row in members)
                                for field in (*PILOT_TARGETS, "under3_population")},
                             **{field: sum(getattr(row, field) for row in members)
                                for field in ("under3_counties", "townships")}}),
            **supervision_fields(supervised),
        }
        row.update(rates(row))
        rows.append(row)
        for rank in RANKS:
            by_value = competition_ranks({member.region_code: getattr(member, rank.by) for member in members})
            for member in members:
                ranks.setdefault((member.region_code, period.quarter), {})[rank.name] = by_value[member.region_code]
    return rows, ranks
