from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from geography.mail import Outcomes, outcomes
from proposals.models import Proposal
from tracking.notifications import followup_digests_enqueue, followup_digests_send, week_of


def counted(records):
    """'3 agreement(s)', or with proposals '3 agreement(s), 1 proposal(s)'."""
    proposals = sum(isinstance(record, Proposal) for record in records)
    text = f"{len(records) - proposals} agreement(s)"
    return text + (f", {proposals} proposal(s)" if proposals else "")


class Command(BaseCommand):
    help = (
        "E-mail the staff of each regional office the weekly digest of their region's "
        "agreements in force that need following up: no published follow-up, or commitments "
        "without progress recorded, within PARTNERSHIP_FOLLOWUP_MONTHS; and its proposals waiting "
        "at one step for more than PROPOSAL_WAITING_MONTHS. Each region gets one digest per ISO "
        "week, so it is safe to run more often. Each region's digest is a background job: sent "
        "at once with TASKS_BACKEND=immediate, by the workers (make worker) with =database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be sent; send and record nothing.",
        )

    def handle(self, *args, dry_run, **options):
        today = timezone.localdate()
        if dry_run:
            digests = followup_digests_send(today=today, dry_run=True)
            done = Outcomes(sent=[d for d in digests if d.recipients], queued=[], failed=[])
        else:
            digests, enqueued = followup_digests_enqueue(today=today)
            done = outcomes(enqueued)
        for region, agreements, recipients in digests:
            if not recipients:
                self.stderr.write(
                    self.style.WARNING(
                        f"{region.code}: {counted(agreements)} need follow-up, but no "
                        "active staff account of this region has an e-mail address; nothing "
                        "sent. Add staff to the region in the admin."
                    )
                )

        week = f"for the week of {week_of(today):%Y-%m-%d}"
        months = settings.PARTNERSHIP_FOLLOWUP_MONTHS
        self._list("Would send" if dry_run else "Sent", done.sent, week, months, always=True)
        self._list("Queued for the workers", done.queued, week, months)
        for (region, agreements, recipients), error in done.failed:
            self.stderr.write(error)
            self.stderr.write(
                self.style.ERROR(
                    f"{region.code}: the digest of {counted(agreements)} to "
                    f"{', '.join(recipients)} failed (above); the next run retries it."
                )
            )
        if done.failed:
            raise CommandError(f"{len(done.failed)} follow-up digest(s) failed.")

    def _list(self, verb, digests, week, months, always=False):
        if not digests and not always:
            return
        self.stdout.write(
            f"{verb} {len(digests)} follow-up digest(s) {week} (threshold {months} months)"
            + (":" if digests else ".")
        )
        for region, agreements, recipients in digests:
            self.stdout.write(
                f"  {region.code} ({region.name_en}): {counted(agreements)} "
                f"to {', '.join(recipients)}"
            )
