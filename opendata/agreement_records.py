"""The records of agreements and of what hangs off them (activities, attachments, duties,
coverage, renewals), written out from values_list() rows as their serializers in
opendata/agreements.py declare them, field for field and in order (opendata/rows.py says why).

A page of ten agreements carries some 3,000 values from nine relations. Here a relation, or a
few of one shape, is one query of tuples grouped by agreement: seven queries for the page's
records, where prefetch_related made ten and a model instance for every party, duty, clause and
district. tests/api/test_open_data.py checks that the records are what the serializers write.
"""

import functools
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from agreements.coverage import CODED_ROWS
from agreements.models import (
    PROGRESS_COLUMNS,
    Activity,
    Agreement,
    AgreementParty,
    Attachment,
    ScopeClause,
)
from opendata.rows import grouped, iso, money, province_ref
from records.compiled import compiled
from uploads.validators import SUFFIXES

Status = Agreement.Status
Role = AgreementParty.Role

# IATI ActivityStatus code list (https://iatistandard.org/en/iati-standard/203/codelists/activitystatus/):
# 1 Pipeline/identification, 2 Implementation, 3 Finalisation, 4 Closed, 5 Cancelled,
# 6 Suspended. docs/open-data.md explains each choice.
IATI_ACTIVITY_STATUS = {
    Status.UPCOMING: "1",
    Status.ACTIVE: "2",
    Status.EXPIRING: "2",
    Status.OPEN_ENDED: "2",
    Status.EXPIRED: "4",
    Status.TERMINATED: "5",
}

# OCDS partyRole code list. OCDS describes public procurement; only a witness has a counterpart
# there. A party to an MOU is neither a buyer nor a supplier, and a presiding official does not
# review procurement, so those map to null rather than to a code that would mislead
# (docs/open-data.md gives the reasons).
OCDS_PARTY_ROLE = {
    Role.PARTY: None,
    Role.PRESIDING: None,
    Role.WITNESS: "otherWitness",
}

# Parties in signing order, then the presiding official, then the witnesses, as on the page.
ROLE_RANK = {role: rank for rank, role in enumerate(Role)}

# File endings of stored attachments → their media type (the ending follows the checked content).
MEDIA_TYPES = {
    suffix: media_type for media_type, suffixes in SUFFIXES.items() for suffix in suffixes
}

# The rows each relation is read as, prepared once: a request only adds its agreements' ids
# (with .filter(); never iterate these themselves, which would keep their rows). Themes,
# districts and sub-districts: agreements.coverage.CODED_ROWS.
CLAUSE_COLUMNS = ("agreement_id", "order", "text_th", "text_en", *PROGRESS_COLUMNS)
# A row per duty, and one with no duty for a party that owes none. A signatory's contact
# details are never read.
PARTY_ROWS = AgreementParty.objects.order_by(
    "order", "pk", "responsibilities__order", "responsibilities__pk"
).values_list(
    "pk",
    "agreement_id",
    "role",
    "order",
    "organisation_id",
    "organisation__name_th",
    "organisation__name_en",
    "organisation__kind",
    "organisation_name_th",
    "organisation_name_en",
    "signatory_id",
    "signatory__name_th",
    "signatory__name_en",
    "signatory_title",
    "signatory_title_en",
    "responsibilities__pk",
    "responsibilities__order",
    "responsibilities__text_th",
    "responsibilities__text_en",
    named=True,
)
# Published agreements as another record names them, oldest first.
RELATED_ROWS = (
    Agreement.objects.published()
    .order_by("signed_on", "reference")
    .values_list("renews_id", "pk", "reference", "kind", "signed_on", "title_th", "title_en")
)
ATTACHMENT_ROWS = Attachment.objects.order_by("kind", "pk").values_list(
    "pk",
    "agreement_id",
    "kind",
    "title_th",
    "title_en",
    "activity_id",
    "activity__is_published",
    "file",
    named=True,
)
ACTIVITY_ROWS = Activity.objects.order_by("starts_on", "pk").values_list(
    "pk",
    "agreement_id",
    "kind",
    "title_th",
    "title_en",
    "description_th",
    "description_en",
    "starts_on",
    "ends_on",
    "province__code",
    "province__slug",
    "province__name_th",
    "province__name_en",
    "participants",
    "outcome_th",
    "outcome_en",
    "amount_handed_over",
    "allocation_id",
    named=True,
)
# Allocation lives in budgets, which builds on this app: reached through the relation.
ALLOCATION_ROWS = (
    Agreement._meta.get_field("allocations")
    .related_model.objects.order_by("-fiscal_year", "programme__sort_order", "pk")
    .values_list(
        "agreement_id",
        "pk",
        "province__code",
        "fiscal_year",
        "programme__code",
        "programme__name_th",
        "programme__name_en",
        "amount",
        "recipient_id",
        "public_note",
    )
)


