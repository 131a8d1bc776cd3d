"""E-mails to each regional office about its region's agreements that end soon (the expiry
alerts, a background job per region), and to the publishers about each agreement submitted for
review (agreements/review.py). How a regional office is written to is geography.mail's."""

import datetime

from django.conf import settings
from django.core import mail
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from geography.mail import enqueue_by_region, render_email, send_by_region
from records.locking import user_name
from thai import calendar as thai_calendar

from .models import Agreement, ExpiryNotice

REVIEW_TEMPLATE = "agreements/email/review_requested"


def _expiry_email(*, region, agreements, recipients, within_days, today, connection=None):
    """The alert to one region's staff, in Thai then English; reads agreement.province."""

    site_url = settings.SITE_URL.rstrip("/")
    # Staff use the admin in Thai, which lives at the root (English would add /en/).
    with translation.override("th"):
        items = [
            {
                "agreement": agreement,
                "ends_th": thai_calendar.thai_date(agreement.ends_on),
                "ends_en": thai_calendar.english_date(agreement.ends_on),
                "days_left": (agreement.ends_on - today).days,
                "admin_url": site_url
                + reverse("admin:agreements_agreement_change", args=[agreement.pk]),
            }
            for agreement in agreements
        ]
        context = {
            "region": region,
            "items": items,
            "within_days": within_days,
            "today_th": thai_calendar.thai_date(today),
            "today_en": thai_calendar.english_date(today),
        }
        return render_email("agreements/email/expiring", context, recipients, connection)


def expiry_notices_send(*, within_days, today=None, dry_run=False, region=None):
    """E-mail each region's staff (or only region `region`, a pk) its agreements that are in
    force and end within `within_days`.

    An agreement is announced once per threshold and end date: each e-mail is recorded as
    ExpiryNotice rows, and agreements that already have one are left out, so running this daily
    sends only what is new. Unpublished agreements are included: staff need to know.

    Returns a RegionAlert for every region with something new to announce,
    in region order. A region whose staff have no e-mail address comes back with no recipients
    and gets neither e-mail nor notices, so its agreements are announced once staff are added.
    With dry_run, nothing is sent or recorded.

    Each region has its own transaction: the notices are written, then the e-mail is sent before
    the commit. A failed send rolls back that region's notices (the next run retries it) without
    undoing regions already sent; a second run at the same moment fails on the unique constraint
    instead of sending twice. The queries do not grow with the number of agreements.
    """

    today = today or timezone.localdate()
    already_notified = ExpiryNotice.objects.filter(
        agreement=OuterRef("pk"), threshold_days=within_days, ends_on=OuterRef("ends_on")
    )
    expiring = Agreement.objects.expiring(today=today, within_days=within_days)
    if region is not None:
        expiring = expiring.filter(province__region=region)
    agreements = list(
        expiring.filter(~Exists(already_notified))
        .select_related("province")
        .order_by("ends_on", "reference")
    )

    def record(region, ours, recipients):
        ExpiryNotice.objects.bulk_create(
            ExpiryNotice(
                agreement=agreement,
                threshold_days=within_days,
                ends_on=agreement.ends_on,
                recipients=", ".join(recipients),
            )
            for agreement in ours
        )

    def email(region, ours, recipients, connection):
        return _expiry_email(
            region=region,
            agreements=ours,
            recipients=recipients,
            within_days=within_days,
            today=today,
            connection=connection,
        )

    return send_by_region(agreements, record=record, email=email, dry_run=dry_run)


@task()
def expiry_notice_job(region, within_days, day):
    """Send region `region` its agreements ending within `within_days` of `day` (ISO) that it
    has not heard of: a job run twice sends them once."""
    expiry_notices_send(
        within_days=within_days, today=datetime.date.fromisoformat(day), region=region
    )


def expiry_notices_enqueue(*, within_days, today=None):
    """Enqueue a job per region with agreements to announce (geography.mail.enqueue_by_region).
    Returns every region's RegionAlert, as expiry_notices_send does, and the (alert,
    TaskResult) pairs of those enqueued."""
    today = today or timezone.localdate()
    alerts = expiry_notices_send(within_days=within_days, today=today, dry_run=True)
    return alerts, enqueue_by_region(alerts, expiry_notice_job, within_days, today.isoformat())


def review_requested_send(step, recipients, connection=None):
    """Tell each of `recipients` (the publishers' addresses) of one submission for review, in
    Thai then English, one e-mail each. Returns how many were sent."""
    if not recipients:
        return 0
    agreement = step.agreement
    site_url = settings.SITE_URL.rstrip("/")
    with translation.override("en"):
        submitted_en = thai_calendar.local_datetime(step.at)
    with translation.override("th"):
        context = {
            "agreement": agreement,
            "province": agreement.province,
            "step": step,
            "by": user_name(step.user) if step.user else "",
            "admin_url": site_url
            + reverse("admin:agreements_agreement_change", args=[agreement.pk]),
            "list_url": site_url + reverse("admin:agreements_pendingreview_changelist"),
            "submitted_th": thai_calendar.local_datetime(step.at),
            "submitted_en": submitted_en,
        }
        with connection or mail.get_connection() as open_connection:
            return open_connection.send_messages(
                [
                    render_email(
                        "agreements/email/review_requested", context, [address], open_connection
                    )
                    for address in recipients
                ]
            )
