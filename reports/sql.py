"""Lists joined into one text by the database, so a report reads one row per record."""

from django.db.models import Aggregate, RowRange, Subquery, TextField, Value, Window
from django.db.models.functions import Coalesce


class JoinedText(Aggregate):
    """Texts joined with a separator: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite."""

    function = "STRING_AGG"
    output_field = TextField()

    def __init__(self, text, separator: str, **extra):
        super().__init__(text, Value(separator), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def joined(queryset, text, separator: str, *, order_by):
    """`text` of each row of `queryset`, in `order_by` order, as one text ("" for no rows).

    `queryset` is filtered on an OuterRef, so this is a column of the outer query, computed in
    the same query. The order comes from a window rather than from ORDER BY inside the
    aggregate, which SQLite only accepts from 3.44 on (Debian 12 has 3.40).
    """
    in_order = Window(JoinedText(text, separator), order_by=order_by, frame=RowRange(None, None))
    first = queryset.order_by().annotate(joined_text=in_order).values("joined_text")[:1]
    return Coalesce(Subquery(first), Value(""), output_field=TextField())