def agreement_records(agreements, request):
    """The records of `agreements` (published, with province and region selected), in their
    order: seven queries whatever their number."""
    ids = [agreement.pk for agreement in agreements]
    related = {
        **coded(ids, CODED_ROWS),
        "parties": parties_of(ids),
        "clauses": clauses_of(ids),
        "attachments": attachments_of(ids, request),
        "activities": activities_of(ids),
        "allocations": allocations_of(ids),
    }
    published, related["renewals"] = related_agreements(agreements)
    return [agreement_record(agreement, related, published) for agreement in agreements]


def agreement_record(agreement, related, published):
    """`published`: {pk: reference} of published agreements, those `agreement` renews among
    them."""
    pk = agreement.pk
    province = agreement.province
    status = str(agreement.status)
    return {
        "id": pk,
        "reference": agreement.reference,
        "kind": agreement.kind,
        "title_th": agreement.title_th,
        "title_en": agreement.title_en,
        "summary_th": agreement.summary_th,
        "summary_en": agreement.summary_en,
        "signed_on": iso(agreement.signed_on),
        "venue_th": agreement.venue_th,
        "venue_en": agreement.venue_en,
        "province": province_ref(province.code, province.slug, province.name_th, province.name_en),
        "region": province.region.code,
        "starts_on": iso(agreement.starts_on),
        "ends_on": iso(agreement.ends_on),
        "terminated_on": iso(agreement.terminated_on),
        "term_mode": agreement.term_mode,
        "term_length": agreement.term_length,
        "term_unit": agreement.term_unit,
        "term_fiscal_year": agreement.term_fiscal_year,
        "status": status,
        "iati_activity_status": IATI_ACTIVITY_STATUS[status],
        "themes": related["themes"].get(pk, []),
        "parties": related["parties"].get(pk, []),
        "clauses": related["clauses"].get(pk, []),
        "coverage": {
            "districts": related["districts"].get(pk, []),
            "subdistricts": related["subdistricts"].get(pk, []),
        },
        "renews": published.get(agreement.renews_id),
        "renewals": related["renewals"].get(pk, []),
        "attachments": related["attachments"].get(pk, []),
        "activities": related["activities"].get(pk, []),
        "allocations": related["allocations"].get(pk, []),
        "source_url": agreement.source_url,
    }


# The agreement records' queries, each compiled once per process (records.compiled).
_related_rows = compiled(
    lambda ids, renewed: RELATED_ROWS.filter(Q(renews_id__in=ids) | Q(pk__in=renewed))
)
_clause_rows = compiled(
    lambda ids: (
        ScopeClause.objects.with_progress()
        .filter(agreement_id__in=ids)
        .order_by("order", "pk")
        .values_list(*CLAUSE_COLUMNS, named=True)
    )
)
_party_rows = compiled(lambda ids: PARTY_ROWS.filter(agreement_id__in=ids))
_attachment_rows = compiled(lambda ids: ATTACHMENT_ROWS.shown().filter(agreement_id__in=ids))
_activity_rows = compiled(lambda ids: ACTIVITY_ROWS.filter(agreement_id__in=ids, is_published=True))
_allocation_rows = compiled(
    lambda ids: ALLOCATION_ROWS.filter(agreement_id__in=ids, is_published=True)
)


def related_agreements(agreements):
    """The published agreements that these renew and that renew these, in one query:
    ({pk: reference} of all of them, {pk of one of these: [references of its renewals]})."""
    ids = {agreement.pk for agreement in agreements}
    renewed = [agreement.renews_id for agreement in agreements if agreement.renews_id]
    published, renewals = {}, defaultdict(list)
    for renews, pk, *item in _related_rows.fetch(sorted(ids), renewed):
        reference = published[pk] = related_ref(pk, *item)
        if renews in ids:
            renewals[renews].append(reference)
    return published, renewals


