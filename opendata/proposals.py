"""Open-data API for community proposals (ข้อเสนอ), their dated steps, and the events (forums,
meetings) they came from: published ones only, as on /proposals/.

A proposal's steps are public with it. Their evidence documents are not in the API: the file
of a step is for the proposal's page to offer when staff marked it public, and the path of a
file that is not public must never leave the site. Plans named by a step appear once published,
agreements and allocations that came of a proposal once public themselves.

The records are written out from values_list() rows (opendata/rows.py says why): a page of
proposals is six queries whatever their number and the number of their steps and links.
"""

import django_filters
from django.db.models import CharField, Q, Value
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets

from geography.filters import province_filter, region_filter
from opendata.agreements import AreaSerializer, OrganisationRefSerializer
from opendata.filters import UnfilteredCount
from opendata.geography import OpenDataPagination, ProvinceRefSerializer
from opendata.rows import grouped, iso, money, province_ref
from proposals.figures import published_proposal_total
from proposals.filters import ProposalFilter
from proposals.models import Event, Plan, Proposal, ProposalStep
from records.compiled import compiled
from thai import calendar as thai_calendar

# -- what the records are (the OpenAPI schema is made from these) --------------------------


class PlanRefSerializer(serializers.ModelSerializer):
    """The published development plan a step adopted the proposal into."""

    class Meta:
        model = Plan
        fields = ["id", "kind", "title_th", "title_en", "first_year", "last_year"]
        extra_kwargs = {
            "first_year": {"help_text": "First year of the plan's period, Buddhist Era."},
            "last_year": {"help_text": "Last year of the plan's period, Buddhist Era."},
        }


class ProposalStepSerializer(serializers.ModelSerializer):
    plan = PlanRefSerializer(
        read_only=True,
        allow_null=True,
        help_text="For `adopted`: the plan, once it is published itself; otherwise null.",
    )
    amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="For `funded`: Thai baht, a string with two decimals.",
    )

    class Meta:
        model = ProposalStep
        fields = [
            "step",
            "taken_on",
            "note_th",
            "note_en",
            "plan",
            "plan_line_th",
            "amount",
            "funding_source_th",
        ]
        extra_kwargs = {
            "plan_line_th": {"help_text": "For `adopted`: the project or line in the plan."},
            "funding_source_th": {"help_text": "For `funded`: where the money comes from."},
        }


class ProposalListSerializer(serializers.ListSerializer):
    """A page of proposals, written out by proposal_records(): one query per relation."""

    def to_representation(self, data):
        return proposal_records(list(data))


# The fields below describe the record; proposal_records() writes it, value for value. (No
# docstring: the schema would publish it as the record's description.)
class ProposalSerializer(serializers.ModelSerializer):
    region = serializers.CharField(
        source="region.code",
        read_only=True,
        allow_null=True,
        help_text="Code of the CODI region; null for a national proposal.",
    )
    province = ProvinceRefSerializer(
        read_only=True, allow_null=True, help_text="null for a regional or national proposal."
    )
    district = AreaSerializer(read_only=True, allow_null=True)
    subdistrict = AreaSerializer(read_only=True, allow_null=True)
    proposed_by = OrganisationRefSerializer(many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    event = serializers.IntegerField(
        source="event_id",
        read_only=True,
        allow_null=True,
        help_text="id of the published event (/api/v1/events/) it came from, or null.",
    )
    status = serializers.ChoiceField(
        choices=Proposal.Status.choices,
        read_only=True,
        help_text="Its latest step; `drafted` while it has none.",
    )
    status_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="The date of that step; null while drafted."
    )
    steps = ProposalStepSerializer(many=True, read_only=True)
    agreements = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        help_text="ids of the published agreements that came of it (/api/v1/agreements/).",
    )
    allocations = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        help_text="ids of the public allocations that came of it (/api/v1/allocations/).",
    )
    # A plain string: the schema of a blank URLField ("a URI or empty") matches "" twice.
    source_url = serializers.CharField(
        read_only=True, help_text="Where the proposal was published, or an empty string."
    )

    class Meta:
        model = Proposal
        fields = [
            "id",
            "title_th",
            "title_en",
            "text_th",
            "text_en",
            "level",
            "region",
            "province",
            "district",
            "subdistrict",
            "proposed_by",
            "addressed_to",
            "addressed_to_name_th",
            "addressed_to_name_en",
            "proposed_on",
            "themes",
            "event",
            "status",
            "status_on",
            "steps",
            "agreements",
            "allocations",
            "source_url",
        ]
        list_serializer_class = ProposalListSerializer

    def to_representation(self, row):
        [record] = proposal_records([row])
        return record


class EventListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        return event_records(list(data))


class EventSerializer(serializers.ModelSerializer):
    venues_th = serializers.SerializerMethodField(help_text="One venue an item.")
    venues_en = serializers.SerializerMethodField()
    organiser = OrganisationRefSerializer(read_only=True, allow_null=True)
    region = serializers.CharField(
        source="region.code",
        read_only=True,
        allow_null=True,
        help_text="Code of the CODI region; null for a national event.",
    )
    province = ProvinceRefSerializer(read_only=True, allow_null=True)
    proposals = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        help_text="ids of the published proposals made there (/api/v1/proposals/).",
    )
    source_url = serializers.CharField(
        read_only=True, help_text="Where the event is documented, or an empty string."
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "kind",
            "title_th",
            "title_en",
            "starts_on",
            "ends_on",
            "venues_th",
            "venues_en",
            "organiser",
            "participants_th",
            "participants_en",
            "participant_count",
            "region",
            "province",
            "description_th",
            "description_en",
            "proposals",
            "source_url",
        ]
        list_serializer_class = EventListSerializer

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_venues_th(self, event):
        return lines(event.venue_th)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_venues_en(self, event):
        return lines(event.venue_en)

    def to_representation(self, row):
        [record] = event_records([row])
        return record


# -- the records, from rows ----------------------------------------------------------------

# What proposal_records() reads of a proposal itself.
PROPOSAL_COLUMNS = (
    "id",
    "title_th",
    "title_en",
    "text_th",
    "text_en",
    "level",
    "region__code",
    "province_id",
    "province__code",
    "province__slug",
    "province__name_th",
    "province__name_en",
    "district_id",
    "district__code",
    "district__name_th",
    "district__name_en",
    "subdistrict_id",
    "subdistrict__code",
    "subdistrict__name_th",
    "subdistrict__name_en",
    "addressed_to",
    "addressed_to_name_th",
    "addressed_to_name_en",
    "proposed_on",
    "event_id",
    "event__is_published",
    "status",
    "status_on",
    "source_url",
)

# The rows each relation is read as: a request only adds its proposals' ids (with .filter()).
PROPOSER_ROWS = Proposal.proposed_by.through.objects.order_by("pk").values_list(
    "proposal_id",
    "organisation_id",
    "organisation__name_th",
    "organisation__name_en",
    "organisation__kind",
)
THEME_ROWS = Proposal.themes.through.objects.order_by("theme__slug").values_list(
    "proposal_id", "theme__slug"
)
STEP_ROWS = ProposalStep.objects.order_by("taken_on", "pk").values_list(
    "proposal_id",
    "step",
    "taken_on",
    "note_th",
    "note_en",
    "plan_id",
    "plan__is_published",
    "plan__kind",
    "plan__title_th",
    "plan__title_en",
    "plan__first_year",
    "plan__last_year",
    "plan_line_th",
    "amount",
    "funding_source_th",
    named=True,
)
# Agreements and allocations that came of a proposal, public ones only, in one query.
AGREEMENT_LINKS = (
    Proposal.agreements.through.objects.filter(agreement__is_published=True)
    .annotate(kind=Value("agreements", output_field=CharField()))
    .values_list("proposal_id", "kind", "agreement_id")
)
ALLOCATION_LINKS = (
    Proposal.allocations.through.objects.filter(allocation__is_published=True)
    .filter(Q(allocation__agreement__isnull=True) | Q(allocation__agreement__is_published=True))
    .annotate(kind=Value("allocations", output_field=CharField()))
    .values_list("proposal_id", "kind", "allocation_id")
)


