from django.db import migrations
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    """Each commitment's current progress (tracking/current.py), from the updates there are."""
    ProgressUpdate = apps.get_model("tracking", "ProgressUpdate")
    for kind, model in (("clause", "ScopeClause"), ("responsibility", "Responsibility")):
        latest = ProgressUpdate.objects.filter(**{kind: OuterRef("pk")}).order_by(
            "-recorded_on", "-pk"
        )
        apps.get_model("agreements", model).objects.filter(
            pk__in=ProgressUpdate.objects.values(kind)
        ).update(
            progress_status=Coalesce(Subquery(latest.values("status")[:1]), Value("")),
            progress_on=Subquery(latest.values("recorded_on")[:1]),
            progress_note_th=Coalesce(Subquery(latest.values("note_th")[:1]), Value("")),
            progress_note_en=Coalesce(Subquery(latest.values("note_en")[:1]), Value("")),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0022_stored_current_progress"),
        ("tracking", "0004_province_latest"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
