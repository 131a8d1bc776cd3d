from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url):
    """How many SQL queries one GET of `url` makes (it must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def assert_constant_queries(client, url, add_rows, *, most=15):
    """The query count of `url` is the same after `add_rows()` and stays within `most`."""
    before = count_queries(client, url)
    add_rows()
    after = count_queries(client, url)
    assert after == before, f"{url}: {before} queries, then {after} with more rows"
    assert after <= most, f"{url}: {after} queries"
    return after
