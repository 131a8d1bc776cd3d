"""A registry of national×10 size, made fast with bulk_create for `manage.py benchmark`.

Every row it makes carries a marker, so it can find (and `--fresh` can delete) its own rows and
leave anything else in the database alone: agreement references start with BENCH-,
organisations, plans and proposals have a website or source under bench.invalid, people have
the note BENCH and allocations the staff note BENCH.
Random choices come from a seeded generator: the same scale on the same day gives the same rows.
"""

import datetime
import random
import time
from collections import Counter, defaultdict
from decimal import Decimal

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from agreements.models import (
    Activity,
    Agreement,
    AgreementParty,
    Attachment,
    ExpiryNotice,
    Responsibility,
    ReviewStep,
    ScopeClause,
    SearchDocument,
    Theme,
)
from budgets.models import Allocation, Programme
from geography.models import Province, Subdistrict
from partners.models import Organisation, Person
from proposals.models import Plan, Proposal, ProposalStep
from thai import calendar as thai_calendar
from tracking.models import ProgressUpdate

from . import names

REFERENCE_PREFIX = "BENCH-"
WEBSITE_PREFIX = "https://bench.invalid/"
NOTE = "BENCH"
BATCH_SIZE = 5000
SEED = 2567

# Rows at scale 1, the national registry times ten (docs/performance.md).
ROWS_AT_SCALE_1 = {
    "organisations": 20_000,
    "people": 40_000,
    "agreements": 20_000,
    "parties": 100_000,  # approximate: each agreement draws its number of parties
    "clauses": 80_000,
    "responsibilities": 50_000,
    "activities": 30_000,
    "progress_updates": 60_000,
    "allocations": 60_000,
    "plans": 1_000,
    "proposals": 10_000,  # with 0 to 5 steps each
}
# Parties per agreement, drawn evenly: 5 on average. From 6 on, the last one is a witness and
# from 7 on the one before it presides, so most parties sign as parties.
PARTY_COUNTS = (2, 3, 4, 5, 6, 7, 8)
FIRST_WITNESS_COUNT = 6
FIRST_PRESIDING_COUNT = 7

SIGNING_SPAN_DAYS = 10 * 365  # agreements were signed over the last ten years
UPCOMING_ONE_IN = 40  # this share signed lately and starts later, so some are "upcoming"
TERMINATED_ONE_IN = 30
PUBLISHED_SHARE = 0.9
ACTIVITY_PUBLISHED_SHARE = 0.95
ALLOCATION_PUBLISHED_SHARE = 0.97  # the rest await review (records.publication)
SUBMITTED_ONE_IN = 2  # of the unpublished agreements: about 1,000 wait for review at scale 1
ALLOCATION_LINKED_ONE_IN = 3  # this share of allocations belongs to an agreement
PROPOSAL_PUBLISHED_SHARE = 0.9
PROPOSAL_LEVEL_WEIGHTS = {"province": 95, "national": 5}
# A proposal goes this far along its way: drafted (no step), submitted, acknowledged, adopted
# into a plan, funded, implemented.
PROPOSAL_WAY = ["submitted", "acknowledged", "adopted", "funded", "implemented"]
FISCAL_YEARS = range(2560, 2570)
AMOUNT_CENTS = (50_000_00, 5_000_000_00)

Kind, TermMode, TermUnit = Agreement.Kind, Agreement.TermMode, Agreement.TermUnit
KIND_WEIGHTS = {Kind.MOU: 60, Kind.MOA: 15, Kind.BUDGET: 15, Kind.ADDENDUM: 5, Kind.OTHER: 5}
TERM_MODE_WEIGHTS = {TermMode.DATES: 50, TermMode.DURATION: 25, TermMode.FISCAL_YEAR: 15,
                     TermMode.OPEN: 10}  # fmt: skip
# Where an organisation works: most are local to a sub-district, as CODI's partners are.
ORGANISATION_LEVEL_WEIGHTS = {"subdistrict": 85, "district": 7, "province": 8}


