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


def test_a_query_run_again_on_a_connection_is_not_planned_again():
    """Parameters are bound by the server and a query run a second time on a connection is a
    prepared statement: planning a page's joins cost more than running them."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; .ci/run runs the suite on it too")
    from geography.models import Province

    for _ in range(3):
        list(Province.objects.filter(code="30").values_list("pk"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%geography_province%"],
        )
        assert cursor.fetchone()[0] >= 1
