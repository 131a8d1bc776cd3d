"""The years in which published records are dated, for the public lists' year filters."""

import django_filters
from django.db import connections

from thai.calendar import FIRST_BE_YEAR

# The last year (BE) a query may name: four digits, like a typed date's year.
LAST_BE_YEAR = 9999


class YearChoiceFilter(django_filters.ChoiceFilter):
    """A year (BE) chosen among those the data holds (`choices`, read when the form is made).

    `first` and `last` bound the years a query may name at all. The public page lists only the
    years with records; the open-data API answers any year within the bounds, with an empty
    list for one without records, and a 400 for one outside them (opendata.filters), which is
    most often a CE year given by mistake.
    """

    def __init__(self, *args, first=FIRST_BE_YEAR, last=LAST_BE_YEAR, **kwargs):
        self.first, self.last = first, last
        super().__init__(*args, **kwargs)


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