def target_counts(scale):
    """Rows to make at `scale`; at least one agreement, and enough organisations for one hub
    per province plus the largest agreement's other parties."""
    counts = {name: round(rows * scale) for name, rows in ROWS_AT_SCALE_1.items()}
    counts["agreements"] = max(counts["agreements"], 1)
    counts["people"] = max(counts["people"], 1)
    counts["organisations"] = max(counts["organisations"], Province.objects.count() + 10)
    return counts


def bench_agreements():
    return Agreement.objects.filter(reference__startswith=REFERENCE_PREFIX)


def bench_row_counts():
    """How many rows of each kind the benchmark made, as they are in the database now."""
    agreements = bench_agreements()
    return {
        "organisations": Organisation.objects.filter(website__startswith=WEBSITE_PREFIX).count(),
        "people": Person.objects.filter(note=NOTE).count(),
        "agreements": agreements.count(),
        "published_agreements": agreements.filter(is_published=True).count(),
        "agreements_waiting_for_review": agreements.filter(
            review_state=Agreement.ReviewState.SUBMITTED
        ).count(),
        "review_steps": ReviewStep.objects.filter(agreement__in=agreements).count(),
        "parties": AgreementParty.objects.filter(agreement__in=agreements).count(),
        "clauses": ScopeClause.objects.filter(agreement__in=agreements).count(),
        "responsibilities": Responsibility.objects.filter(party__agreement__in=agreements).count(),
        "activities": Activity.objects.filter(agreement__in=agreements).count(),
        "progress_updates": ProgressUpdate.objects.filter(note_th=NOTE).count(),
        "theme_links": Agreement.themes.through.objects.filter(agreement__in=agreements).count(),
        "allocations": Allocation.objects.filter(staff_note=NOTE).count(),
        "plans": bench_plans().count(),
        "proposals": bench_proposals().count(),
        "proposal_steps": ProposalStep.objects.filter(proposal__in=bench_proposals()).count(),
    }


def bench_plans():
    return Plan.objects.filter(source_url__startswith=WEBSITE_PREFIX)


def bench_proposals():
    return Proposal.objects.filter(source_url__startswith=WEBSITE_PREFIX)


def is_filled(scale):
    counts = target_counts(scale)
    return (
        bench_agreements().count() == counts["agreements"]
        and bench_proposals().count() == counts["proposals"]
    )


@transaction.atomic
def delete_bench_rows():
    """Delete every row the benchmark made, children first.

    `_raw_delete` runs one DELETE per table: QuerySet.delete() would load all the rows and
    write an audit-history row for each (django-simple-history listens to post_delete), which
    takes minutes at scale 1. A table missed here fails loudly on its foreign-key constraint.
    """
    agreements = bench_agreements()
    for queryset in [
        ProposalStep.objects.filter(proposal__in=bench_proposals()),
        bench_proposals(),
        bench_plans(),
        ProgressUpdate.objects.filter(note_th=NOTE),
        Allocation.objects.filter(staff_note=NOTE),
        Responsibility.objects.filter(party__agreement__in=agreements),
        AgreementParty.objects.filter(agreement__in=agreements),
        ScopeClause.objects.filter(agreement__in=agreements),
        Activity.objects.filter(agreement__in=agreements),
        Agreement.themes.through.objects.filter(agreement__in=agreements),
        Agreement.districts.through.objects.filter(agreement__in=agreements),
        Agreement.subdistricts.through.objects.filter(agreement__in=agreements),
        ExpiryNotice.objects.filter(agreement__in=agreements),
        ReviewStep.objects.filter(agreement__in=agreements),
        Attachment.objects.filter(agreement__in=agreements),
        SearchDocument.objects.filter(agreement__in=agreements),
        agreements,
        Organisation.objects.filter(website__startswith=WEBSITE_PREFIX),
        Person.objects.filter(note=NOTE),
    ]:
        queryset._raw_delete(queryset.db)


