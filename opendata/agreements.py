"""Open-data API for published agreements.

What is public here is exactly what the public pages show: published agreements, their parties,
signatories' names and positions, clauses and duties, the districts they cover, renewals, public
attachments, published follow-up activities and allocations. People's contact details
(Person.email, phone, note) are personal data under Thailand's PDPA; no serializer below names
them, and the querysets do not even read them.
"""

from pathlib import Path

import django_filters
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets

from agreements.models import (
    Activity,
    Agreement,
    AgreementParty,
    Attachment,
    Responsibility,
)
from geography.filters import province_filter, region_filter
from opendata.agreement_records import (
    ACTIVITY_ROWS,
    ATTACHMENT_ROWS,
    COVERAGE_COLUMNS,
    DUTY_COLUMNS,
    IATI_ACTIVITY_STATUS,
    MEDIA_TYPES,
    OCDS_PARTY_ROLE,
    RENEWAL_COLUMNS,
    activity_record,
    agreement_records,
    attachment_record,
    attachment_url,
    coverage_records,
    duty_record,
    renewal_record,
)
from opendata.filters import FIRST_ID, LAST_ID, UnfilteredCount
from opendata.geography import OpenDataPagination, ProvinceRefSerializer
from partners.models import Organisation, Person
from thai import calendar as thai_calendar
from tracking.figures import CountedAgreementFilter, province_figures, published_agreement_total
from tracking.models import ProgressUpdate
from uploads.validators import SUFFIXES

Status = Agreement.Status
Role = AgreementParty.Role

# The same order for a duty, through its party.
ROLE_ORDER_OF_PARTY = Case(
    *(When(party__role=role, then=Value(rank)) for rank, role in enumerate(Role)),
    output_field=IntegerField(),
)

IATI_CHOICES = [
    ("1", "Pipeline/identification"),
    ("2", "Implementation"),
    ("4", "Closed"),
    ("5", "Cancelled"),
]


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name_th", "name_en", "kind"]


class SignatorySerializer(serializers.ModelSerializer):
    """A signatory's name as written on the document; never their contact details."""

    class Meta:
        model = Person
        fields = ["name_th", "name_en"]


class TextItemSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    text_th = serializers.CharField()
    text_en = serializers.CharField()


class ProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        source="progress_status", choices=ProgressUpdate.Status.choices
    )
    recorded_on = serializers.DateField(source="progress_on")
    note_th = serializers.CharField(source="progress_note_th")
    note_en = serializers.CharField(source="progress_note_en")


class ClauseSerializer(TextItemSerializer):
    progress = ProgressSerializer(
        allow_null=True,
        help_text="The latest progress recorded on this clause, or null when none was.",
    )


class PartySerializer(serializers.ModelSerializer):
    ocds_role = serializers.SerializerMethodField(
        help_text="The role in the OCDS partyRole code list, or null when it has none."
    )
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    signatory = SignatorySerializer(read_only=True, allow_null=True)
    responsibilities = TextItemSerializer(many=True, read_only=True)

    class Meta:
        model = AgreementParty
        fields = [
            "role",
            "ocds_role",
            "order",
            "organisation",
            "organisation_name_th",
            "organisation_name_en",
            "signatory",
            "signatory_title",
            "signatory_title_en",
            "responsibilities",
        ]
        extra_kwargs = {
            "organisation_name_th": {
                "help_text": "The organisation's name as written on the document; it stays "
                "when the organisation is later renamed or merged (empty for older entries "
                "and parties without an organisation)."
            },
            "organisation_name_en": {"help_text": "The same in English, or an empty string."},
        }

    @extend_schema_field(serializers.ChoiceField(choices=["otherWitness"], allow_null=True))
    def get_ocds_role(self, party):
        return OCDS_PARTY_ROLE[party.role]


