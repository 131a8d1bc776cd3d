"""E-mail to CODI's regional offices: each region's part of a list of agreements (those that
end soon, or that need following up) to the region's active staff that have an address, one
transaction per region. The apps say what is sent (their templates) and what is recorded.

The commands that send them (notify_expiring, notify_followups) find which regions have
something due, then enqueue a background job per region (enqueue_by_region): with workers
(settings.TASKS, docs/deployment.md "Workers") the regions are sent in parallel, and a region
whose e-mail fails is retried on the next run while the others are sent.
"""

from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django_tasks import TaskResultStatus

from .models import Region


class RegionAlert(NamedTuple):
    """What one regional office is told: its agreements, and who receives the e-mail."""

    region: Region
    agreements: list
    recipients: list  # empty when none of the region's staff has an e-mail address


def province_region(record):
    """The region of a record that reads its province (an agreement)."""
    return record.province.region_id


def _alerts_by_region(agreements, region_of=province_region):
    """A RegionAlert for each region of `agreements` (their region is `region_of(record)`), in
    region order, addressed to the region's active staff that have an e-mail address. Two
    queries."""
    with_email = get_user_model().objects.filter(is_active=True).exclude(email="")
    regions = Region.objects.filter(
        pk__in={region_of(agreement) for agreement in agreements}
    ).prefetch_related(Prefetch("staff", queryset=with_email.order_by("email"), to_attr="mailable"))
    alerts = []
    for region in regions:
        # dict.fromkeys: two accounts may share an address; one copy of the e-mail is enough.
        recipients = list(dict.fromkeys(user.email for user in region.mailable))
        ours = [agreement for agreement in agreements if region_of(agreement) == region.pk]
        alerts.append(RegionAlert(region, ours, recipients))
    return alerts


def send_by_region(agreements, *, record, email, dry_run, region_of=province_region):
    """Send each region's staff their part of `agreements` and record it, region by region.
    `agreements` may hold other records of a region too (the follow-up digest's proposals),
    each in the region `region_of(record)` gives.

    `record(region, agreements, recipients)` writes what makes a later run leave these out;
    `email(region, agreements, recipients, connection)` builds the message. Each region is its
    own transaction: the record is written, then the e-mail sent before the commit, so a failed
    send rolls back that region only (the next run retries it). Returns every region's
    RegionAlert; regions without recipients, and a dry run, send and record nothing.
    """
    if not agreements:
        return []
    alerts = _alerts_by_region(agreements, region_of)
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


def render_email(template, context, recipients, connection):
    """The e-mail of the templates `<template>_subject.txt` and `<template>_body.txt`."""
    # A header cannot hold a line break; the template may wrap for readability.
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context).strip() + "\n"
    return EmailMessage(subject, body, to=recipients, connection=connection)


def enqueue_by_region(alerts, job, *args):
    """Enqueue `job(region pk, *args)` for each of `alerts` with recipients; the job sends that
    region's e-mail. Returns (alert, its TaskResult) pairs, in region order: with the immediate
    backend of `make run` and the tests the job has run, and its status says how it went."""
    return [(alert, job.enqueue(alert.region.pk, *args)) for alert in alerts if alert.recipients]


class Outcomes(NamedTuple):
    """The RegionAlerts of enqueue_by_region's jobs, by how they went."""

    sent: list
    queued: list  # waiting for a worker
    failed: list  # (alert, the job's traceback) pairs


def outcomes(enqueued):
    sent, queued, failed = [], [], []
    for alert, result in enqueued:
        if result.status == TaskResultStatus.SUCCESSFUL:
            sent.append(alert)
        elif result.status == TaskResultStatus.FAILED:
            failed.append((alert, result.errors[-1].traceback))
        else:
            queued.append(alert)
    return Outcomes(sent, queued, failed)