class Places:
    """Thai place names by province, to name organisations and agreements after."""

    def __init__(self):
        self.provinces = list(Province.objects.order_by("code"))
        self.subdistricts = defaultdict(list)  # province id -> [(district, sub-district)]
        rows = Subdistrict.objects.values_list(
            "district__province_id", "district__name_th", "name_th"
        )
        for province_id, district, subdistrict in rows:
            self.subdistricts[province_id].append((district, subdistrict))

    def words(self, rng, province):
        """Names for templates: the province and a district and sub-district inside it."""
        district, subdistrict = rng.choice(self.subdistricts[province.pk])
        return {"province": province.name_th, "district": district, "subdistrict": subdistrict}


def fill(scale, *, log=print):
    """Make the registry of `scale` in one transaction, logging each step and its time."""
    counts = target_counts(scale)
    rng = random.Random(SEED)
    places = Places()

    def step(label, make, *args):
        started = time.perf_counter()
        made = make(rng, *args)
        log(f"  {label}: {time.perf_counter() - started:.1f} s")
        return made

    with transaction.atomic():
        hubs, others = step("organisations", make_organisations, places, counts["organisations"])
        people = step("people", make_people, counts["people"])
        agreements = step("agreements", make_agreements, places, counts["agreements"])
        step("themes", link_themes, agreements)
        step("review steps", make_review_steps, agreements)
        parties = step("parties", make_parties, agreements, hubs, others, people)
        clauses = step("clauses", make_clauses, agreements, counts["clauses"])
        duties = step(
            "responsibilities", make_responsibilities, parties, counts["responsibilities"]
        )
        step("activities", make_activities, agreements, counts["activities"])
        step("progress", make_progress, clauses + duties, counts["progress_updates"])
        step("allocations", make_allocations, places, agreements, hubs + others,
             counts["allocations"])  # fmt: skip
        plans = step("plans", make_plans, places, counts["plans"])
        step("proposals", make_proposals, places, plans, counts["proposals"])


def after_fill():
    """Whatever a freshly filled (or reused) registry needs before it is measured.

    Called after every fill and every reuse, since a reused database may predate a later step.
    """
    # bulk_create leaves no audit record: the derived data (search documents, partner counts,
    # totals, figures) is rebuilt whole, which also brings the planner's statistics up to date
    # (rebuild_derived ends with VACUUM (ANALYZE) on PostgreSQL).
    call_command("rebuild_derived")


def _bulk(model, objects):
    return model.objects.bulk_create(objects, batch_size=BATCH_SIZE)


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def make_organisations(rng, places, count):
    """One hub per province (its community network), then local organisations."""
    seen = Counter()  # (name, province id): two organisations may not share both

    def organisation(index, kind, template, province, words):
        name = template.format(**words)
        seen[(name, province.pk)] += 1
        if seen[(name, province.pk)] > 1:
            name = f"{name} แห่งที่ {seen[(name, province.pk)]}"
        return Organisation(
            name_th=name,
            kind=kind,
            province=province,
            website=f"{WEBSITE_PREFIX}{index}",
        )

    templates = {
        "subdistrict": names.SUBDISTRICT_ORGANISATIONS,
        "district": names.DISTRICT_ORGANISATIONS,
        "province": names.PROVINCE_ORGANISATIONS,
    }
    hubs = [
        organisation(
            i,
            Organisation.Kind.COMMUNITY_NETWORK,
            names.HUB_ORGANISATION,
            p,
            {"province": p.name_th},
        )  # fmt: skip
        for i, p in enumerate(places.provinces)
    ]
    others = []
    for index in range(len(hubs), count):
        province = rng.choice(places.provinces)
        kind, template = rng.choice(templates[_weighted(rng, ORGANISATION_LEVEL_WEIGHTS)])
        others.append(organisation(index, kind, template, province, places.words(rng, province)))
    return _bulk(Organisation, hubs), _bulk(Organisation, others)


def make_people(rng, count):
    return _bulk(
        Person,
        (
            Person(
                name_th=(
                    f"{rng.choice(names.HONORIFICS)}{rng.choice(names.FIRST_NAMES)} "
                    f"{rng.choice(names.LAST_NAMES)}"
                ),
                note=NOTE,
            )
            for _ in range(count)
        ),
    )


