"""How the site talks to its database."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_postgresql_connections_run_without_jit():
    """JIT compiling cost more than the queries it compiled (docs/performance.md)."""
    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's; .ci/run runs the suite on PostgreSQL too")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
