from django.core.management.base import BaseCommand

from agreements.models import Agreement
from agreements.search import BATCH_SIZE, search_document_rebuild


class Command(BaseCommand):
    help = (
        "Rewrite the search document of every agreement from the current data, "
        f"{BATCH_SIZE:,} agreements per transaction. Safe to run at any time, and twice."
    )

    def handle(self, *args, **options):
        written = search_document_rebuild(agreements=Agreement.objects.all())
        self.stdout.write(f"Rebuilt the search documents of {written} agreements.")
