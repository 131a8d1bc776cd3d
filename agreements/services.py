"""Writes that touch several tables at once: one agreement with everything that hangs off it.

agreement_load puts every object through full_clean() before save(), so a data error fails with
the message the admin would show rather than as a bare IntegrityError. Rows are written with save()
and removed with delete(), never with QuerySet.update(): the audit trail only sees those.
"""

import contextvars
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from budgets.models import Allocation, Programme
from codi_registry import thai_calendar
from geography.models import District, Province, Region, Subdistrict
from partners.models import Organisation, Person

from .models import (
    Activity,
    Agreement,
    AgreementParty,
    ExpiryNotice,
    Responsibility,
    ScopeClause,
    Theme,
)


@dataclass(frozen=True)
class OrganisationSpec:
    name_th: str
    kind: Organisation.Kind
    province: str | None = None  # a Province slug; None for national bodies
    name_en: str = ""
    short_name_th: str = ""
    short_name_en: str = ""
    parent: "OrganisationSpec | None" = None


@dataclass(frozen=True)
class PersonSpec:
    name_th: str  # as written, with honorifics
    name_en: str = ""


@dataclass(frozen=True)
class PartySpec:
    role: AgreementParty.Role
    organisation: OrganisationSpec | None = None
    signatory: PersonSpec | None = None
    signatory_title: str = ""
    signatory_title_en: str = ""
    responsibilities: tuple[tuple[str, str], ...] = ()  # (Thai, English) in document order


@dataclass(frozen=True)
class ActivitySpec:
    kind: Activity.Kind
    title_th: str
    starts_on: datetime.date
    title_en: str = ""
    ends_on: datetime.date | None = None
    description_th: str = ""
    description_en: str = ""
    province: str | None = None  # a Province slug; None = the agreement's province


@dataclass(frozen=True)
class AllocationSpec:
    fiscal_year: int
    programme: str  # a Programme code
    amount: Decimal
    province: str | None = None  # a Province slug; None = the agreement's province
    recipient: OrganisationSpec | None = None
    note: str = ""


@dataclass(frozen=True)
class AgreementSpec:
    """One agreement as the document states it; `agreement_load` makes the database match it."""

    reference: str
    kind: Agreement.Kind
    title_th: str
    signed_on: datetime.date
    province: str  # a Province slug
    term_mode: Agreement.TermMode
    title_en: str = ""
    summary_th: str = ""
    summary_en: str = ""
    venue_th: str = ""
    venue_en: str = ""
    # Only for TermMode.DATES; the other modes derive them (Agreement.apply_term).
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    term_length: int | None = None
    term_unit: str = ""
    term_fiscal_year: int | None = None
    terminated_on: datetime.date | None = None
    districts: tuple[str, ...] = ()  # English district names within the province
    subdistricts: tuple[tuple[str, str], ...] = ()  # (English district name, Thai tambon name)
    themes: tuple[str, ...] = ()  # Theme slugs
    parties: tuple[PartySpec, ...] = ()  # in document order; numbered within each role
    clauses: tuple[tuple[str, str], ...] = ()  # (Thai, English) in document order
    activities: tuple[ActivitySpec, ...] = ()
    allocations: tuple[AllocationSpec, ...] = ()
    source_url: str = ""
    is_published: bool = False


# Why the current writes happen, for the audit trail: a command has no logged-in user to record.
_change_reason = contextvars.ContextVar("change_reason", default=None)


def _clean_save(obj):
    obj.full_clean()
    obj._change_reason = _change_reason.get()  # read by django-simple-history
    obj.save()
    return obj


def _province(slug):
    return Province.objects.get(slug=slug)


