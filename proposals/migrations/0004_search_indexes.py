"""Trigram indexes for the proposals' search, on PostgreSQL only.

The search (proposals.filters.ProposalFilter.filter_search) matches Thai columns with a plain
LIKE and English ones with UPPER(column) LIKE UPPER(pattern) when the words have letter case:
a GIN index with gin_trgm_ops on exactly those expressions serves a rare word from the index
instead of reading every proposal. A broad word is found by walking the list order's index.
SQLite has no such index type and simply scans.
"""

from django.db import migrations

INDEXED = [
    ("title_th", '"title_th"'),
    ("text_th", '"text_th"'),
    ("title_en", '"title_en"'),
    ("text_en", '"text_en"'),
    ("title_en_upper", 'UPPER("title_en"::text)'),
    ("text_en_upper", 'UPPER("text_en"::text)'),
]
TABLE = "proposals_proposal"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in INDEXED:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "proposal_{name}_trgm" ON "{TABLE}" '
            f"USING gin (({expression}) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _expression in INDEXED:
        schema_editor.execute(f'DROP INDEX IF EXISTS "proposal_{name}_trgm"')


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0003_province_proposal_figures"),
        ("agreements", "0005_search_indexes"),  # the pg_trgm extension
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
