"""Review before publishing: agreements already public are published, the rest drafts; the
Central staff group may publish."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# A copy of geography.access.CENTRAL_STAFF_GROUP as it was when this ran.
CENTRAL = "Central staff"


def states_from_publication(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    Agreement.objects.filter(is_published=True).update(review_state="published")


def central_staff_publish(apps, schema_editor):
    app_config = apps.get_app_config("agreements")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    publish = Permission.objects.get(
        content_type__app_label="agreements", codename="publish_agreement"
    )
    Group.objects.get_or_create(name=CENTRAL)[0].permissions.add(publish)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0013_edit_version"),
        ("geography", "0004_staff_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewStep",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("submitted", "submitted for review"),
                            ("resubmitted", "changed after publication, sent for review again"),
                            ("returned", "returned to its authors"),
                            ("published", "published"),
                        ],
                        max_length=16,
                        verbose_name="step",
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="when"),
                ),
                (
                    "reason",
                    models.TextField(
                        blank=True,
                        help_text="Why it was returned: what the authors should change.",
                        verbose_name="reason",
                    ),
                ),
            ],
            options={
                "verbose_name": "review step",
                "verbose_name_plural": "review steps",
                "ordering": ["-at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="PendingReview",
            fields=[],
            options={
                "verbose_name": "agreement waiting for review",
                "verbose_name_plural": "agreements waiting for review",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("agreements.agreement",),
        ),
        migrations.AlterModelOptions(
            name="agreement",
            options={
                "get_latest_by": "signed_on",
                "ordering": ["-signed_on", "reference"],
                "permissions": [
                    ("publish_agreement", "Can publish agreements and return them to their authors")
                ],
                "verbose_name": "agreement",
                "verbose_name_plural": "agreements",
            },
        ),
        migrations.AddField(
            model_name="agreement",
            name="review_state",
            field=models.CharField(
                choices=[
                    ("draft", "draft"),
                    ("submitted", "waiting for review"),
                    ("published", "published"),
                ],
                default="draft",
                editable=False,
                max_length=16,
                verbose_name="review",
            ),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="review_state",
            field=models.CharField(
                choices=[
                    ("draft", "draft"),
                    ("submitted", "waiting for review"),
                    ("published", "published"),
                ],
                default="draft",
                editable=False,
                max_length=16,
                verbose_name="review",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="is_published",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Only published agreements (and what hangs off them) are shown to the public.",
                verbose_name="published",
            ),
        ),
        migrations.AlterField(
            model_name="historicalagreement",
            name="is_published",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Only published agreements (and what hangs off them) are shown to the public.",
                verbose_name="published",
            ),
        ),
        migrations.RunPython(states_from_publication, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("is_published", True), ("review_state", "published")),
                    models.Q(("is_published", False), ("review_state__in", ["draft", "submitted"])),
                    _connector="OR",
                ),
                name="agreement_published_only_after_review",
                violation_error_message="An agreement is public only once a publisher has published it.",
            ),
        ),
        migrations.AddField(
            model_name="reviewstep",
            name="agreement",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="review_steps",
                to="agreements.agreement",
                verbose_name="agreement",
            ),
        ),
        migrations.AddField(
            model_name="reviewstep",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="by",
            ),
        ),
        migrations.AddIndex(
            model_name="reviewstep",
            index=models.Index(fields=["agreement", "-at"], name="reviewstep_agreement_latest"),
        ),
        migrations.AddConstraint(
            model_name="reviewstep",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("action", "returned"), _negated=True),
                    models.Q(("reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="reviewstep_return_has_reason",
                violation_error_message="Say why the agreement is returned.",
            ),
        ),
        migrations.RunPython(central_staff_publish, migrations.RunPython.noop),
    ]
