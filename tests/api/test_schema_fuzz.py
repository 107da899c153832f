"""Schemathesis against the OpenAPI document: generated requests to every operation; a server error, a status
the document does not list, or a response outside its schema fails the build."""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tuoyu_portal.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# Examples per operation and role; FUZZ_EXAMPLES=50 for a deeper local run.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
ROLES = ["province_admin", "reviewer_a", "operator_a", "viewer_a"]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI application itself, which closes the database connection after each request
    (request_finished → close_old_connections): that would end the test's transaction on PostgreSQL. Django's
    test client disconnects the same receivers while it makes a request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(users, institutions, checklists):
    """Data in every state the responses describe: filings (draft, submitted), visits (finished with findings,
    in progress without a grade), a complaint; and a token per role."""
    from complaints.services import complaint_submit
    from inspections import services as inspections
    from tests.filings.helpers import complete_filing, submitted_filing
    from tests.inspections.conftest import answer_all, items_of

    complete_filing(users["operator_a"], documents=False)
    submitted_filing(users["operator_a"], name="长安区第二托育园")
    visit = inspections.visit_start(institution=institutions["a"], type="routine", by=users["inspector_a"])
    first_item = next(iter(items_of(visit)))
    answer_all(visit, users["inspector_a"], {first_item: "not_met"})
    inspections.visit_finish(visit=visit, by=users["inspector_a"])
    inspections.visit_start(institution=institutions["a"], type="fire", by=users["inspector_a"])
    complaint_submit(category="safety", description="楼梯没有护栏，孩子容易摔倒。", institution=institutions["a"],
                     county=None, place="", contact_name="", contact_phone="")
    return {role: AuthToken.objects.create(user=users[role])[1] for role in ROLES}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, tokens):
    """Every operation, called by an admin, a reviewer, an operator and a read-only viewer."""
    for role in ROLES:
        response = case.call(headers={"Authorization": f"Token {tokens[role]}"})
        case.validate_response(response, checks=CHECKS)