def _term(rng, signed_on, upcoming):
    """(term fields, starts_on, ends_on) obeying the agreement_term_complete constraint."""
    if upcoming:
        starts = timezone.localdate() + datetime.timedelta(days=rng.randint(30, 120))
        return {"term_mode": TermMode.DATES}, starts, thai_calendar.term_end(starts, 24)
    mode = _weighted(rng, TERM_MODE_WEIGHTS)
    if mode == TermMode.DATES:
        years = rng.randint(1, 5)
        return {"term_mode": mode}, signed_on, thai_calendar.term_end(signed_on, 12 * years)
    if mode == TermMode.DURATION:
        unit = rng.choice([TermUnit.MONTHS, TermUnit.YEARS])
        length = rng.choice([6, 12, 18, 24]) if unit == TermUnit.MONTHS else rng.randint(1, 3)
        months = length * (12 if unit == TermUnit.YEARS else 1)
        fields = {"term_mode": mode, "term_length": length, "term_unit": unit}
        return fields, signed_on, thai_calendar.term_end(signed_on, months)
    if mode == TermMode.FISCAL_YEAR:
        year = thai_calendar.fiscal_year_of(signed_on)
        starts, ends = thai_calendar.fiscal_year_bounds(year)
        return {"term_mode": mode, "term_fiscal_year": year}, starts, ends
    return {"term_mode": TermMode.OPEN}, signed_on, None


def make_agreements(rng, places, count):
    today = timezone.localdate()
    agreements = []
    for i in range(count):
        upcoming = i % UPCOMING_ONE_IN == UPCOMING_ONE_IN - 1
        recent_days = 60 if upcoming else SIGNING_SPAN_DAYS
        signed_on = today - datetime.timedelta(days=rng.randint(0, recent_days))
        term, starts_on, ends_on = _term(rng, signed_on, upcoming)
        terminated_on = None
        if i % TERMINATED_ONE_IN == 0:
            terminated_on = signed_on + datetime.timedelta(days=rng.randint(30, 700))
        province = rng.choice(places.provinces)
        words = places.words(rng, province)
        words["fiscal_year"] = thai_calendar.fiscal_year_of(signed_on)
        title = rng.randrange(len(names.AGREEMENT_TITLES))
        agreements.append(
            Agreement(
                reference=f"{REFERENCE_PREFIX}{i + 1:06d}",
                kind=_weighted(rng, KIND_WEIGHTS),
                title_th=names.AGREEMENT_TITLES[title].format(**words),
                # Half have an English title, as in the real registry.
                title_en=names.AGREEMENT_TITLES_EN[title].format(
                    province=province.name_en, fiscal_year=words["fiscal_year"]
                )
                if i % 2
                else "",
                signed_on=signed_on,
                venue_th=rng.choice(names.VENUES).format(**words),
                province=province,
                starts_on=starts_on,
                ends_on=ends_on,
                terminated_on=terminated_on,
                is_published=rng.random() < PUBLISHED_SHARE,
                **term,
            )
        )
        # Published a week after signing; of the others, every SUBMITTED_ONE_IN-th waits for
        # review (not from rng: the rows stay those of earlier runs).
        agreement = agreements[-1]
        if agreement.is_published:
            agreement.review_state = Agreement.ReviewState.PUBLISHED
        elif i % SUBMITTED_ONE_IN == 0:
            agreement.review_state = Agreement.ReviewState.SUBMITTED
        if agreement.is_published:
            agreement.published_at = datetime.datetime.combine(
                signed_on + datetime.timedelta(days=7), datetime.time(10), tzinfo=datetime.UTC
            )
    return _bulk(Agreement, agreements)


def make_review_steps(rng, agreements):
    """How the agreements got where they stand: submitted three days after signing, and the
    published ones published four days later, as agreements/review.py records it. Not from
    rng, so that the rows made after these stay those of earlier runs."""
    steps = []
    for agreement in agreements:
        if agreement.review_state == Agreement.ReviewState.DRAFT:
            continue
        submitted_at = datetime.datetime.combine(
            agreement.signed_on + datetime.timedelta(days=3), datetime.time(9), tzinfo=datetime.UTC
        )
        steps.append(
            ReviewStep(agreement=agreement, action=ReviewStep.Action.SUBMITTED, at=submitted_at)
        )
        if agreement.published_at is not None:
            steps.append(
                ReviewStep(
                    agreement=agreement,
                    action=ReviewStep.Action.PUBLISHED,
                    at=agreement.published_at,
                )
            )
    _bulk(ReviewStep, steps)


