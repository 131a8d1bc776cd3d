"""The open-data API keeps the promises of its own OpenAPI document (schemathesis).

schemathesis reads /api/schema/ as the site serves it and sends each operation requests made
from the document's parameters (valid ones and, in its coverage phase, edge cases and invalid
ones), through the real WSGI application on the test database (SQLite or PostgreSQL) with the
demo data loaded. Every answer must be: no server error, a status code the document lists, and
a body that matches the documented schema. Hypothesis keeps no example database, so nothing is
written into the checkout; the number of examples is bounded to keep the test to about a minute.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(demo):
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_schema_says(case):
    case.call_and_validate(checks=CHECKS)
