from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements.notifications import expiry_notices_send

# ExpiryNotice.threshold_days is a PositiveSmallIntegerField.
MAX_DAYS = 32767


class Command(BaseCommand):
    help = (
        "E-mail the staff of each regional office the agreements of their region that are in "
        "force and end within --days days. Each agreement is announced once per threshold and "
        "end date, so it is safe to run daily."
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

        alerts = expiry_notices_send(within_days=days, dry_run=dry_run)
        mailed = [alert for alert in alerts if alert.recipients]
        for region, agreements, recipients in alerts:
            if not recipients:
                self.stderr.write(
                    self.style.WARNING(
                        f"{region.code}: {len(agreements)} agreement(s) end within {days} days, "
                        "but no active staff account of this region has an e-mail address; "
                        "nothing sent. Add staff to the region in the admin."
                    )
                )

        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {len(mailed)} e-mail(s) about agreements ending within {days} days"
            + (":" if mailed else ".")
        )
        for region, agreements, recipients in mailed:
            self.stdout.write(
                f"  {region.code} ({region.name_en}): {len(agreements)} agreement(s) "
                f"to {', '.join(recipients)}"
            )