def organisation_get_or_create(*, spec: OrganisationSpec) -> Organisation:
    """Find by Thai name and province (the unique key), else create; never edit an existing one.

    Staff may have corrected an organisation in the admin since; reloading must not undo that.
    """
    province = _province(spec.province) if spec.province else None
    organisation = Organisation.objects.filter(name_th=spec.name_th, province=province).first()
    if organisation is None:
        organisation = _clean_save(
            Organisation(
                name_th=spec.name_th,
                name_en=spec.name_en,
                short_name_th=spec.short_name_th,
                short_name_en=spec.short_name_en,
                kind=spec.kind,
                province=province,
                parent=organisation_get_or_create(spec=spec.parent) if spec.parent else None,
            )
        )
    return organisation


def person_get_or_create(*, spec: PersonSpec) -> Person:
    # Person has no unique key; the oldest row wins if staff created a namesake by hand.
    person = Person.objects.filter(name_th=spec.name_th).order_by("pk").first()
    if person is None:
        person = _clean_save(Person(name_th=spec.name_th, name_en=spec.name_en))
    return person


@transaction.atomic
def party_set_responsibilities(*, party, items):
    """Make a party's numbered duties exactly `items` [(text_th, text_en), ...], in order.

    Rows that already say the same thing are kept, so an unchanged list writes nothing.
    """
    current = list(party.responsibilities.order_by("order", "pk"))
    wanted = [(order, th, en) for order, (th, en) in enumerate(items, start=1)]
    if [(r.order, r.text_th, r.text_en) for r in current] == wanted:
        return
    for row in current:
        row.delete()
    for order, text_th, text_en in wanted:
        Responsibility.objects.create(party=party, order=order, text_th=text_th, text_en=text_en)


def _agreement_fields(spec: AgreementSpec, province: Province) -> dict:
    return {
        "kind": spec.kind,
        "title_th": spec.title_th,
        "title_en": spec.title_en,
        "summary_th": spec.summary_th,
        "summary_en": spec.summary_en,
        "signed_on": spec.signed_on,
        "venue_th": spec.venue_th,
        "venue_en": spec.venue_en,
        "province": province,
        "term_mode": spec.term_mode,
        "starts_on": spec.starts_on,
        "ends_on": spec.ends_on,
        "term_length": spec.term_length,
        "term_unit": spec.term_unit,
        "term_fiscal_year": spec.term_fiscal_year,
        "terminated_on": spec.terminated_on,
        "source_url": spec.source_url,
        "is_published": spec.is_published,
    }


def _themes(slugs):
    themes = list(Theme.objects.filter(slug__in=slugs))
    missing = set(slugs) - {theme.slug for theme in themes}
    if missing:
        # A typo would otherwise drop a theme silently.
        raise Theme.DoesNotExist(f"No theme with slug {', '.join(sorted(missing))}")
    return themes


@transaction.atomic
def agreement_load(*, spec: AgreementSpec, reason: str | None = None) -> Agreement:
    """Make the database hold exactly `spec`: loading the same spec twice changes nothing.

    `reason` is recorded in the history of every row written (e.g. the command's name).

    The agreement is found by its reference and updated in place, so its pk (and links to it
    from elsewhere, e.g. attachments or renewals) survive; its parties, clauses, activities and
    allocations are replaced wholesale, because they have no key of their own to match on.
    """
    token = _change_reason.set(reason)
    try:
        return _agreement_load(spec)
    finally:
        _change_reason.reset(token)


