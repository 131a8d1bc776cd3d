"""Trigram indexes for the public search, on PostgreSQL only.

The search uses `icontains`, which PostgreSQL runs as UPPER(column::text) LIKE UPPER(pattern):
a GIN index with gin_trgm_ops on exactly that expression serves it, for Thai as for English.
SQLite has no such index type and simply scans.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SEARCHED_COLUMNS = [
    ("agreements_agreement", "reference"),
    ("agreements_agreement", "title_th"),
    ("agreements_agreement", "title_en"),
    ("agreements_agreement", "summary_th"),
    ("agreements_agreement", "summary_en"),
    ("agreements_agreement", "venue_th"),
    ("agreements_scopeclause", "text_th"),
    ("agreements_scopeclause", "text_en"),
    ("partners_organisation", "name_th"),
    ("partners_organisation", "name_en"),
    ("partners_organisation", "short_name_th"),
    ("partners_organisation", "short_name_en"),
    ("partners_person", "name_th"),
    ("partners_person", "name_en"),
]


def index_name(table, column):
    return f"{table}_{column}_trgm"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in SEARCHED_COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in SEARCHED_COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_term_entry_help"),
        ("partners", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
