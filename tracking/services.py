"""Writes of several progress updates at once, inside one transaction (saved with save(), so the
audit trail sees them)."""

from django.db import transaction


@transaction.atomic
def progress_updates_record(*, updates):
    """Save several progress updates (already validated) together, or none of them."""
    for update in updates:
        update.save()
    return updates
