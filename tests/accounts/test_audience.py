"""Roles and scope in one place (issue 14 point 2): accounts.scoping decides who is nobody, an operator or staff,
and every scoped queryset starts from it."""
import ast
from pathlib import Path

import pytest
from django.conf import settings

from accounts.scoping import NOBODY, OPERATOR, STAFF, PersonalQuerySet, ScopedQuerySet, audience
from complaints.models import Complaint
from exports.models import ExportJob
from filings.models import Filing
from imports.models import ImportJob
from inspections.models import RectificationOrder, Visit
from institutions.models import Institution
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_audience_of_each_user(users, django_user_model):
    assert audience(None) == NOBODY
    assert audience(users["operator_a"]) == OPERATOR
    assert all(audience(users[name]) == STAFF for name in ("reviewer_a", "viewer_b", "city_admin", "national_admin"))
    superuser = django_user_model.objects.create_superuser("root", password="x" * 12, role="operator")
    assert audience(superuser) == STAFF and not superuser.is_operator  # a superuser is never an operator
    users["reviewer_a"].is_active = False
    assert audience(users["reviewer_a"]) == NOBODY


def test_every_scoped_list_uses_the_shared_opening():
    for model in (Institution, Filing, Visit, RectificationOrder, Complaint):
        assert isinstance(model.objects.all(), ScopedQuerySet), model
    for model in (Notification, ImportJob, ExportJob):
        assert isinstance(model.objects.all(), PersonalQuerySet), model


def test_no_app_repeats_the_opening_or_the_operator_test():
    """The checks accounts.scoping and User.is_operator hold are written nowhere else."""
    base = Path(settings.BASE_DIR)
    offenders = []
    for path in base.glob("*/**/*.py"):
        top = path.relative_to(base).parts[0]
        if top in {"tests", "bench", "scripts", ".venv"} or "migrations" in path.parts or top.endswith("egg-info"):
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("not user.is_authenticated or not user.is_active", "Role.OPERATOR and not user.is_superuser",
                       "role != Role.OPERATOR or user.is_superuser"):
            if needle in text:
                offenders.append(f"{path.relative_to(base)}: {needle}")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef) and node.name == "visible_to" and \
                    path.relative_to(base).as_posix() not in {"accounts/scoping.py", "accounts/models.py"}:
                body = ast.unparse(node)
                if "is_authenticated" in body:
                    offenders.append(f"{path.relative_to(base)}: visible_to opens with its own checks")
    assert offenders == []
