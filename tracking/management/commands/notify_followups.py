from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from proposals.models import Proposal
from tracking.notifications import followup_digests_send, week_of


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
        "week, so it is safe to run more often."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be sent; send and record nothing.",
        )

    def handle(self, *args, dry_run, **options):
        today = timezone.localdate()
        digests = followup_digests_send(today=today, dry_run=dry_run)
        mailed = [digest for digest in digests if digest.recipients]
        months = settings.PARTNERSHIP_FOLLOWUP_MONTHS
        for region, agreements, recipients in digests:
            if not recipients:
                self.stderr.write(
                    self.style.WARNING(
                        f"{region.code}: {counted(agreements)} need follow-up, but no "
                        "active staff account of this region has an e-mail address; nothing "
                        "sent. Add staff to the region in the admin."
                    )
                )

        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {len(mailed)} follow-up digest(s) for the week of {week_of(today):%Y-%m-%d} "
            f"(threshold {months} months)" + (":" if mailed else ".")
        )
        for region, agreements, recipients in mailed:
            self.stdout.write(
                f"  {region.code} ({region.name_en}): {counted(agreements)} "
                f"to {', '.join(recipients)}"
            )
