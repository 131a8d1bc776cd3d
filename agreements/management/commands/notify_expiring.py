from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements.notifications import expiry_notices_enqueue, expiry_notices_send
from geography.mail import Outcomes, outcomes

# ExpiryNotice.threshold_days is a PositiveSmallIntegerField.
MAX_DAYS = 32767


class Command(BaseCommand):
    help = (
        "E-mail the staff of each regional office the agreements of their region that are in "
        "force and end within --days days. Each agreement is announced once per threshold and "
        "end date, so it is safe to run daily. Each region's e-mail is a background job: sent "
        "at once with TASKS_BACKEND=immediate, by the workers (make worker) with =database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=(
                "Announce agreements ending within this many days "
                f"(default: EXPIRING_WITHIN_DAYS, now {settings.EXPIRING_WITHIN_DAYS})."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be sent; send and record nothing.",
        )

    def handle(self, *args, days, dry_run, **options):
        days = settings.EXPIRING_WITHIN_DAYS if days is None else days
        if not 0 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 0 and {MAX_DAYS}.")

        if dry_run:
            alerts = expiry_notices_send(within_days=days, dry_run=True)
            done = Outcomes(sent=[a for a in alerts if a.recipients], queued=[], failed=[])
        else:
            alerts, enqueued = expiry_notices_enqueue(within_days=days)
            done = outcomes(enqueued)
        for region, agreements, recipients in alerts:
            if not recipients:
                self.stderr.write(
                    self.style.WARNING(
                        f"{region.code}: {len(agreements)} agreement(s) end within {days} days, "
                        "but no active staff account of this region has an e-mail address; "
                        "nothing sent. Add staff to the region in the admin."
                    )
                )

        self._list("Would send" if dry_run else "Sent", done.sent, days, always=True)
        self._list("Queued for the workers", done.queued, days)
        for (region, agreements, recipients), error in done.failed:
            self.stderr.write(error)
            self.stderr.write(
                self.style.ERROR(
                    f"{region.code}: the e-mail about {len(agreements)} agreement(s) to "
                    f"{', '.join(recipients)} failed (above); the next run retries it."
                )
            )
        if done.failed:
            raise CommandError(f"{len(done.failed)} e-mail(s) about expiring agreements failed.")

    def _list(self, verb, alerts, days, always=False):
        if not alerts and not always:
            return
        self.stdout.write(
            f"{verb} {len(alerts)} e-mail(s) about agreements ending within {days} days"
            + (":" if alerts else ".")
        )
        for region, agreements, recipients in alerts:
            self.stdout.write(
                f"  {region.code} ({region.name_en}): {len(agreements)} agreement(s) "
                f"to {', '.join(recipients)}"
            )
