from django.db import migrations
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    """Organisation.published_agreements from the parties, as agreements/partner_figures.py
    keeps it afterwards."""
    Organisation = apps.get_model("partners", "Organisation")
    Party = apps.get_model("agreements", "AgreementParty")
    published = (
        Party.objects.filter(organisation=OuterRef("pk"), agreement__is_published=True)
        .order_by()
        .values("organisation")
        .annotate(n=Count("agreement", distinct=True))
        .values("n")
    )
    Organisation.objects.update(published_agreements=Coalesce(Subquery(published), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0017_list_order_index"),
        ("partners", "0005_published_agreements"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