class RelatedAgreementSerializer(serializers.ModelSerializer):
    """Another published agreement, as it appears inside a record."""

    class Meta:
        model = Agreement
        fields = ["id", "reference", "kind", "signed_on", "title_th", "title_en"]


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Code of the Department of Provincial Administration.")
    name_th = serializers.CharField()
    name_en = serializers.CharField()


class CoverageSerializer(serializers.Serializer):
    """Where an agreement applies besides its main province (read from the agreement itself)."""

    districts = AreaSerializer(many=True, read_only=True)
    subdistricts = AreaSerializer(many=True, read_only=True)


class AttachmentSerializer(serializers.ModelSerializer):
    agreement = serializers.PrimaryKeyRelatedField(read_only=True)
    activity = serializers.SerializerMethodField(
        help_text="id of the published follow-up activity it documents, or null."
    )
    media_type = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="Where the file is downloaded.")

    class Meta:
        model = Attachment
        fields = [
            "id",
            "agreement",
            "kind",
            "title_th",
            "title_en",
            "activity",
            "media_type",
            "url",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_activity(self, attachment):
        """Reads attachment.activity: select_related("activity")."""
        activity = attachment.activity
        return activity.pk if activity and activity.is_published else None

    @extend_schema_field(serializers.ChoiceField(choices=sorted(SUFFIXES)))
    def get_media_type(self, attachment):
        return MEDIA_TYPES[Path(attachment.file.name).suffix.lower()]

    @extend_schema_field(serializers.URLField())
    def get_url(self, attachment):
        return attachment_url(self.context.get("request"), attachment.pk)

    def to_representation(self, row):
        """The fields above from a row of ATTACHMENT_ROWS (opendata/rows.py says why)."""
        return attachment_record(row, self.context.get("request"))


class ActivitySerializer(serializers.ModelSerializer):
    agreement = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="id of its agreement; null when it has none."
    )
    province = ProvinceRefSerializer(read_only=True, help_text="Where it took place.")
    amount_handed_over = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="Thai baht, for a budget hand-over whose amount was made public.",
    )
    allocation = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="id of the allocation the money came from."
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "agreement",
            "kind",
            "title_th",
            "title_en",
            "description_th",
            "description_en",
            "starts_on",
            "ends_on",
            "province",
            "participants",
            "outcome_th",
            "outcome_en",
            "amount_handed_over",
            "allocation",
        ]

    def to_representation(self, row):
        """The fields above from a row of ACTIVITY_ROWS (opendata/rows.py says why)."""
        return activity_record(row)


class ProgrammeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_th = serializers.CharField()
    name_en = serializers.CharField()


class AgreementAllocationSerializer(serializers.Serializer):
    """An allocation given under the agreement (the full record is /api/v1/allocations/{id}/).

    A plain serializer: budgets builds on this app, so this app does not import its models.
    """

    id = serializers.IntegerField()
    province = serializers.CharField(source="province.code", help_text="Province code.")
    fiscal_year = serializers.IntegerField(help_text="Buddhist Era.")
    programme = ProgrammeSerializer()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Thai baht.")
    recipient = serializers.IntegerField(
        source="recipient_id", allow_null=True, help_text="id of the receiving organisation."
    )
    note = serializers.CharField(source="public_note")


class AgreementListSerializer(serializers.ListSerializer):
    """A page of agreements, written out by agreement_records(): one query per relation."""

    def to_representation(self, data):
        return agreement_records(list(data), self.context.get("request"))


