from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from records.derived import flush_all
from tracking.figures import province_figures

# What every admin page costs besides its own queries: the session and the user before them,
# and the session saved again after them (SESSION_SAVE_EVERY_REQUEST: savepoint, update,
# release).
ADMIN_OVERHEAD = 5
# What every public page and API answer costs besides its own queries: the page cache's data
# version (pagecache/version.py), read once before the page is looked up or rendered.
PUBLIC_OVERHEAD = 1


def count_queries(client, url):
    """How many SQL queries one GET of `url` makes (it must answer 200).

    A streamed response (an export) is read to the end: its queries run while it streams.
    The derived data of rows the test wrote is brought current first, as their commit would
    (records.derived), and the stored province figures are made current for today, as the
    day's first visitor would (tracking/figures.py): the page's own queries are what is
    counted.
    """
    flush_all()
    province_figures(timezone.localdate())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


def assert_constant_queries(client, url, add_rows, *, exactly):
    """`url` makes exactly `exactly` queries, before `add_rows()` and after it."""
    before = count_queries(client, url)
    assert before == exactly, f"{url}: {before} queries, expected {exactly}"
    add_rows()
    after = count_queries(client, url)
    assert after == before, f"{url}: {before} queries, then {after} with more rows"
    return after