def link_themes(rng, agreements):
    """One or two themes per agreement."""
    themes = list(Theme.objects.all())
    Link = Agreement.themes.through
    links = []
    for agreement in agreements:
        for theme in rng.sample(themes, k=min(len(themes), rng.randint(1, 2))):
            links.append(Link(agreement_id=agreement.pk, theme_id=theme.pk))
    _bulk(Link, links)


def _role(position, count):
    Role = AgreementParty.Role
    if count >= FIRST_WITNESS_COUNT and position == count - 1:
        return Role.WITNESS
    if count >= FIRST_PRESIDING_COUNT and position == count - 2:
        return Role.PRESIDING
    return Role.PARTY


def make_parties(rng, agreements, hubs, others, people):
    """The province's hub signs first; the others are taken in turn from the pool, so no
    organisation appears twice on one agreement."""
    hub_of = {hub.province_id: hub for hub in hubs}
    next_other = 0
    parties = []
    for agreement in agreements:
        count = rng.choice(PARTY_COUNTS)
        for position in range(count):
            if position == 0:
                organisation = hub_of[agreement.province_id]
            else:
                organisation = others[next_other % len(others)]
                next_other += 1
            parties.append(
                AgreementParty(
                    agreement=agreement,
                    organisation=organisation,
                    # As the admin fills it when a party is entered (AgreementParty).
                    organisation_name_th=organisation.name_th,
                    organisation_name_en=organisation.name_en,
                    role=_role(position, count),
                    order=position + 1,
                    signatory=rng.choice(people),
                    signatory_title=rng.choice(names.POSITIONS),
                )
            )
    return _bulk(AgreementParty, parties)


