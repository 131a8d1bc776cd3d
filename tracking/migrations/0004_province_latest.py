from django.db import migrations, models


def forget_rows(apps, schema_editor):
    """Rows written before these fields existed would name no follow-up and no agreement as if
    valid: drop them all; each is computed again on its first read (tracking/figures.py)."""
    apps.get_model("tracking", "ProvinceFigures").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0003_province_partners"),
    ]

    operations = [
        migrations.AddField(
            model_name="provincefigures",
            name="latest_followups",
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name="provincefigures",
            name="latest_agreements",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(forget_rows, migrations.RunPython.noop),
    ]
