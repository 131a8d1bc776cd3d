"""The weekly follow-up digest: each regional office is e-mailed its agreements in force that
need following up (partnership.needing_followup), once per ISO week."""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation

from agreements.models import Agreement
from geography.mail import render_email, send_by_region
from thai import calendar as thai_calendar

from .models import FollowupDigest
from .partnership import followup_cutoff, needing_followup

# A digest lists at most this many agreements, the longest waiting first, and links to the whole
# list: at national scale a region can have hundreds.
DIGEST_LIMIT = 50


def week_of(day):
    """The Monday of the ISO week `day` is in: a digest is sent once per region and week."""
    return day - datetime.timedelta(days=day.weekday())


def _followup_email(*, region, agreements, recipients, today, connection=None):
    """The weekly digest to one region's staff, in Thai then English; reads
    agreement.province and the annotations of partnership.needing_followup."""
    site_url = settings.SITE_URL.rstrip("/")
    cutoff = followup_cutoff(today)
    with translation.override("th"):
        items = []
        for agreement in agreements[:DIGEST_LIMIT]:
            last = agreement.last_followup
            items.append(
                {
                    "agreement": agreement,
                    "signed_th": thai_calendar.thai_date(agreement.signed_on),
                    "signed_en": thai_calendar.english_date(agreement.signed_on),
                    "last_th": last and thai_calendar.thai_date(last),
                    "last_en": last and thai_calendar.english_date(last),
                    "months": thai_calendar.months_between(last or agreement.signed_on, today),
                    "progress_url": site_url
                    + reverse("admin:tracking_progressupdate_agreement", args=[agreement.pk]),
                }
            )
        context = {
            "region": region,
            "items": items,
            "total": len(agreements),
            "months": settings.PARTNERSHIP_FOLLOWUP_MONTHS,
            "cutoff_th": thai_calendar.thai_date(cutoff),
            "cutoff_en": thai_calendar.english_date(cutoff),
            "list_url": site_url + reverse("admin:tracking_progressupdate_followup"),
        }
        return render_email("tracking/email/followup", context, recipients, connection)


def followup_digests_send(*, today=None, dry_run=False):
    """E-mail each region's staff the list of its agreements that need following up
    (partnership.needing_followup), once per ISO week.

    Each digest sent is recorded as a FollowupDigest for its region and week, and regions that
    already have one this week are left out, so running this daily (or twice) sends each
    region one digest a week. A region with nothing to follow up gets nothing.

    Returns a RegionAlert for every region with a digest due, in region order. A region whose
    staff have no e-mail address comes back with no recipients and is neither sent nor
    recorded, so it gets its digest once staff are added. With dry_run, nothing is sent or
    recorded.

    Each region has its own transaction: the digest is recorded, then the e-mail is sent before
    the commit. A failed send rolls back that region's record (the next run retries it) without
    undoing regions already sent; a second run at the same moment fails on the unique
    constraint instead of sending twice. The queries do not grow with the number of agreements.
    """
    today = today or timezone.localdate()
    week = week_of(today)
    already_sent = FollowupDigest.objects.filter(region=OuterRef("province__region"), week=week)
    agreements = list(
        needing_followup(Agreement.objects.all(), today=today)
        .filter(~Exists(already_sent))
        .select_related("province")
        .order_by(Coalesce("last_followup", "signed_on"), "reference")
    )

    def record(region, ours, recipients):
        FollowupDigest.objects.create(
            region=region, week=week, recipients=", ".join(recipients), agreement_count=len(ours)
        )

    def email(region, ours, recipients, connection):
        return _followup_email(
            region=region,
            agreements=ours,
            recipients=recipients,
            today=today,
            connection=connection,
        )

    return send_by_region(agreements, record=record, email=email, dry_run=dry_run)
