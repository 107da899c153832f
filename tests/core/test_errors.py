"""One refusal type (core.errors.ActionError) and one API mapping of it (core.api.exception_handler)."""
import ast
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from complaints.services import ComplaintActionError
from core.api import exception_handler
from core.errors import ActionError
from core.stored_text import msgid
from filings.services import MSG_RETURN_NEEDS_COMMENT, FilingActionError
from inspections.services import InspectionActionError

APPS = ["accounts", "complaints", "core", "exports", "filings", "imports", "inspections", "institutions",
        "notifications", "regions", "stats", "tuoyu_portal"]


def test_every_apps_refusal_is_a_core_action_error():
    assert all(issubclass(error, ActionError)
               for error in (FilingActionError, InspectionActionError, ComplaintActionError))


def test_the_api_answers_a_refusal_with_409_and_its_message_in_the_active_language():
    refusal = ActionError(MSG_RETURN_NEEDS_COMMENT)
    with translation.override("en"):
        response = exception_handler(refusal, {})
        assert response.status_code == 409
        english = str(response.data["detail"])
    assert english and english != msgid(MSG_RETURN_NEEDS_COMMENT)  # the Chinese msgid, rendered in English
    checks = exception_handler(FilingActionError("x", checks=[]), {})
    assert checks.status_code == 409 and checks.data == {"detail": "x", "checks": []}
    bad_file = exception_handler(ValidationError(["文件为空"]), {})
    assert bad_file.status_code == 400 and bad_file.data == {"detail": "文件为空"}


def test_no_view_maps_refusals_itself():
    """No API view overrides handle_exception: the mapping is core.api.exception_handler alone."""
    base = Path(settings.BASE_DIR)
    offenders = []
    for app in APPS:
        for path in (base / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef) and node.name == "handle_exception":
                    offenders.append(f"{path.relative_to(base)}: handle_exception")
    assert offenders == []
    assert settings.REST_FRAMEWORK["EXCEPTION_HANDLER"] == "core.api.exception_handler"