# The fields below describe the record (the OpenAPI schema is made from them, the method fields'
# annotations included); agreement_records() writes it, value for value, without DRF's cost per
# field. (No docstring: the schema would publish it as the record's description.)
class AgreementSerializer(serializers.ModelSerializer):
    province = ProvinceRefSerializer(read_only=True)
    region = serializers.CharField(
        source="province.region.code", read_only=True, help_text="Code of the CODI region."
    )
    status = serializers.ChoiceField(
        source="status_code",
        choices=Status.choices,
        read_only=True,
        help_text="Derived from today's date (Asia/Bangkok) on every request; never stored.",
    )
    iati_activity_status = serializers.SerializerMethodField(
        help_text="The status in the IATI ActivityStatus code list."
    )
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    parties = PartySerializer(many=True, read_only=True)
    clauses = ClauseSerializer(many=True, read_only=True)
    coverage = CoverageSerializer(
        source="*", read_only=True, help_text="Districts and sub-districts the agreement covers."
    )
    renews = serializers.SerializerMethodField(
        help_text="The earlier published agreement this one renews or amends, or null."
    )
    renewals = RelatedAgreementSerializer(
        source="public_renewals",
        many=True,
        read_only=True,
        help_text="Later published agreements that renew or amend this one.",
    )
    attachments = AttachmentSerializer(source="public_attachments", many=True, read_only=True)
    activities = ActivitySerializer(source="public_activities", many=True, read_only=True)
    allocations = AgreementAllocationSerializer(many=True, read_only=True)
    # A plain string: the schema of a blank URLField ("a URI or empty") matches "" twice.
    source_url = serializers.CharField(
        read_only=True, help_text="Where the document was published, or an empty string."
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "reference",
            "kind",
            "title_th",
            "title_en",
            "summary_th",
            "summary_en",
            "signed_on",
            "venue_th",
            "venue_en",
            "province",
            "region",
            "starts_on",
            "ends_on",
            "terminated_on",
            "term_mode",
            "term_length",
            "term_unit",
            "term_fiscal_year",
            "status",
            "iati_activity_status",
            "themes",
            "parties",
            "clauses",
            "coverage",
            "renews",
            "renewals",
            "attachments",
            "activities",
            "allocations",
            "source_url",
        ]
        list_serializer_class = AgreementListSerializer

    def to_representation(self, instance):
        [record] = agreement_records([instance], self.context.get("request"))
        return record

    @extend_schema_field(serializers.ChoiceField(choices=IATI_CHOICES))
    def get_iati_activity_status(self, agreement):
        return IATI_ACTIVITY_STATUS[agreement.status_code]

    @extend_schema_field(RelatedAgreementSerializer(allow_null=True))
    def get_renews(self, agreement):
        """Reads agreement.renews: select_related("renews")."""
        earlier = agreement.renews
        if earlier is None or not earlier.is_published:
            return None
        return RelatedAgreementSerializer(earlier, context=self.context).data


# AgreementFilter serves the HTML page too; these only describe what the schema cannot guess.
FILTER_PARAMETERS = [
    OpenApiParameter(
        "q",
        str,
        description="Substring search (Thai works without spaces) in titles, summaries, venue, "
        "reference, clauses, duties, party organisations, signatories' names, budget programmes "
        "and published activities. Results come best match first: the phrase in a title, then "
        "the newest.",
    ),
    OpenApiParameter("region", str, description="Region code, e.g. NORTHEAST."),
    OpenApiParameter("province", str, description="Province slug, e.g. nakhon-ratchasima."),
    OpenApiParameter("theme", str, description="Theme slug, e.g. poverty."),
    OpenApiParameter("year", int, description="Year of signing, Buddhist Era, e.g. 2567."),
    OpenApiParameter(
        "partner", int, description="id of an organisation party to a published agreement."
    ),
]


class AgreementPagination(OpenDataPagination):
    """Pages of 10 agreements by default: each carries its parties, clauses and duties, so a
    page of 50 was some 300 KB. `page_size` still asks for up to 500."""

    page_size = 10


@extend_schema_view(
    list=extend_schema(parameters=FILTER_PARAMETERS),
    retrieve=extend_schema(
        description="One published agreement; 404 when it is unknown or not published."
    ),
)
class AgreementViewSet(UnfilteredCount, viewsets.ReadOnlyModelViewSet):
    """Published agreements, filtered with the same parameters as the public list page."""

    serializer_class = AgreementSerializer
    pagination_class = AgreementPagination
    filterset_class = CountedAgreementFilter
    unfiltered_count = staticmethod(published_agreement_total)

    def get_queryset(self):
        """Published only, with what agreement_records() reads of an agreement itself.

        Their status comes from the dates in Python (Agreement.status_on, the same rule as
        AgreementQuerySet.with_status): the database's `status_code` is asked for only by the
        status filter, which annotates it itself; compiled into every page's query, it cost a
        tenth of the answer's time.
        """
        return Agreement.objects.published().select_related("province__region")


