"""A report's CSV written by PostgreSQL: `COPY (SELECT ...) TO STDOUT WITH CSV`, streamed.

Reading sixty thousand allocations into Python and writing them again with the csv module
cost two to three times what the database takes to produce the same rows as CSV itself. For a
report whose rows are a values_list() queryset as it is (`Report.source`), the database does
both: the query is wrapped in a SELECT that does what reports.renderers does to each cell (a
text that a spreadsheet would run as a formula gets a leading apostrophe; an empty text is an
empty cell, as the csv module writes it) and COPY sends the rows in pieces, so memory stays
flat. The file is the one the csv module would write but for its line ends (LF, not CRLF),
which every spreadsheet and CSV reader takes.
"""

from contextlib import nullcontext

from django.db import connections

from .columns import FORMULA_TRIGGERS, neutralise

# The triggers as SQL string literals (E'' for the control characters).
_TRIGGERS = ", ".join(
    "E'" + trigger.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n") + "'"
    for trigger in FORMULA_TRIGGERS
)


def can_copy(report) -> bool:
    source = report.source
    return source is not None and connections[source.db].vendor == "postgresql"


def copy_statement(report, texts) -> tuple[str, tuple]:
    """The COPY statement of `report.source`, its text columns neutralised, and its params."""
    sql, params = report.source.query.sql_with_params()
    names = [f"c{index}" for index in range(len(report.columns))]
    cells = [
        f"CASE WHEN left(q.{name}, 1) IN ({_TRIGGERS}) THEN '''' || q.{name} "
        f"ELSE NULLIF(q.{name}, '') END"
        if index in texts
        else f"q.{name}"
        for index, name in enumerate(names)
    ]
    select = f"SELECT {', '.join(cells)} FROM ({sql}) AS q({', '.join(names)})"
    return f"COPY ({select}) TO STDOUT WITH (FORMAT csv)", params


def csv_pieces(report, headers, texts):
    """The CSV as pieces of text: the byte-order mark and headers, then what COPY sends."""
    # The byte-order mark makes Excel read the file as UTF-8, so Thai is not garbled.
    yield "\ufeff" + ",".join(_header_cell(neutralise(header)) for header in headers) + "\n"
    statement, params = copy_statement(report, set(texts))
    connection = connections[report.source.db]
    connection.ensure_connection()
    with connection.cursor() as cursor:
        # Counted and logged as a query where Django logs queries (DEBUG, tests).
        logged = (
            cursor.debug_sql(statement, params) if hasattr(cursor, "debug_sql") else nullcontext()
        )
        with logged, cursor.cursor.copy(statement, params) as copied:
            for data in copied:
                yield bytes(data)


def _header_cell(text: str) -> str:
    if any(character in text for character in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text
