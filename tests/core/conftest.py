"""Fixtures of the core tests: the shipped checklists (for visits)."""
from tests.inspections.conftest import checklists  # noqa: F401 (a fixture)
