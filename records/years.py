"""The years in which published records are dated, for the public lists' year filters."""

from django.db import connections


def published_years(model, date_field):
    """The years (CE) of `date_field` among the published rows of `model`, newest first, in
    one query that reads one index entry per year: a recursive query that asks for the newest
    date before the start of the year last found ("loose index scan"), where DISTINCT over
    the dates reads every row. `date_field` should lead an index of the model (its list order).
    """
    connection = connections[model.objects.db]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column = quote(model._meta.get_field(date_field).column)
    start_of_year = {
        "postgresql": "CAST(date_trunc('year', years.found_on) AS date)",
        "sqlite": "date(years.found_on, 'start of year')",
    }[connection.vendor]
    newest_before = f"""
        SELECT {column} FROM {table}
        WHERE is_published AND {column} IS NOT NULL {{before}}
        ORDER BY {column} DESC LIMIT 1
    """
    sql = f"""
        WITH RECURSIVE years(found_on) AS (
            SELECT ({newest_before.format(before="")})
            UNION ALL
            SELECT ({newest_before.format(before=f"AND {column} < {start_of_year}")})
            FROM years WHERE years.found_on IS NOT NULL
        )
        SELECT found_on FROM years WHERE found_on IS NOT NULL
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        days = [value for (value,) in cursor.fetchall()]
    # SQLite hands dates back as text.
    return [int(str(value)[:4]) for value in days]
