"""Fixtures of the inspection tests: the shipped checklists (seeded again here: transactional tests elsewhere
flush the tables the data migration filled) and helpers to log visits through the services."""
import pytest

from inspections import services
from inspections.models import ChecklistKind, ChecklistTemplate, Result
from inspections.seed import seed_checklists

# Minimal files: real signatures, and HTML pretending to be a JPEG.
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<!doctype html><html><script>alert(1)</script></html>"


@pytest.fixture
def checklists(db):
    seed_checklists()
    return {kind: ChecklistTemplate.objects.get(kind=kind, is_active=True) for kind in ChecklistKind.values}


def items_of(visit) -> dict[tuple[str, int], object]:
    """{(section title, item position from 1): item} of the visit's checklist."""
    found = {}
    for section in services.checklist_of(visit):
        for position, item in enumerate(section.items.all(), start=1):
            found[(section.title, position)] = item
    return found


def answer_all(visit, by, overrides: dict | None = None, default: str = Result.MET):
    """Answer every item `default`, except {(section title, position): result} in overrides."""
    overrides = overrides or {}
    for key, item in items_of(visit).items():
        services.visit_answer(visit=visit, item_id=item.pk, by=by, result=overrides.get(key, default),
                              note="现场发现问题" if overrides.get(key) == Result.NOT_MET else "")


def finished_visit(institution, by, type_="routine", overrides=None):
    visit = services.visit_start(institution=institution, type=type_, by=by)
    answer_all(visit, by, overrides)
    return services.visit_finish(visit=visit, by=by)
