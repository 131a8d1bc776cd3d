from django.core.management.base import BaseCommand
from django.db import connection

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
        if connection.vendor == "postgresql":
            # Thousands of rows rewritten: without fresh statistics the planner may take a
            # rebuilt table for empty and join it row by row (seconds instead of milliseconds).
            # VACUUM marks the pages whose rows every transaction sees, so that counts and
            # walks along an index read the index alone: autovacuum does both in time, but
            # it may be slow to come, or off, after a bulk load or a restore.
            # (VACUUM cannot run inside a transaction: there, as in tests, ANALYZE only.)
            statement = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                cursor.execute(statement)
            self.stdout.write(f"Statistics brought up to date ({statement}).")
