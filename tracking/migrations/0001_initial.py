"""The models of progress updates and follow-up digests, moved here from agreements (see
agreements/0016): declared without touching the database, whose tables agreements/0016 renamed.
Their content types move too, so the permissions staff groups hold (agreements/0010) still
apply, now as tracking.add_progressupdate and so on."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = ["progressupdate", "historicalprogressupdate", "followupdigest"]


def move_content_types(source, target):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for name in MOVED:
            taken = ContentType.objects.filter(app_label=target, model=name).exists()
            if not taken:
                ContentType.objects.filter(app_label=source, model=name).update(app_label=target)

    return move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("agreements", "0016_tracking_moves_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("geography", "0004_staff_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalProgressUpdate",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "recorded_on",
                            models.DateField(
                                help_text="The day the progress was seen.", verbose_name="as of"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("not_started", "not started"),
                                    ("in_progress", "in progress"),
                                    ("done", "done"),
                                    ("dropped", "dropped"),
                                ],
                                max_length=16,
                                verbose_name="progress",
                            ),
                        ),
                        (
                            "note_th",
                            models.CharField(
                                blank=True,
                                help_text="Public with the agreement: no personal data.",
                                max_length=500,
                                verbose_name="note (Thai)",
                            ),
                        ),
                        (
                            "note_en",
                            models.CharField(
                                blank=True, max_length=500, verbose_name="note (English)"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="entered"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "activity",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                help_text="The follow-up activity that showed this progress, if any.",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="agreements.activity",
                                verbose_name="shown by activity",
                            ),
                        ),
                        (
                            "clause",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="agreements.scopeclause",
                                verbose_name="scope clause",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "responsibility",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="agreements.responsibility",
                                verbose_name="responsibility",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical progress update",
                        "verbose_name_plural": "historical progress updates",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="FollowupDigest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "week",
                            models.DateField(
                                help_text="The Monday of the week (ISO) the digest was sent for.",
                                verbose_name="week of",
                            ),
                        ),
                        ("sent_at", models.DateTimeField(auto_now_add=True, verbose_name="sent")),
                        (
                            "recipients",
                            models.TextField(
                                help_text="The e-mail addresses it was sent to, separated by commas.",
                                verbose_name="recipients",
                            ),
                        ),
                        (
                            "agreement_count",
                            models.PositiveIntegerField(
                                help_text="How many agreements needing follow-up it listed.",
                                verbose_name="agreements listed",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="followup_digests",
                                to="geography.region",
                                verbose_name="region",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "follow-up digest",
                        "verbose_name_plural": "follow-up digests",
                        "ordering": ["-week", "region__sort_order"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("region", "week"),
                                name="followupdigest_once_per_region_week",
                                violation_error_message="This region was already sent its digest this week.",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ProgressUpdate",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "recorded_on",
                            models.DateField(
                                help_text="The day the progress was seen.", verbose_name="as of"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("not_started", "not started"),
                                    ("in_progress", "in progress"),
                                    ("done", "done"),
                                    ("dropped", "dropped"),
                                ],
                                max_length=16,
                                verbose_name="progress",
                            ),
                        ),
                        (
                            "note_th",
                            models.CharField(
                                blank=True,
                                help_text="Public with the agreement: no personal data.",
                                max_length=500,
                                verbose_name="note (Thai)",
                            ),
                        ),
                        (
                            "note_en",
                            models.CharField(
                                blank=True, max_length=500, verbose_name="note (English)"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="entered"),
                        ),
                        (
                            "activity",
                            models.ForeignKey(
                                blank=True,
                                help_text="The follow-up activity that showed this progress, if any.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="progress_updates",
                                to="agreements.activity",
                                verbose_name="shown by activity",
                            ),
                        ),
                        (
                            "clause",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="progress_updates",
                                to="agreements.scopeclause",
                                verbose_name="scope clause",
                            ),
                        ),
                        (
                            "responsibility",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="progress_updates",
                                to="agreements.responsibility",
                                verbose_name="responsibility",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "progress update",
                        "verbose_name_plural": "progress updates",
                        "ordering": ["-recorded_on", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["clause", "recorded_on"], name="progress_clause_date"
                            ),
                            models.Index(
                                fields=["responsibility", "recorded_on"], name="progress_duty_date"
                            ),
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("clause__isnull", False), ("responsibility__isnull", True)
                                    ),
                                    models.Q(
                                        ("clause__isnull", True), ("responsibility__isnull", False)
                                    ),
                                    _connector="OR",
                                ),
                                name="progressupdate_one_commitment",
                                violation_error_message="A progress update is about one commitment: a scope clause or a duty.",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            move_content_types("agreements", "tracking"),
            move_content_types("tracking", "agreements"),
        ),
    ]