def related_ref(pk, reference, kind, signed_on, title_th, title_en):
    """Another published agreement, as RelatedAgreementSerializer gives it."""
    return {
        "id": pk,
        "reference": reference,
        "kind": kind,
        "signed_on": iso(signed_on),
        "title_th": title_th,
        "title_en": title_en,
    }


def text_item(order, text_th, text_en):
    return {"order": order, "text_th": text_th, "text_en": text_en}


def clauses_of(ids):
    rows = _clause_rows.fetch(ids)
    return grouped(
        (
            row.agreement_id,
            {**text_item(row.order, row.text_th, row.text_en), "progress": progress_record(row)},
        )
        for row in rows
    )


def parties_of(ids):
    """Parties in signing order, then the presiding official, then the witnesses, each with its
    duties. Ranked by role here (a stable sort keeps the database's order within a role):
    ordering by a CASE costs a quarter of the query's time to compile."""
    rows = sorted(_party_rows.fetch(ids), key=lambda row: ROLE_RANK[row.role])
    parties, records = defaultdict(list), {}
    for row in rows:
        record = records.get(row.pk)
        if record is None:
            record = records[row.pk] = party_record(row)
            parties[row.agreement_id].append(record)
        if row.responsibilities__pk is not None:
            record["responsibilities"].append(
                text_item(
                    row.responsibilities__order,
                    row.responsibilities__text_th,
                    row.responsibilities__text_en,
                )
            )
    return parties


def party_record(row):
    organisation = None
    if row.organisation_id is not None:
        organisation = {
            "id": row.organisation_id,
            "name_th": row.organisation__name_th,
            "name_en": row.organisation__name_en,
            "kind": row.organisation__kind,
        }
    signatory = None
    if row.signatory_id is not None:
        signatory = {"name_th": row.signatory__name_th, "name_en": row.signatory__name_en}
    return {
        "role": row.role,
        "ocds_role": OCDS_PARTY_ROLE[row.role],
        "order": row.order,
        "organisation": organisation,
        "organisation_name_th": row.organisation_name_th,
        "organisation_name_en": row.organisation_name_en,
        "signatory": signatory,
        "signatory_title": row.signatory_title,
        "signatory_title_en": row.signatory_title_en,
        "responsibilities": [],
    }


def coded(ids, kinds):
    """{kind: {agreement id: [slugs or areas, by code]}} of some of CODED_ROWS (`kinds`), in
    one query (compiled once per set of kinds: records.compiled)."""
    found = {kind: defaultdict(list) for kind in kinds}
    for agreement, kind, code, name_th, name_en in _coded_query(tuple(kinds)).fetch(ids):
        if kind == "themes":
            found[kind][agreement].append(code)
        else:
            found[kind][agreement].append({"code": code, "name_th": name_th, "name_en": name_en})
    return found


@functools.cache
def _coded_query(kinds):
    def build(ids):
        first, *others = (CODED_ROWS[kind].filter(agreement_id__in=ids) for kind in kinds)
        return first.union(*others, all=True).order_by("kind", "code")

    return compiled(build)


def attachment_record(row, request):
    """An attachment as AttachmentSerializer gives it, from a row of ATTACHMENT_ROWS."""
    return {
        "id": row.pk,
        "agreement": row.agreement_id,
        "kind": row.kind,
        "title_th": row.title_th,
        "title_en": row.title_en,
        "activity": row.activity_id if row.activity__is_published else None,
        "media_type": MEDIA_TYPES[Path(row.file).suffix.lower()],
        "url": attachment_url(request, row.pk),
    }


def attachment_url(request, pk):
    # The file's address is the same in both languages; give the unprefixed (Thai) one.
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("attachment-file", kwargs={"pk": pk})
    return request.build_absolute_uri(path) if request else path


def attachments_of(ids, request):
    """The public attachments of these (published) agreements."""
    rows = _attachment_rows.fetch(ids)
    return grouped((row.agreement_id, attachment_record(row, request)) for row in rows)


def activity_record(row):
    """An activity as ActivitySerializer gives it, from a row of ACTIVITY_ROWS."""
    return {
        "id": row.pk,
        "agreement": row.agreement_id,
        "kind": row.kind,
        "title_th": row.title_th,
        "title_en": row.title_en,
        "description_th": row.description_th,
        "description_en": row.description_en,
        "starts_on": iso(row.starts_on),
        "ends_on": iso(row.ends_on),
        "province": province_ref(
            row.province__code, row.province__slug, row.province__name_th, row.province__name_en
        ),
        "participants": row.participants,
        "outcome_th": row.outcome_th,
        "outcome_en": row.outcome_en,
        "amount_handed_over": money(row.amount_handed_over),
        "allocation": row.allocation_id,
    }