def _spread(items, count):
    """`count` picks from `items`, spread evenly and in order (each item about equally often)."""
    return (items[k * len(items) // count] for k in range(count))


def make_clauses(rng, agreements, count):
    order = Counter()
    clauses = []
    for agreement in _spread(agreements, count):
        order[agreement.pk] += 1
        clauses.append(
            ScopeClause(
                agreement=agreement, order=order[agreement.pk], text_th=rng.choice(names.CLAUSES)
            )
        )
    return _bulk(ScopeClause, clauses)


def make_responsibilities(rng, parties, count):
    # Fewer duties than parties: a party gets at most one.
    return _bulk(
        Responsibility,
        (
            Responsibility(party=party, order=1, text_th=rng.choice(names.RESPONSIBILITIES))
            for party in _spread(parties, min(count, len(parties)))
        ),
    )


def make_activities(rng, agreements, count):
    kinds = list(Activity.Kind)
    _bulk(
        Activity,
        (
            Activity(
                agreement=agreement,
                kind=rng.choice(kinds),
                title_th=rng.choice(names.ACTIVITY_TITLES),
                starts_on=agreement.signed_on + datetime.timedelta(days=rng.randint(0, 720)),
                province_id=agreement.province_id,
                is_published=rng.random() < ACTIVITY_PUBLISHED_SHARE,
            )
            for agreement in _spread(agreements, count)
        ),
    )


def make_progress(rng, commitments, count):
    """Dated progress updates on clauses and duties, two for most commitments that have any."""
    statuses = list(ProgressUpdate.Status)
    today = timezone.localdate()
    updates = []
    for commitment in _spread(commitments, count):
        clause = commitment if isinstance(commitment, ScopeClause) else None
        updates.append(
            ProgressUpdate(
                clause=clause,
                responsibility=None if clause else commitment,
                recorded_on=today - datetime.timedelta(days=rng.randint(0, 3 * 365)),
                status=rng.choice(statuses),
                note_th=NOTE,
                is_published=True,
            )
        )
    _bulk(ProgressUpdate, updates)


def make_allocations(rng, places, agreements, organisations, count):
    programmes = list(Programme.objects.all())
    allocations = []
    for i in range(count):
        agreement = rng.choice(agreements) if i % ALLOCATION_LINKED_ONE_IN == 0 else None
        province_id = agreement.province_id if agreement else rng.choice(places.provinces).pk
        published = rng.random() < ALLOCATION_PUBLISHED_SHARE
        amount = rng.randint(*AMOUNT_CENTS)
        # The money trail's stored sums (budgets.services keeps them from the transfer,
        # report and return rows, which the public pages never read): most allocations partly
        # or wholly transferred, most of that reported, a little returned.
        transferred = amount * rng.choice((0, 50, 100, 100)) // 100
        reported = transferred * rng.randint(60, 100) // 100
        returned = (transferred - reported) * rng.randint(0, 100) // 100
        allocations.append(
            Allocation(
                province_id=province_id,
                fiscal_year=rng.choice(FISCAL_YEARS),
                programme=rng.choice(programmes),
                amount=Decimal(amount).scaleb(-2),
                planned_amount=Decimal(amount).scaleb(-2),
                transferred_amount=Decimal(transferred).scaleb(-2),
                reported_amount=Decimal(reported).scaleb(-2),
                returned_amount=Decimal(returned).scaleb(-2),
                agreement=agreement,
                recipient=rng.choice(organisations) if i % 2 else None,
                staff_note=NOTE,
                is_published=published,
                awaiting_review=not published,
            )
        )
    _bulk(Allocation, allocations)


def make_plans(rng, places, count):
    """Provincial development plans of five years, spread over the provinces."""
    plans = []
    for i in range(count):
        province = places.provinces[i % len(places.provinces)]
        first = rng.choice(range(2556, 2571, 5))
        plans.append(
            Plan(
                kind=Plan.Kind.PROVINCIAL,
                title_th=f"แผนพัฒนาจังหวัด{province.name_th} พ.ศ. {first}–{first + 4} ฉบับที่ {i}",
                province=province,
                first_year=first,
                last_year=first + 4,
                source_url=f"{WEBSITE_PREFIX}plan/{i}",
                is_published=True,
            )
        )
    return _bulk(Plan, plans)


def make_proposals(rng, places, plans, count):
    """Provincial proposals and a few national ones, each some way along its way (no step, or
    submitted up to implemented), adopted into the plans of its province."""
    plans_of = defaultdict(list)
    for plan in plans:
        plans_of[plan.province_id].append(plan)
    today = timezone.localdate()
    proposals, ways = [], []
    for i in range(count):
        level = _weighted(rng, PROPOSAL_LEVEL_WEIGHTS)
        province = rng.choice(places.provinces)
        words = places.words(rng, province)
        title = rng.choice(names.PROPOSAL_TITLES).format(**words)
        proposed_on = today - datetime.timedelta(days=rng.randint(0, 6 * 365))
        published = rng.random() < PROPOSAL_PUBLISHED_SHARE
        area = {"province": province, "region_id": province.region_id}
        if level == "national":
            area = {}
        proposals.append(
            Proposal(
                title_th=title,
                text_th=f"{title} {NOTE}",
                level=level,
                proposed_on=proposed_on,
                addressed_to=Proposal.Addressee.GOVERNOR,
                source_url=f"{WEBSITE_PREFIX}proposal/{i}",
                is_published=published,
                awaiting_review=not published,
                **area,
            )
        )
        ways.append(rng.randint(0, len(PROPOSAL_WAY)))
    made = _bulk(Proposal, proposals)
    steps = []
    for proposal, way in zip(made, ways, strict=True):
        day = proposal.proposed_on
        for step in PROPOSAL_WAY[:way]:
            day = min(day + datetime.timedelta(days=rng.randint(10, 200)), today)
            fields = {}
            if step == "adopted":
                fields["plan"] = rng.choice(plans_of[proposal.province_id] or plans)
            if step == "funded":
                fields["amount"] = Decimal(rng.randint(*AMOUNT_CENTS)).scaleb(-2)
            steps.append(ProposalStep(proposal=proposal, step=step, taken_on=day, **fields))
    _bulk(ProposalStep, steps)
