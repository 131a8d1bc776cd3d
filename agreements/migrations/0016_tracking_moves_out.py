"""Progress updates and follow-up digests move to the tracking app (tracking/0001).

The rows stay where they are: the tables are renamed to tracking's names, and only Django's idea
of which app holds the models changes. tracking/0001 declares the same models without touching
the database and moves their content types, so permissions already granted keep working.
"""

from django.db import migrations

MOVED = ["progressupdate", "historicalprogressupdate", "followupdigest"]


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0015_party_name_as_written"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=name, table=f"tracking_{name}") for name in MOVED
            ],
            state_operations=[
                migrations.RemoveField(
                    model_name="historicalprogressupdate",
                    name="activity",
                ),
                migrations.RemoveField(
                    model_name="historicalprogressupdate",
                    name="clause",
                ),
                migrations.RemoveField(
                    model_name="historicalprogressupdate",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalprogressupdate",
                    name="responsibility",
                ),
                migrations.RemoveField(
                    model_name="progressupdate",
                    name="activity",
                ),
                migrations.RemoveField(
                    model_name="progressupdate",
                    name="clause",
                ),
                migrations.RemoveField(
                    model_name="progressupdate",
                    name="responsibility",
                ),
                migrations.DeleteModel(
                    name="FollowupDigest",
                ),
                migrations.DeleteModel(
                    name="HistoricalProgressUpdate",
                ),
                migrations.DeleteModel(
                    name="ProgressUpdate",
                ),
            ],
        ),
    ]
