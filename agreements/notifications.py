"""E-mails to each regional office about its region's agreements: the expiry alerts (those
that end soon); to the publishers, about each agreement submitted for review
(agreements/review.py); and what every such e-mail shares (`send_by_region`, `render_email`,
also used by tracking's weekly follow-up digest)."""

from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from geography.models import Region
from records.locking import user_name
from thai import calendar as thai_calendar

from .models import Agreement, ExpiryNotice


class RegionAlert(NamedTuple):
    """What one regional office is told: its agreements, and who receives the e-mail."""

    region: Region
    agreements: list
    recipients: list  # empty when none of the region's staff has an e-mail address


def _alerts_by_region(agreements):
    """A RegionAlert for each region of `agreements` (which read their province), in region
    order, addressed to the region's active staff that have an e-mail address. Two queries."""
    with_email = get_user_model().objects.filter(is_active=True).exclude(email="")
    regions = Region.objects.filter(
        pk__in={agreement.province.region_id for agreement in agreements}
    ).prefetch_related(Prefetch("staff", queryset=with_email.order_by("email"), to_attr="mailable"))
    alerts = []
    for region in regions:
        # dict.fromkeys: two accounts may share an address; one copy of the e-mail is enough.
        recipients = list(dict.fromkeys(user.email for user in region.mailable))
        ours = [agreement for agreement in agreements if agreement.province.region_id == region.pk]
        alerts.append(RegionAlert(region, ours, recipients))
    return alerts


def send_by_region(agreements, *, record, email, dry_run):
    """Send each region's staff their part of `agreements` and record it, region by region.

    `record(region, agreements, recipients)` writes what makes a later run leave these out;
    `email(region, agreements, recipients, connection)` builds the message. Each region is its
    own transaction: the record is written, then the e-mail sent before the commit, so a failed
    send rolls back that region only (the next run retries it). Returns every region's
    RegionAlert; regions without recipients, and a dry run, send and record nothing.
    """
    if not agreements:
        return []
    alerts = _alerts_by_region(agreements)
    to_send = [alert for alert in alerts if alert.recipients]
    if dry_run or not to_send:
        return alerts
    # One SMTP session for the whole run rather than one per region.
    with mail.get_connection() as connection:
        for region, ours, recipients in to_send:
            with transaction.atomic():
                record(region, ours, recipients)
                email(region, ours, recipients, connection).send()
    return alerts


def render_email(template_stem, context, recipients, connection):
    """The e-mail of templates/agreements/email/<stem>_subject.txt and _body.txt."""
    # A header cannot hold a line break; the template may wrap for readability.
    subject = " ".join(
        render_to_string(f"agreements/email/{template_stem}_subject.txt", context).split()
    )
    body = render_to_string(f"agreements/email/{template_stem}_body.txt", context).strip() + "\n"
    return EmailMessage(subject, body, to=recipients, connection=connection)


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
        return render_email("expiring", context, recipients, connection)


def expiry_notices_send(*, within_days, today=None, dry_run=False):
    """E-mail each region's staff its agreements that are in force and end within `within_days`.

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
    agreements = list(
        Agreement.objects.expiring(today=today, within_days=within_days)
        .filter(~Exists(already_notified))
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
                    render_email("review_requested", context, [address], open_connection)
                    for address in recipients
                ]
            )
