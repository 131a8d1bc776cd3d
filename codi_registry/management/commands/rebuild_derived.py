from django.core.management.base import BaseCommand

from records.derived import derivations, rebuild_everything


class Command(BaseCommand):
    help = (
        "Rebuild all derived data (records.derived) from the current records: "
        + ", ".join(derived.name for derived in derivations())
        + ". Needed only after writes that leave no audit record (a bulk load, a restore); "
        "safe to run at any time, and twice."
    )

    def handle(self, *args, **options):
        rebuild_everything(log=self.stdout.write)
