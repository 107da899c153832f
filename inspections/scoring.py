"""Scores and grades of a finished visit, from its checklist and answers (pure functions, no queries).

Quality assessment (checklists with points, WS/T 821—2023): each section is a dimension. Its score is the
sum of the points of its met items, rescaled over the applicable items when some are not applicable (合理缺项
按比例折算): score = max_points × met points / applicable points; a dimension whose items are all not
applicable keeps its full points. Dimension scores are rounded to 2 decimals (half up); the total is their
sum, out of 1,000. The grade follows the cut-offs in force (inspections.rules); any failed (not met) baseline item gives D.

Other checklists: score = 100 × Σ weight of met items / Σ weight of applicable items, with weights high 3,
medium 2, low 1 (not-applicable items count in neither); 100 when nothing applies. No grade.
"""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import SEVERITY_WEIGHTS, Grade, Result

QUALITY_MAX = 1000
PERCENT_MAX = 100
CENT = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class DimensionScore:
    section: int
    title: str
    max_points: int
    score: Decimal
    met_points: int
    applicable_points: int

    def as_json(self) -> dict:
        return {"section": self.section, "title": self.title, "max_points": self.max_points,
                "score": str(self.score), "met_points": self.met_points,
                "applicable_points": self.applicable_points}


@dataclass
class VisitScore:
    score: Decimal
    max_score: int
    grade: str = ""
    baseline_failed: bool = False
    dimensions: list[DimensionScore] = field(default_factory=list)


def grade_for(total: Decimal, scale, *, baseline_failed: bool) -> str:
    if baseline_failed:
        return Grade.D
    if total >= scale.a_min:
        return Grade.A
    if total >= scale.b_min:
        return Grade.B
    if total >= scale.c_min:
        return Grade.C
    return Grade.D


def score_quality(sections, results: dict[int, str], scale) -> VisitScore:
    """`sections`: ChecklistSection rows with their items prefetched; `results`: item id → result."""
    dimensions = []
    baseline_failed = False
    for section in sections:
        items = list(section.items.all())
        met = sum(item.points or 0 for item in items if results.get(item.pk) == Result.MET)
        applicable = sum(item.points or 0 for item in items if results.get(item.pk) != Result.NA)
        baseline_failed |= any(item.is_baseline and results.get(item.pk) == Result.NOT_MET for item in items)
        max_points = section.max_points or 0
        score = _round(Decimal(max_points)) if applicable == 0 else _round(Decimal(max_points) * met / applicable)
        dimensions.append(DimensionScore(section=section.pk, title=section.title, max_points=max_points,
                                         score=score, met_points=met, applicable_points=applicable))
    total = sum((d.score for d in dimensions), Decimal("0.00"))
    return VisitScore(score=total, max_score=QUALITY_MAX, baseline_failed=baseline_failed, dimensions=dimensions,
                      grade=grade_for(total, scale, baseline_failed=baseline_failed))


def score_weighted(items, results: dict[int, str]) -> VisitScore:
    """The severity-weighted share of met applicable items, in percent."""
    met = applicable = 0
    for item in items:
        result = results.get(item.pk)
        if result == Result.NA:
            continue
        weight = SEVERITY_WEIGHTS[item.severity]
        applicable += weight
        met += weight if result == Result.MET else 0
    score = _round(Decimal(PERCENT_MAX)) if applicable == 0 else _round(Decimal(PERCENT_MAX) * met / applicable)
    return VisitScore(score=score, max_score=PERCENT_MAX)
