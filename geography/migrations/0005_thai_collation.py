"""ICU's Thai collation on PostgreSQL, for the lists ordered by Thai name in the database
(thai.text.ThaiOrder): the database's own collation (C.UTF-8) orders by code point. SQLite
has none; there the lists keep code-point order."""

from django.db import migrations

CREATE = "CREATE COLLATION IF NOT EXISTS thai (provider = icu, locale = 'th-TH')"
DROP = "DROP COLLATION IF EXISTS thai"


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("geography", "0004_staff_groups")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
