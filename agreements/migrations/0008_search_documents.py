"""One search document per agreement, with one trigram index on PostgreSQL.

Replaces the per-column trigram indexes of 0005 on agreements and clauses, which only the old
search used; those on organisations and people stay, for the partner list's search and the
admin's. The documents of existing agreements are built here, in batches; from now on the write
paths keep them current (agreements/search.py).
"""

import django.db.models.deletion
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

DOCUMENT_INDEX = GinIndex(
    fields=["text"], name="searchdocument_text_trgm", opclasses=["gin_trgm_ops"]
)

# The indexes of 0005 that served the old search only.
OLD_INDEXES = [
    ("agreements_agreement", "reference"),
    ("agreements_agreement", "title_th"),
    ("agreements_agreement", "title_en"),
    ("agreements_agreement", "summary_th"),
    ("agreements_agreement", "summary_en"),
    ("agreements_agreement", "venue_th"),
    ("agreements_scopeclause", "text_th"),
    ("agreements_scopeclause", "text_en"),
]


def create_document_index(apps, schema_editor):
    # SQLite has no GIN index; there the search scans, which is fine at its scale.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("agreements", "SearchDocument"), DOCUMENT_INDEX)


def drop_document_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("agreements", "SearchDocument"), DOCUMENT_INDEX)


def drop_old_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, column in OLD_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_{column}_trgm"')


def create_old_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, column in OLD_INDEXES:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{table}_{column}_trgm" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )


def build_documents(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    # A fresh database has nothing to build: return before reading any field, so this keeps
    # working after the fields the documents read have changed.
    if not Agreement.objects.exists():
        return
    from agreements.search import search_document_rebuild

    search_document_rebuild(agreements=Agreement.objects.all(), apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0007_audit_history"),
        # The documents show the programmes of allocations (agreement.allocations).
        ("budgets", "0005_audit_history"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "agreement",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="agreements.agreement",
                        verbose_name="agreement",
                    ),
                ),
                (
                    "title",
                    models.TextField(
                        help_text="The Thai and English titles, folded.", verbose_name="titles"
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text=(
                            "Reference, titles, summaries, venue, clauses, duties, parties, "
                            "signatories, budget programmes and published activities, folded; "
                            "one per line."
                        ),
                        verbose_name="text",
                    ),
                ),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
                "ordering": ["agreement"],
            },
        ),
        migrations.RunPython(create_document_index, drop_document_index),
        migrations.RunPython(drop_old_indexes, create_old_indexes),
        migrations.RunPython(build_documents, migrations.RunPython.noop),
    ]
