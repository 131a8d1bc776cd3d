"""The data version: a cheap value that changes whenever any audited row changes."""

import functools

from django.apps import apps
from django.db import connection
from simple_history.models import HistoricalChanges


def history_tables():
    """(table, id column) of every django-simple-history table, in a stable order."""
    return sorted(
        (model._meta.db_table, model._meta.pk.column)
        for model in apps.get_models()
        if issubclass(model, HistoricalChanges)
    )


def data_version_sql(tables):
    # One scalar subquery per table: MAX of the primary key is an index lookup, so the whole
    # statement costs about as much as a single-row read however large the history grows.
    quote = connection.ops.quote_name
    maxima = ", ".join(f"(SELECT MAX({quote(pk)}) FROM {quote(table)})" for table, pk in tables)
    return f"SELECT {maxima}"


@functools.cache
def _version_sql(vendor):
    """The statement, made once per process (and database vendor): the models do not change
    while it runs, and every anonymous request reads the version."""
    tables = history_tables()
    return data_version_sql(tables) if tables else ""


def data_version():
    """The newest history id of every audited table, joined into one string, in one query.

    Every save() and delete() of an audited model adds a history row with a larger id (the
    default integer history_id), so the value moves on with each change. QuerySet.update(),
    bulk_create() and raw SQL add none: docs/security.md already rules them out for audited
    models outside migrations.
    """
    sql = _version_sql(connection.vendor)
    if not sql:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return ".".join("-" if value is None else str(value) for value in row)
