"""The partner list in Thai dictionary order at national scale, on PostgreSQL: the same partial
index as organisation_partners_by_name (0005), on the name in the Thai collation
(geography/0005), so that a page of partners ordered by thai.text.ThaiOrder reads a few index
entries instead of sorting every partner. SQLite sorts its (small) list itself."""

from django.db import migrations

CREATE = (
    'CREATE INDEX IF NOT EXISTS "organisation_partners_by_thai_name" '
    'ON "partners_organisation" (("name_th" COLLATE "thai"), "id") '
    'WHERE "published_agreements" > 0'
)
DROP = 'DROP INDEX IF EXISTS "organisation_partners_by_thai_name"'


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_partner_total"),
        ("geography", "0005_thai_collation"),
    ]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
