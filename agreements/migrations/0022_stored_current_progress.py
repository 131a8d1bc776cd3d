from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0021_activity_list_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="responsibility",
            name="progress_note_en",
            field=models.CharField(blank=True, default="", editable=False, max_length=500),
        ),
        migrations.AddField(
            model_name="responsibility",
            name="progress_note_th",
            field=models.CharField(blank=True, default="", editable=False, max_length=500),
        ),
        migrations.AddField(
            model_name="responsibility",
            name="progress_on",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="responsibility",
            name="progress_status",
            field=models.CharField(blank=True, default="", editable=False, max_length=16),
        ),
        migrations.AddField(
            model_name="scopeclause",
            name="progress_note_en",
            field=models.CharField(blank=True, default="", editable=False, max_length=500),
        ),
        migrations.AddField(
            model_name="scopeclause",
            name="progress_note_th",
            field=models.CharField(blank=True, default="", editable=False, max_length=500),
        ),
        migrations.AddField(
            model_name="scopeclause",
            name="progress_on",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="scopeclause",
            name="progress_status",
            field=models.CharField(blank=True, default="", editable=False, max_length=16),
        ),
    ]
