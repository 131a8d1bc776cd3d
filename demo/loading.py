"""Load agreements described as specs (the demo data): one agreement with everything that
hangs off it, made to match the spec exactly, in one transaction.

agreement_load puts every object through full_clean() before save(), so a data error fails with
the message the admin would show rather than as a bare IntegrityError. Rows are written with save()
and removed with delete(), never with QuerySet.update(): the audit trail only sees those.
"""

import contextvars
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from agreements.models import Activity, Agreement, AgreementParty, ScopeClause, Theme
from agreements.services import party_set_responsibilities
from budgets.models import Allocation, Programme
from geography.models import District, Province, Subdistrict
from partners.models import Organisation, Person


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
    public_note: str = ""


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


def _province(slug, default=None):
    return Province.objects.get(slug=slug) if slug else default


def organisation_get_or_create(*, spec: OrganisationSpec) -> Organisation:
    """Find by Thai name and province (the unique key), else create; never edit an existing one.

    Staff may have corrected an organisation in the admin since; reloading must not undo that.
    """
    province = _province(spec.province)
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


def _maybe(get_or_create, spec):
    return get_or_create(spec=spec) if spec else None


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
        agreement = _agreement_save(spec)
        _coverage_set(agreement, spec)
        _children_delete(agreement)
        _parties_create(agreement, spec.parties)
        _clauses_create(agreement, spec.clauses)
        _activities_create(agreement, spec.activities)
        _allocations_create(agreement, spec.allocations)
        return agreement
    finally:
        _change_reason.reset(token)


# The Agreement columns a spec sets, by the same names.
AGREEMENT_FIELDS = [
    "kind",
    "title_th",
    "title_en",
    "summary_th",
    "summary_en",
    "signed_on",
    "venue_th",
    "venue_en",
    "term_mode",
    "starts_on",
    "ends_on",
    "term_length",
    "term_unit",
    "term_fiscal_year",
    "terminated_on",
    "source_url",
]


def _agreement_save(spec: AgreementSpec) -> Agreement:
    agreement = Agreement.objects.select_for_update().filter(
        reference=spec.reference
    ).first() or Agreement(reference=spec.reference)
    for field in AGREEMENT_FIELDS:
        setattr(agreement, field, getattr(spec, field))
    State = Agreement.ReviewState
    agreement.set_review_state(State.PUBLISHED if spec.is_published else State.DRAFT)
    agreement.province = _province(spec.province)
    # full_clean() runs apply_term(), which derives starts_on/ends_on from term_mode.
    return _clean_save(agreement)


def _coverage_set(agreement, spec: AgreementSpec):
    province = agreement.province
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
    themes = list(Theme.objects.filter(slug__in=spec.themes))
    missing = set(spec.themes) - {theme.slug for theme in themes}
    if missing:
        # A typo would otherwise drop a theme silently.
        raise Theme.DoesNotExist(f"No theme with slug {', '.join(sorted(missing))}")
    agreement.themes.set(themes)


def _children_delete(agreement):
    agreement.allocations.all().delete()
    agreement.activities.all().delete()
    agreement.clauses.all().delete()
    agreement.parties.all().delete()  # and their responsibilities, by cascade


def _parties_create(agreement, parties):
    """Parties in document order, numbered within each role (1, 2, 3 … and witness 1, 2 …)."""
    orders = {}
    for spec in parties:
        orders[spec.role] = orders.get(spec.role, 0) + 1
        party = AgreementParty(
            agreement=agreement,
            role=spec.role,
            order=orders[spec.role],
            organisation=_maybe(organisation_get_or_create, spec.organisation),
            signatory=_maybe(person_get_or_create, spec.signatory),
            signatory_title=spec.signatory_title,
            signatory_title_en=spec.signatory_title_en,
        )
        party.copy_organisation_name()
        _clean_save(party)
        party_set_responsibilities(party=party, items=spec.responsibilities)


def _clauses_create(agreement, clauses):
    for order, (text_th, text_en) in enumerate(clauses, start=1):
        _clean_save(ScopeClause(agreement=agreement, order=order, text_th=text_th, text_en=text_en))


def _activities_create(agreement, activities):
    for spec in activities:
        _clean_save(
            Activity(
                agreement=agreement,
                kind=spec.kind,
                title_th=spec.title_th,
                title_en=spec.title_en,
                description_th=spec.description_th,
                description_en=spec.description_en,
                starts_on=spec.starts_on,
                ends_on=spec.ends_on,
                province=_province(spec.province, default=agreement.province),
                is_published=True,
            )
        )


def _allocations_create(agreement, allocations):
    for spec in allocations:
        _clean_save(
            Allocation(
                agreement=agreement,
                province=_province(spec.province, default=agreement.province),
                fiscal_year=spec.fiscal_year,
                programme=Programme.objects.get(code=spec.programme),
                amount=spec.amount,
                recipient=_maybe(organisation_get_or_create, spec.recipient),
                public_note=spec.public_note,
                is_published=True,  # published with its agreement
            )
        )
