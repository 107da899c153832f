"""The layers of the code (docs/architecture.md), checked by reading the modules with `ast` (issue 14):

- `core` is the ground floor: it imports no app;
- `tuoyu_portal` holds settings, URLs and the Celery app: only `urls.py` and `settings.py` name apps;
- the apps import each other in one direction only (no cycle);
- only `core` defines the working-day calendar, an upload sniffer, a file response or an action error base.
"""
import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
APPS = sorted(path.parent.name for path in BASE.glob("*/apps.py"))
OWN = set(APPS) | {"tuoyu_portal"}


def modules(top: str):
    for path in sorted((BASE / top).rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def imported(tree) -> list[tuple[int, str]]:
    """(line, top-level package) of every absolute import of the project's own packages."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name.split(".")[0]) for alias in node.names)
    return [(line, top) for line, top in found if top in OWN]


def test_the_apps_are_found():
    assert {"core", "accounts", "regions", "institutions", "filings", "inspections", "stats", "demo"} <= set(APPS)


def test_core_imports_no_app():
    offenders = [f"{path.relative_to(BASE)}:{line} imports {top}"
                 for path, tree in modules("core") for line, top in imported(tree) if top != "core"]
    assert offenders == []


def test_tuoyu_portal_names_apps_only_in_its_urls_and_settings():
    offenders = [f"{path.relative_to(BASE)}:{line} imports {top}"
                 for path, tree in modules("tuoyu_portal") if path.name not in {"urls.py", "settings.py"}
                 for line, top in imported(tree) if top != "tuoyu_portal"]
    assert offenders == []


def test_the_apps_import_each_other_in_one_direction():
    graph = defaultdict(set)
    for app in APPS:
        for _path, tree in modules(app):
            graph[app] |= {top for _line, top in imported(tree) if top not in {app, "tuoyu_portal"}}
    assert not graph["core"]
    assert [app for app in APPS if "demo" in graph[app]] == []  # the demo data builder sits at the top

    # Depth-first search for a cycle.
    state: dict[str, int] = {}

    def cycle_from(app, trail):
        state[app] = 1
        for target in sorted(graph[app]):
            if state.get(target) == 1:
                return [*trail, app, target]
            if target not in state and (found := cycle_from(target, [*trail, app])):
                return found
        state[app] = 2
        return None

    cycles = [found for app in APPS if app not in state and (found := cycle_from(app, []))]
    assert cycles == []


def _defines(tree) -> set[str]:
    """What a module defines of the four things only core may define."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = {getattr(base, "id", getattr(base, "attr", "")) for base in node.bases}
            methods = {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
            if node.name == "Holiday" or "is_workday" in methods:
                found.add(f"calendar {node.name}")
            if node.name.endswith("ActionError") and not any(base.endswith("ActionError") for base in bases):
                found.add(f"action error {node.name}")
        elif isinstance(node, ast.FunctionDef) and node.name == "sniff":
            found.add("upload sniffer")
        elif isinstance(node, ast.Constant) and isinstance(node.value, bytes) and \
                node.value.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"PK\x03\x04")) and len(node.value) <= 8:
            found.add(f"file signature {node.value!r}")
        elif isinstance(node, ast.ImportFrom) and node.module == "django.http" and \
                any(alias.name == "FileResponse" for alias in node.names):
            found.add("file response")
    return found


def test_only_core_defines_a_calendar_a_sniffer_a_file_response_or_an_action_error():
    offenders = {f"{path.relative_to(BASE)}: {thing}" for app in [*APPS, "tuoyu_portal"] if app != "core"
                 for path, tree in modules(app) if "migrations" not in path.parts for thing in _defines(tree)}
    assert offenders == set()
    core = set().union(*(_defines(tree) for _path, tree in modules("core")))
    # The checks above can fail: core itself has each of the things they look for.
    assert {"calendar Holiday", "calendar WorkingDays", "upload sniffer", "file response",
            "action error ActionError"} <= core


def _role_tests(tree) -> list[int]:
    """Lines that compare a user's role (`x.role == ...`, `x.role in (...)`, `Role.X == ...`)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            parts = [node.left, *node.comparators]
            if any(isinstance(part, ast.Attribute) and part.attr == "role" for part in parts):
                lines.append(node.lineno)
    return lines


def test_pages_apis_and_templates_ask_the_policy_not_the_role():
    """Issue 14 point 2: views, API views, serializers and template tags ask accounts.policy.can (or a permission
    function of the app's permissions.py); a role is compared only where the rules are written."""
    offenders = []
    for app in APPS:
        for path, tree in modules(app):
            name = path.name
            interface = (name in ("views.py", "apis.py", "serializers.py") or path.parent.name in ("views",
                                                                                                  "templatetags"))
            if interface and "migrations" not in path.parts:
                offenders += [f"{path.relative_to(BASE)}:{line}" for line in _role_tests(tree)]
    assert offenders == [], "compare roles in permissions.py and ask can(): " + ", ".join(offenders)


def test_templates_ask_the_policy_not_the_role():
    """A page offers an action after `{% can "<action>" obj as may %}`, never after comparing the user's role."""
    import re

    pattern = re.compile(r"\.role\s*(==|!=)|\brole\s+in\b")
    offenders = [f"{path.relative_to(BASE)}:{number}" for path in sorted((BASE / "templates").rglob("*.html"))
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if pattern.search(line)]
    assert offenders == [], "use {% can %}: " + ", ".join(offenders)
