# An allocation's one note was exported to the public without telling staff. It becomes the
# staff-only note (so nothing written before is published from now on), and a separate public
# note is added for what should go out with the allocation.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0005_audit_history"),
    ]

    operations = [
        migrations.RenameField(model_name="allocation", old_name="note", new_name="staff_note"),
        migrations.RenameField(
            model_name="historicalallocation", old_name="note", new_name="staff_note"
        ),
        migrations.AlterField(
            model_name="allocation",
            name="staff_note",
            field=models.TextField(
                blank=True,
                help_text="Seen only by staff in the admin; never shown to the public or exported.",
                verbose_name="staff note (never published)",
            ),
        ),
        migrations.AlterField(
            model_name="historicalallocation",
            name="staff_note",
            field=models.TextField(
                blank=True,
                help_text="Seen only by staff in the admin; never shown to the public or exported.",
                verbose_name="staff note (never published)",
            ),
        ),
        migrations.AddField(
            model_name="allocation",
            name="public_note",
            field=models.CharField(
                blank=True,
                help_text="Published with the allocation in the public budget exports and the open data. No personal data.",
                max_length=500,
                verbose_name="public note",
            ),
        ),
        migrations.AddField(
            model_name="historicalallocation",
            name="public_note",
            field=models.CharField(
                blank=True,
                help_text="Published with the allocation in the public budget exports and the open data. No personal data.",
                max_length=500,
                verbose_name="public note",
            ),
        ),
    ]
