"""Writes of several progress updates at once, inside one transaction (saved with save(), so the
audit trail sees them)."""

from django.db import transaction

from agreements import review


@transaction.atomic
def progress_updates_record(*, updates, user):
    """Save several progress updates (already validated) written by `user` together, or none
    of them; public once a publisher has published them (agreements.review.review_write)."""
    for update in updates:
        review.review_write(update, user, published=True)
        update._history_user = user
        update.save()
    return updates