# The records' queries, each compiled once per process (records.compiled).
_proposer_rows = compiled(lambda ids: PROPOSER_ROWS.filter(proposal_id__in=ids))
_theme_rows = compiled(lambda ids: THEME_ROWS.filter(proposal_id__in=ids))
_step_rows = compiled(lambda ids: STEP_ROWS.filter(proposal_id__in=ids))
_link_rows = compiled(
    lambda ids: AGREEMENT_LINKS.filter(proposal_id__in=ids).union(
        ALLOCATION_LINKS.filter(proposal_id__in=ids), all=True
    )
)


def area(code, name_th, name_en):
    return {"code": code, "name_th": name_th, "name_en": name_en}


def proposal_records(rows):
    """The records of `rows` (published proposals, rows of PROPOSAL_COLUMNS), in their order:
    four queries whatever their number."""
    ids = [row.id for row in rows]
    if not ids:
        return []
    proposers = grouped(
        (proposal, {"id": pk, "name_th": name_th, "name_en": name_en, "kind": kind})
        for proposal, pk, name_th, name_en, kind in _proposer_rows.fetch(ids)
    )
    themes = grouped(_theme_rows.fetch(ids))
    steps = grouped((step.proposal_id, step_record(step)) for step in _step_rows.fetch(ids))
    links = {"agreements": grouped([]), "allocations": grouped([])}
    for proposal, kind, pk in _link_rows.fetch(ids):
        links[kind][proposal].append(pk)
    return [
        proposal_record(row, proposers, themes, steps, links["agreements"], links["allocations"])
        for row in rows
    ]


def proposal_record(row, proposers, themes, steps, agreements, allocations):
    pk = row.id
    return {
        "id": pk,
        "title_th": row.title_th,
        "title_en": row.title_en,
        "text_th": row.text_th,
        "text_en": row.text_en,
        "level": row.level,
        "region": row.region__code,
        "province": None
        if row.province_id is None
        else province_ref(
            row.province__code, row.province__slug, row.province__name_th, row.province__name_en
        ),
        "district": None
        if row.district_id is None
        else area(row.district__code, row.district__name_th, row.district__name_en),
        "subdistrict": None
        if row.subdistrict_id is None
        else area(row.subdistrict__code, row.subdistrict__name_th, row.subdistrict__name_en),
        "proposed_by": proposers.get(pk, []),
        "addressed_to": row.addressed_to,
        "addressed_to_name_th": row.addressed_to_name_th,
        "addressed_to_name_en": row.addressed_to_name_en,
        "proposed_on": iso(row.proposed_on),
        "themes": themes.get(pk, []),
        "event": row.event_id if row.event__is_published else None,
        "status": row.status,
        "status_on": iso(row.status_on),
        "steps": steps.get(pk, []),
        "agreements": sorted(agreements.get(pk, [])),
        "allocations": sorted(allocations.get(pk, [])),
        "source_url": row.source_url,
    }


def step_record(row):
    """A step as ProposalStepSerializer gives it, from a row of STEP_ROWS. Its evidence is
    not read at all (the module's docstring says why)."""
    plan = None
    if row.plan_id is not None and row.plan__is_published:
        plan = {
            "id": row.plan_id,
            "kind": row.plan__kind,
            "title_th": row.plan__title_th,
            "title_en": row.plan__title_en,
            "first_year": row.plan__first_year,
            "last_year": row.plan__last_year,
        }
    return {
        "step": row.step,
        "taken_on": iso(row.taken_on),
        "note_th": row.note_th,
        "note_en": row.note_en,
        "plan": plan,
        "plan_line_th": row.plan_line_th,
        "amount": money(row.amount),
        "funding_source_th": row.funding_source_th,
    }


# What event_records() reads of an event itself.
EVENT_COLUMNS = (
    "id",
    "kind",
    "title_th",
    "title_en",
    "starts_on",
    "ends_on",
    "venue_th",
    "venue_en",
    "organiser_id",
    "organiser__name_th",
    "organiser__name_en",
    "organiser__kind",
    "participants_th",
    "participants_en",
    "participant_count",
    "region__code",
    "province_id",
    "province__code",
    "province__slug",
    "province__name_th",
    "province__name_en",
    "description_th",
    "description_en",
    "source_url",
)


def lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def event_records(rows):
    """The records of `rows` (published events, rows of EVENT_COLUMNS) with the ids of their
    published proposals: one query."""
    proposals = grouped(
        Proposal.objects.published()
        .filter(event_id__in=[row.id for row in rows])
        .order_by("proposed_on", "pk")
        .values_list("event_id", "pk")
    )
    return [
        {
            "id": row.id,
            "kind": row.kind,
            "title_th": row.title_th,
            "title_en": row.title_en,
            "starts_on": iso(row.starts_on),
            "ends_on": iso(row.ends_on),
            "venues_th": lines(row.venue_th),
            "venues_en": lines(row.venue_en),
            "organiser": None
            if row.organiser_id is None
            else {
                "id": row.organiser_id,
                "name_th": row.organiser__name_th,
                "name_en": row.organiser__name_en,
                "kind": row.organiser__kind,
            },
            "participants_th": row.participants_th,
            "participants_en": row.participants_en,
            "participant_count": row.participant_count,
            "region": row.region__code,
            "province": None
            if row.province_id is None
            else province_ref(
                row.province__code,
                row.province__slug,
                row.province__name_th,
                row.province__name_en,
            ),
            "description_th": row.description_th,
            "description_en": row.description_en,
            "proposals": proposals.get(row.id, []),
            "source_url": row.source_url,
        }
        for row in rows
    ]


# -- filters and viewsets ------------------------------------------------------------------


# ProposalFilter serves the page /proposals/ too; these only describe what the schema cannot
# guess (the page's years are choices read from the data, which the schema would freeze; the
# API takes any year within the bounds codi_registry.openapi adds).
PROPOSAL_PARAMETERS = [
    OpenApiParameter(
        "q",
        str,
        description="Substring search (Thai works without spaces) in the titles and texts.",
    ),
    OpenApiParameter("region", str, description="Region code, e.g. NORTHEAST."),
    OpenApiParameter("province", str, description="Province slug, e.g. mukdahan."),
    OpenApiParameter("theme", str, description="Theme slug, e.g. housing."),
    OpenApiParameter("year", int, description="Year it was proposed, Buddhist Era, e.g. 2565."),
    OpenApiParameter("event", int, description="id of the published event it came from."),
]


@extend_schema_view(
    list=extend_schema(parameters=PROPOSAL_PARAMETERS),
    retrieve=extend_schema(
        description="One published proposal; 404 when it is unknown or not published."
    ),
)
class ProposalViewSet(UnfilteredCount, viewsets.ReadOnlyModelViewSet):
    """Published proposals of community organisation councils and networks, newest first,
    each with its dated steps (submitted, acknowledged, adopted into a plan, funded,
    implemented, or not adopted) and what came of it."""

    serializer_class = ProposalSerializer
    pagination_class = OpenDataPagination
    filterset_class = ProposalFilter
    unfiltered_count = staticmethod(published_proposal_total)

    def get_queryset(self):
        # In the order of the index proposal_list_order.
        return (
            Proposal.objects.published()
            .order_by("-proposed_on", "-pk")
            .values_list(*PROPOSAL_COLUMNS, named=True)
        )


class EventFilter(django_filters.FilterSet):
    region = region_filter("region")
    province = province_filter()
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices)
    # Bounded like a typed BE date (thai.calendar): year 0 would be 543 BCE, which no date holds.
    year = django_filters.NumberFilter(
        method="filter_year",
        help_text="Year it began, Buddhist Era, e.g. 2565.",
        min_value=2400,
        max_value=9999,
    )

    class Meta:
        model = Event
        fields = []

    def filter_year(self, queryset, name, value):
        return queryset.filter(starts_on__year=thai_calendar.ce_year(int(value)))


@extend_schema_view(
    retrieve=extend_schema(
        description="One published event; 404 when it is unknown or not published."
    ),
)
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Published forums and meetings where proposals were made, newest first, with the ids
    of their published proposals."""

    serializer_class = EventSerializer
    pagination_class = OpenDataPagination
    filterset_class = EventFilter

    def get_queryset(self):
        return (
            Event.objects.published()
            .order_by("-starts_on", "pk")
            .values_list(*EVENT_COLUMNS, named=True)
        )
