"""The weekly follow-up digest: each regional office is e-mailed its agreements in force that
need following up (partnership.needing_followup), and its proposals waiting at one step for
more than PROPOSAL_WAITING_MONTHS (proposals.models.waiting_proposals), and its transfers of
budget money whose spending report is overdue (SPENDING_REPORT_DUE_MONTHS), once per ISO week."""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from agreements.models import Agreement
from budgets.models import Transfer, spending_report_cutoff
from geography.mail import enqueue_by_region, province_region, render_email, send_by_region
from proposals.models import Proposal, waiting_proposals
from thai import calendar as thai_calendar

from .models import FollowupDigest
from .partnership import followup_cutoff, needing_followup

# A digest lists at most this many agreements, the longest waiting first, and links to the whole
# list: at national scale a region can have hundreds.
DIGEST_LIMIT = 50


def week_of(day):
    """The Monday of the ISO week `day` is in: a digest is sent once per region and week."""
    return day - datetime.timedelta(days=day.weekday())


def proposal_waiting_cutoff(today):
    return thai_calendar.add_months(today, -settings.PROPOSAL_WAITING_MONTHS)


def overdue_transfers(today):
    """Transfers with no spending report SPENDING_REPORT_DUE_MONTHS after they were made, the
    oldest first, with what the digest names of them."""
    return (
        Transfer.objects.awaiting_report()
        .filter(transferred_on__lte=spending_report_cutoff(today))
        .select_related("allocation__province", "allocation__programme", "recipient")
        .order_by("transferred_on", "pk")
    )


def _overdue_items(transfers, today, site_url):
    return [
        {
            "transfer": transfer,
            "allocation": transfer.allocation,
            "amount": f"{transfer.amount:,.2f}",
            "on_th": thai_calendar.thai_date(transfer.transferred_on),
            "on_en": thai_calendar.english_date(transfer.transferred_on),
            "days": (today - transfer.transferred_on).days,
            "url": site_url
            + reverse("admin:budgets_allocation_change", args=[transfer.allocation_id]),
        }
        for transfer in transfers[:DIGEST_LIMIT]
    ]


def _followup_email(
    *, region, agreements, recipients, today, connection=None, proposals=(), transfers=()
):
    """The weekly digest to one region's staff, in Thai then English; reads
    agreement.province and the annotations of partnership.needing_followup, the
    proposals' `waiting_since` (waiting_proposals), and the overdue transfers' allocation,
    province, programme and recipient (overdue_transfers)."""
    site_url = settings.SITE_URL.rstrip("/")
    cutoff = followup_cutoff(today)
    with translation.override("th"):
        waiting = []
        for proposal in proposals[:DIGEST_LIMIT]:
            since = proposal.waiting_since
            waiting.append(
                {
                    "proposal": proposal,
                    "status_th": proposal.get_status_display(),
                    "since_th": thai_calendar.thai_date(since),
                    "since_en": thai_calendar.english_date(since),
                    "months": thai_calendar.months_between(since, today),
                    "url": site_url
                    + reverse("admin:proposals_proposal_change", args=[proposal.pk]),
                }
            )
        with translation.override("en"):
            for item in waiting:
                item["status_en"] = item["proposal"].get_status_display()
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
            "proposals": waiting,
            "proposal_total": len(proposals),
            "proposal_months": settings.PROPOSAL_WAITING_MONTHS,
            "transfers": _overdue_items(transfers, today, site_url),
            "transfer_total": len(transfers),
            "report_months": settings.SPENDING_REPORT_DUE_MONTHS,
            "transfers_url": site_url + reverse("admin:budgets_transfer_awaiting"),
        }
        return render_email("tracking/email/followup", context, recipients, connection)


def followup_digests_send(*, today=None, dry_run=False, region=None):
    """E-mail each region's staff (or only region `region`, a pk) the list of its agreements
    that need following up (partnership.needing_followup), once per ISO week.

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

    def of_region(queryset, path):
        return queryset if region is None else queryset.filter(**{path: region})

    already_sent = FollowupDigest.objects.filter(region=OuterRef("province__region"), week=week)
    agreements = list(
        needing_followup(of_region(Agreement.objects.all(), "province__region"), today=today)
        .filter(~Exists(already_sent))
        .select_related("province")
        .order_by(Coalesce("last_followup", "signed_on"), "reference")
    )
    proposals = list(
        of_region(waiting_proposals(since=proposal_waiting_cutoff(today)), "region").filter(
            ~Exists(FollowupDigest.objects.filter(region=OuterRef("region"), week=week))
        )
    )

    transfers = list(
        of_region(overdue_transfers(today), "allocation__province__region").filter(
            ~Exists(
                FollowupDigest.objects.filter(
                    region=OuterRef("allocation__province__region"), week=week
                )
            )
        )
    )

    def split(ours):
        return (
            [a for a in ours if isinstance(a, Agreement)],
            [p for p in ours if isinstance(p, Proposal)],
            [t for t in ours if isinstance(t, Transfer)],
        )

    def region_of(record):
        if isinstance(record, Proposal):
            return record.region_id
        if isinstance(record, Transfer):
            return record.allocation.province.region_id
        return province_region(record)

    def record(region, ours, recipients):
        agreements_of_region, _proposals, _transfers = split(ours)
        FollowupDigest.objects.create(
            region=region,
            week=week,
            recipients=", ".join(recipients),
            agreement_count=len(agreements_of_region),
        )

    def email(region, ours, recipients, connection):
        agreements_of_region, proposals_of_region, transfers_of_region = split(ours)
        return _followup_email(
            region=region,
            agreements=agreements_of_region,
            proposals=proposals_of_region,
            transfers=transfers_of_region,
            recipients=recipients,
            today=today,
            connection=connection,
        )

    return send_by_region(
        agreements + proposals + transfers,
        record=record,
        email=email,
        dry_run=dry_run,
        region_of=region_of,
    )


@task()
def followup_digest_job(region, day):
    """Send region `region`'s digest for the week of `day` (ISO), unless it has been sent:
    a job run twice sends one digest."""
    followup_digests_send(today=datetime.date.fromisoformat(day), region=region)


def followup_digests_enqueue(*, today=None):
    """Enqueue a job per region with a digest due (geography.mail.enqueue_by_region). Returns
    every region's RegionAlert, as followup_digests_send does, and the (alert, TaskResult)
    pairs of those enqueued."""
    today = today or timezone.localdate()
    alerts = followup_digests_send(today=today, dry_run=True)
    return alerts, enqueue_by_region(alerts, followup_digest_job, today.isoformat())
