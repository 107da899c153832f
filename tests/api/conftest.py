"""Fixtures of the API tests: the shipped checklists (for visits in the fuzzed data)."""
from tests.inspections.conftest import checklists  # noqa: F401 (a fixture)