def _agreement_load(spec):
    province = _province(spec.province)
    agreement = Agreement.objects.select_for_update().filter(
        reference=spec.reference
    ).first() or Agreement(reference=spec.reference)
    for field, value in _agreement_fields(spec, province).items():
        setattr(agreement, field, value)
    # full_clean() runs apply_term(), which derives starts_on/ends_on from term_mode.
    _clean_save(agreement)

    agreement.districts.set(
        [District.objects.get(province=province, name_en=name) for name in spec.districts]
    )
    agreement.subdistricts.set(
        [
            Subdistrict.objects.get(
                district__province=province, district__name_en=district, name_th=name
            )
            for district, name in spec.subdistricts
        ]
    )
    agreement.themes.set(_themes(spec.themes))

    agreement.allocations.all().delete()
    agreement.activities.all().delete()
    agreement.clauses.all().delete()
    agreement.parties.all().delete()  # and their responsibilities, by cascade

    orders = {}
    for party_spec in spec.parties:
        orders[party_spec.role] = orders.get(party_spec.role, 0) + 1
        party = _clean_save(
            AgreementParty(
                agreement=agreement,
                role=party_spec.role,
                order=orders[party_spec.role],
                organisation=(
                    organisation_get_or_create(spec=party_spec.organisation)
                    if party_spec.organisation
                    else None
                ),
                signatory=(
                    person_get_or_create(spec=party_spec.signatory)
                    if party_spec.signatory
                    else None
                ),
                signatory_title=party_spec.signatory_title,
                signatory_title_en=party_spec.signatory_title_en,
            )
        )
        party_set_responsibilities(party=party, items=party_spec.responsibilities)

    for order, (text_th, text_en) in enumerate(spec.clauses, start=1):
        _clean_save(ScopeClause(agreement=agreement, order=order, text_th=text_th, text_en=text_en))

    for activity in spec.activities:
        _clean_save(
            Activity(
                agreement=agreement,
                kind=activity.kind,
                title_th=activity.title_th,
                title_en=activity.title_en,
                description_th=activity.description_th,
                description_en=activity.description_en,
                starts_on=activity.starts_on,
                ends_on=activity.ends_on,
                province=_province(activity.province) if activity.province else province,
                is_published=True,
            )
        )

    for allocation in spec.allocations:
        _clean_save(
            Allocation(
                agreement=agreement,
                province=_province(allocation.province) if allocation.province else province,
                fiscal_year=allocation.fiscal_year,
                programme=Programme.objects.get(code=allocation.programme),
                amount=allocation.amount,
                recipient=(
                    organisation_get_or_create(spec=allocation.recipient)
                    if allocation.recipient
                    else None
                ),
                note=allocation.note,
            )
        )

    return agreement


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
        # A header cannot hold a line break; the template may wrap for readability.
        subject = " ".join(
            render_to_string("agreements/email/expiring_subject.txt", context).split()
        )
        body = render_to_string("agreements/email/expiring_body.txt", context).strip() + "\n"
    return EmailMessage(subject, body, to=recipients, connection=connection)


def expiry_notices_send(*, within_days, today=None, dry_run=False):
    """E-mail each region's staff its agreements that are in force and end within `within_days`.

    An agreement is announced once per threshold and end date: each e-mail is recorded as
    ExpiryNotice rows, and agreements that already have one are left out, so running this daily
    sends only what is new. Unpublished agreements are included: staff need to know.

    Returns [(region, agreements, recipients)] for every region with something new to announce,
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
    if not agreements:
        return []

    with_email = get_user_model().objects.filter(is_active=True).exclude(email="")
    regions = Region.objects.filter(
        pk__in={agreement.province.region_id for agreement in agreements}
    ).prefetch_related(Prefetch("staff", queryset=with_email.order_by("email"), to_attr="mailable"))
    alerts = []
    for region in regions:
        # dict.fromkeys: two accounts may share an address; one copy of the e-mail is enough.
        recipients = list(dict.fromkeys(user.email for user in region.mailable))
        ours = [agreement for agreement in agreements if agreement.province.region_id == region.pk]
        alerts.append((region, ours, recipients))

    to_send = [alert for alert in alerts if alert[2]]
    if dry_run or not to_send:
        return alerts
    # One SMTP session for the whole run rather than one per region.
    with mail.get_connection() as connection:
        for region, ours, recipients in to_send:
            with transaction.atomic():
                ExpiryNotice.objects.bulk_create(
                    ExpiryNotice(
                        agreement=agreement,
                        threshold_days=within_days,
                        ends_on=agreement.ends_on,
                        recipients=", ".join(recipients),
                    )
                    for agreement in ours
                )
                _expiry_email(
                    region=region,
                    agreements=ours,
                    recipients=recipients,
                    within_days=within_days,
                    today=today,
                    connection=connection,
                ).send()
    return alerts
