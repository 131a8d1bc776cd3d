"""The open-data API keeps the promises of its own OpenAPI document (schemathesis).

schemathesis reads /api/schema/ as the site serves it and sends each operation requests made
from the document's parameters (valid ones and, in its coverage phase, edge cases and invalid
ones), through the real WSGI application on the test database (SQLite or PostgreSQL) with the
demo data loaded. Every answer must pass every check schemathesis has: among them no server
error, a status code, content type, headers and body the document lists, a 2xx for a request
the document allows (a well-formed province, id or year that names no record is an empty list)
and a 400 for one it does not. Hypothesis keeps no example database, so nothing is written into
the checkout; the number of examples is bounded to keep the test to about a minute.
"""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks

from codi_registry.api_urls import SchemaView

load_all_checks()


def served_schema():
    """The document /api/schema/?format=json serves, straight from its view.

    Read when the module is collected, before any test database exists: making the document
    needs no database, but the middleware in front of the view (the page cache) reads one.
    """
    response = SchemaView.as_view()(RequestFactory().get("/api/schema/", {"format": "json"}))
    assert response.status_code == 200
    return json.loads(response.render().content)


def site(environ, start_response):
    """The whole site, middleware included, on the test database. Made for each request:
    middleware reads its settings when it is made, and each test has its own."""
    return WSGIHandler()(environ, start_response)


pytestmark = pytest.mark.fuzz

schema = schemathesis.openapi.from_dict(served_schema())
schema.app = site


@pytest.fixture(autouse=True)
def _demo_site(demo, settings):
    settings.ALLOWED_HOSTS = ["localhost"]  # the host schemathesis sends to a WSGI application
    # As Django's test client does: a request must not close the database connection, which
    # holds the test's transaction (PostgreSQL would lose the demo data mid-test).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_schema_says(case):
    # schemathesis asks for gzip, which the site gives (codi_registry/compression.py), but its
    # WSGI transport does not unpack it as an HTTP client would: ask for the plain body.
    case.call_and_validate(
        headers={"Accept-Encoding": "identity"},
        checks=CHECKS.get_all(),
    )
