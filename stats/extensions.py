"""Figures that other apps add to the dashboard without stats importing them (the apps above stats register a
provider in their AppConfig.ready: stats sits below them in the import order, tests/core/test_layers.py)."""
from collections.abc import Callable

DASHBOARD_EXTRAS: dict[str, Callable] = {}


def register_dashboard_extra(name: str, provider: Callable) -> None:
    """`provider(figures)` (a RegionFigures row) gives what the dashboard template reads as `extras.<name>`."""
    DASHBOARD_EXTRAS[name] = provider


def dashboard_extras(figures) -> dict:
    return {name: provider(figures) for name, provider in DASHBOARD_EXTRAS.items()}


BULLETIN_EXTRAS: dict[str, Callable] = {}


def register_bulletin_extra(name: str, provider: Callable) -> None:
    """`provider(region_code, child_codes, start, end, today)` gives what the bulletin reads as `extras.<name>` for
    the period's days `start`..`end` (the region's and its children's), in a fixed number of queries."""
    BULLETIN_EXTRAS[name] = provider


def bulletin_extras(region_code: str, child_codes: list[str], start, end, today) -> dict:
    return {name: provider(region_code, child_codes, start, end, today)
            for name, provider in BULLETIN_EXTRAS.items()}