def activities_of(ids):
    """The published follow-up activities of these (published) agreements."""
    rows = _activity_rows.fetch(ids)
    return grouped((row.agreement_id, activity_record(row)) for row in rows)


def allocations_of(ids):
    """Every published allocation of these (published) agreements, newest fiscal year first."""
    rows = _allocation_rows.fetch(ids)
    return grouped(
        (
            agreement,
            {
                "id": pk,
                "province": province,
                "fiscal_year": year,
                "programme": {"code": code, "name_th": name_th, "name_en": name_en},
                "amount": money(amount),
                "recipient": recipient,
                "note": note,
            },
        )
        for agreement, pk, province, year, code, name_th, name_en, amount, recipient, note in rows
    )


def duty_record(row):
    """A duty as DutySerializer gives it, from a row of DUTY_COLUMNS (with_progress() rows)."""
    party = {
        "role": row.party__role,
        "order": row.party__order,
        "organisation": None,
        "signatory": None,
    }
    if row.party__organisation_id is not None:
        party["organisation"] = {
            "id": row.party__organisation_id,
            "name_th": row.party__organisation__name_th,
            "name_en": row.party__organisation__name_en,
            "kind": row.party__organisation__kind,
        }
    if row.party__signatory_id is not None:
        party["signatory"] = {
            "name_th": row.party__signatory__name_th,
            "name_en": row.party__signatory__name_en,
        }
    return {
        "id": row.id,
        "agreement": row.party__agreement_id,
        "party": party,
        "order": row.order,
        "text_th": row.text_th,
        "text_en": row.text_en,
        "progress": progress_record(row),
    }


def progress_record(row):
    """The latest progress of a clause or duty (a with_progress() row), or None."""
    if not row.progress_status:
        return None
    return {
        "status": row.progress_status,
        "recorded_on": iso(row.progress_on),
        "note_th": row.progress_note_th,
        "note_en": row.progress_note_en,
    }


# What duty_record() reads; a signatory's contact details are never read.
DUTY_COLUMNS = (
    "id",
    "party__agreement_id",
    "party__role",
    "party__order",
    "party__organisation_id",
    "party__organisation__name_th",
    "party__organisation__name_en",
    "party__organisation__kind",
    "party__signatory_id",
    "party__signatory__name_th",
    "party__signatory__name_en",
    "order",
    "text_th",
    "text_en",
    "progress_status",
    "progress_on",
    "progress_note_th",
    "progress_note_en",
)

# What coverage_records() reads of an agreement.
COVERAGE_COLUMNS = (
    "id",
    "reference",
    "province__code",
    "province__slug",
    "province__name_th",
    "province__name_en",
    "province__region__code",
)


def coverage_records(rows):
    """Agreements (rows of COVERAGE_COLUMNS) as CoverageRowSerializer gives them, with the
    districts and sub-districts they name: one query."""
    areas = coded(
        [row.id for row in rows],
        {kind: CODED_ROWS[kind] for kind in ("districts", "subdistricts")},
    )
    return [
        {
            "id": row.id,
            "reference": row.reference,
            "province": province_ref(
                row.province__code,
                row.province__slug,
                row.province__name_th,
                row.province__name_en,
            ),
            "region": row.province__region__code,
            "districts": areas["districts"].get(row.id, []),
            "subdistricts": areas["subdistricts"].get(row.id, []),
        }
        for row in rows
    ]


# What renewal_record() reads: the later agreement, then the one it renews.
RENEWAL_COLUMNS = (
    "id",
    "reference",
    "kind",
    "signed_on",
    "title_th",
    "title_en",
    "renews_id",
    "renews__reference",
    "renews__kind",
    "renews__signed_on",
    "renews__title_th",
    "renews__title_en",
)


def renewal_record(row):
    """A renewal as RenewalSerializer gives it, from a row of RENEWAL_COLUMNS."""
    later, earlier = row[:6], row[6:]
    return {"id": row.id, "agreement": related_ref(*later), "renews": related_ref(*earlier)}
