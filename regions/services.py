"""Writes to regions: loading the national division list shipped in regions/data/."""
import csv
import dataclasses
from pathlib import Path

from django.db import transaction

from .cache import regions_changed
from .models import CODE_LENGTH, Region, RegionLevel

DATA_DIR = Path(__file__).resolve().parent / "data"

# One file per level, loaded parents first. `parent_column` names the CSV column holding the parent code.
LEVEL_FILES = (
    (RegionLevel.PROVINCE, "provinces.csv", None),
    (RegionLevel.CITY, "cities.csv", "provinceCode"),
    (RegionLevel.COUNTY, "areas.csv", "cityCode"),
    (RegionLevel.TOWNSHIP, "streets.csv", "areaCode"),
)
BATCH_SIZE = 2000


class RegionDataError(Exception):
    """The shipped files are inconsistent; nothing was written."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclasses.dataclass
class LevelResult:
    level: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_data: int = 0
    deleted: int = 0
    kept_referenced: int = 0


def read_region_files(data_dir: Path = DATA_DIR) -> dict[str, list[tuple[str, str, str | None]]]:
    """(code, name, parent code) per level, validated: right code length, unique, parent present and a prefix."""
    rows_by_level: dict[str, list[tuple[str, str, str | None]]] = {}
    problems: list[str] = []
    known: set[str] = set()
    for level, filename, parent_column in LEVEL_FILES:
        rows = []
        seen: set[str] = set()
        with open(data_dir / filename, encoding="utf-8", newline="") as handle:
            for line_no, record in enumerate(csv.DictReader(handle), start=2):
                code = (record.get("code") or "").strip()
                name = (record.get("name") or "").strip()
                parent = (record.get(parent_column) or "").strip() if parent_column else None
                where = f"{filename}:{line_no} {code}"
                if not code.isdigit() or len(code) != CODE_LENGTH[level]:
                    problems.append(f"{where}: code is not {CODE_LENGTH[level]} digits")
                    continue
                if code in seen:
                    problems.append(f"{where}: duplicate code")
                    continue
                if not name:
                    problems.append(f"{where}: empty name")
                    continue
                if parent_column and parent not in known:
                    problems.append(f"{where}: parent {parent!r} is not in the level above")
                    continue
                if parent and not code.startswith(parent):
                    problems.append(f"{where}: code does not start with its parent's code {parent}")
                    continue
                seen.add(code)
                rows.append((code, name, parent))
        rows_by_level[level] = rows
        known = seen
    if problems:
        raise RegionDataError(problems)
    return rows_by_level


def _referenced_codes(codes: set[str]) -> set[str]:
    """Codes among `codes` that any other row points at (users, institutions, population, targets...)."""
    referenced: set[str] = set()
    for relation in Region._meta.related_objects:
        if relation.related_model is Region:
            continue  # children are handled by deleting deepest first
        field = relation.field
        referenced.update(
            relation.related_model._base_manager.filter(**{f"{field.name}__in": codes})
            .values_list(field.attname, flat=True).distinct()
        )
    return referenced


@transaction.atomic
def regions_load(*, data_dir: Path = DATA_DIR, prune: bool = False) -> list[LevelResult]:
    """Create or update every region of the shipped files; idempotent, parents before children.

    Only new or changed rows are written (one bulk upsert per batch). Regions in the database but not in
    the files are counted and kept; with `prune` the ones nothing refers to are deleted. No audit row:
    this is reference data loaded by an operator from the command line (and the audit log lives in
    accounts, to the right of regions).
    """
    rows_by_level = read_region_files(data_dir)
    existing = {code: (name, level, parent) for code, name, level, parent in
                Region.objects.values_list("code", "name", "level", "parent_id").iterator(chunk_size=5000)}
    in_data: set[str] = set()
    results = []
    for level, _filename, _column in LEVEL_FILES:
        result = LevelResult(level=level, rows=len(rows_by_level[level]))
        to_write = []
        for code, name, parent in rows_by_level[level]:
            in_data.add(code)
            current = existing.get(code)
            if current == (name, level, parent):
                result.unchanged += 1
                continue
            if current is None:
                result.created += 1
            else:
                result.updated += 1
            to_write.append(Region(code=code, name=name, level=level, parent_id=parent))
        Region.objects.bulk_create(
            to_write, batch_size=BATCH_SIZE, update_conflicts=True, unique_fields=["code"],
            update_fields=["name", "level", "parent"],
        )
        results.append(result)

    extra_by_level = {result.level: set() for result in results}
    for code, (_name, level, _parent) in existing.items():
        if code not in in_data and level in extra_by_level:
            extra_by_level[level].add(code)
    keep: set[str] = set()
    if prune:
        extras = set().union(*extra_by_level.values())
        keep = _referenced_codes(extras)
        # An extra region stays when something refers to it or to one of its descendants.
        keep |= {code for code in extras if any(other.startswith(code) for other in keep)}
    for result in reversed(results):
        extras = extra_by_level[result.level]
        result.not_in_data = len(extras)
        if prune and extras:
            deletable = sorted(extras - keep)
            for start in range(0, len(deletable), BATCH_SIZE):
                Region.objects.filter(code__in=deletable[start:start + BATCH_SIZE]).delete()
            result.deleted = len(deletable)
            result.kept_referenced = len(extras) - len(deletable)
    regions_changed()  # bulk writes send no signals: forget the cached picker reads (regions/cache.py)
    return results