def published_activity_total():
    """How many activities are public, from the stored province figures (each counts where its
    agreement is, or where it was held): 77 rows, not a COUNT over every activity."""
    return sum(row.followups for row in province_figures(timezone.localdate()))


def id_filter(field_name, help_text):
    """?<name>=<id>: a number the database can compare, else a 400 naming the parameter (an id
    past 64 bits overflows the database driver instead of finding nothing)."""
    return django_filters.NumberFilter(
        field_name=field_name, help_text=help_text, min_value=FIRST_ID, max_value=LAST_ID
    )


class AgreementChildFilter(django_filters.FilterSet):
    """?agreement=<id>, ?province=<slug>, ?region=<code>: shared by the lists below."""

    agreement = id_filter("agreement", "id of a published agreement.")
    province = province_filter("agreement__province")
    region = region_filter("agreement__province__region")


class ActivityFilter(AgreementChildFilter):
    # An activity without an agreement belongs to the province where it was held.
    province = province_filter()
    region = region_filter()
    kind = django_filters.ChoiceFilter(choices=Activity.Kind.choices)
    # Bounded like a typed BE date (thai.calendar): year 0 would be 543 BCE, which no date holds.
    year = django_filters.NumberFilter(
        method="filter_year",
        help_text="Year it took place, Buddhist Era, e.g. 2567.",
        min_value=2400,
        max_value=9999,
    )

    class Meta:
        model = Activity
        fields = []

    def filter_year(self, queryset, name, value):
        return queryset.filter(starts_on__year=thai_calendar.ce_year(int(value)))


class ActivityViewSet(UnfilteredCount, viewsets.ReadOnlyModelViewSet):
    """Published follow-up activities (trainings, visits, budget hand-overs, reviews, meetings)
    of published agreements, and those tied to no agreement, oldest first."""

    serializer_class = ActivitySerializer
    pagination_class = OpenDataPagination
    filterset_class = ActivityFilter
    unfiltered_count = staticmethod(published_activity_total)

    def get_queryset(self):
        return ACTIVITY_ROWS.published()


class AttachmentFilter(AgreementChildFilter):
    kind = django_filters.ChoiceFilter(choices=Attachment.Kind.choices)

    class Meta:
        model = Attachment
        fields = []


class AttachmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Public documents and photos of published agreements: what they are and where to
    download them. Private attachments are not listed and their ids answer 404."""

    serializer_class = AttachmentSerializer
    pagination_class = OpenDataPagination
    filterset_class = AttachmentFilter

    def get_queryset(self):
        return ATTACHMENT_ROWS.public().order_by("agreement_id", "kind", "pk")


class DutyPartySerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    signatory = SignatorySerializer(read_only=True, allow_null=True)

    class Meta:
        model = AgreementParty
        fields = ["role", "order", "organisation", "signatory"]


class DutySerializer(serializers.ModelSerializer):
    agreement = serializers.IntegerField(source="party.agreement_id", read_only=True)
    party = DutyPartySerializer(read_only=True)
    progress = serializers.SerializerMethodField(
        help_text="The latest progress recorded on this duty, or null when none was."
    )

    class Meta:
        model = Responsibility
        fields = ["id", "agreement", "party", "order", "text_th", "text_en", "progress"]

    @extend_schema_field(ProgressSerializer(allow_null=True))
    def get_progress(self, duty):
        """Reads the stored current progress (CommitmentQuerySet.with_progress)."""
        if not duty.progress_status:
            return None
        return ProgressSerializer(duty).data

    def to_representation(self, row):
        """The fields above from a row of DUTY_COLUMNS (opendata/rows.py says why)."""
        return duty_record(row)


class DutyFilter(django_filters.FilterSet):
    agreement = id_filter("party__agreement", "id of a published agreement.")
    organisation = id_filter("party__organisation", "id of the organisation that owes the duty.")
    province = province_filter("party__agreement__province")
    region = region_filter("party__agreement__province__region")

    class Meta:
        model = Responsibility
        fields = []


class DutyViewSet(viewsets.ReadOnlyModelViewSet):
    """What each party to a published agreement undertook to do, with its latest progress."""

    serializer_class = DutySerializer
    pagination_class = OpenDataPagination
    filterset_class = DutyFilter

    def get_queryset(self):
        return (
            Responsibility.objects.filter(party__agreement__is_published=True)
            .with_progress()
            .order_by(
                "-party__agreement__signed_on",
                "party__agreement_id",
                ROLE_ORDER_OF_PARTY,
                "party__order",
                "party_id",
                "order",
                "pk",
            )
            .values_list(*DUTY_COLUMNS, named=True)
        )


class CoverageListSerializer(serializers.ListSerializer):
    """A page of coverage rows, written out by coverage_records(): one query for their areas."""

    def to_representation(self, data):
        return coverage_records(list(data))


class CoverageRowSerializer(serializers.ModelSerializer):
    """One published agreement and the areas it covers."""

    province = ProvinceRefSerializer(read_only=True)
    region = serializers.CharField(source="province.region.code", read_only=True)
    districts = AreaSerializer(many=True, read_only=True)
    subdistricts = AreaSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "reference", "province", "region", "districts", "subdistricts"]
        list_serializer_class = CoverageListSerializer

    def to_representation(self, row):
        """The fields above from a row of COVERAGE_COLUMNS (opendata/rows.py says why)."""
        [record] = coverage_records([row])
        return record


class CoverageFilter(django_filters.FilterSet):
    province = province_filter()
    region = region_filter()
    district = django_filters.CharFilter(
        method="filter_district",
        help_text="District code, e.g. 3001; also matches agreements "
        "covering one of its sub-districts.",
    )

    class Meta:
        model = Agreement
        fields = []

    def filter_district(self, queryset, name, value):
        return queryset.filter(
            Q(districts__code=value) | Q(subdistricts__district__code=value)
        ).distinct()


class CoverageViewSet(UnfilteredCount, viewsets.ReadOnlyModelViewSet):
    """Where each published agreement applies: its main province and the districts and
    sub-districts it names (both lists are empty when it covers the whole province)."""

    serializer_class = CoverageRowSerializer
    pagination_class = OpenDataPagination
    filterset_class = CoverageFilter
    unfiltered_count = staticmethod(published_agreement_total)

    def get_queryset(self):
        return Agreement.objects.published().values_list(*COVERAGE_COLUMNS, named=True)


class RenewalSerializer(serializers.ModelSerializer):
    """A published agreement that renews or amends an earlier published one."""

    agreement = RelatedAgreementSerializer(source="*", read_only=True, help_text="The later one.")
    renews = RelatedAgreementSerializer(read_only=True, help_text="The earlier one.")

    class Meta:
        model = Agreement
        fields = ["id", "agreement", "renews"]

    def to_representation(self, row):
        """The fields above from a row of RENEWAL_COLUMNS (opendata/rows.py says why)."""
        return renewal_record(row)


class RenewalViewSet(viewsets.ReadOnlyModelViewSet):
    """Renewals and amendments between published agreements; `id` is the later agreement's."""

    serializer_class = RenewalSerializer
    pagination_class = OpenDataPagination

    def get_queryset(self):
        # "renews is not null" said outright lets the database start from the index of
        # renews_id (the few agreements that renew one), not join every agreement to another.
        return (
            Agreement.objects.published()
            .filter(renews__isnull=False, renews__is_published=True)
            .order_by("-signed_on", "reference")
            .values_list(*RENEWAL_COLUMNS, named=True)
        )
