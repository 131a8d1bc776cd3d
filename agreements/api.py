"""Open-data API for published agreements.

What is public here is exactly what the public pages show: published agreements, their parties,
signatories' names and positions, clauses and duties. People's contact details (Person.email,
phone, note) are personal data under Thailand's PDPA; no serializer below names them, and the
queryset does not even read them.
"""

from django.db.models import Case, IntegerField, Prefetch, Value, When
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets

from geography.api import OpenDataPagination, ProvinceRefSerializer
from partners.models import Organisation, Person

from .filters import AgreementFilter
from .models import Agreement, AgreementParty, Responsibility, ScopeClause, Theme

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
ROLE_ORDER = Case(
    *(When(role=role, then=Value(rank)) for rank, role in enumerate(Role)),
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
            "signatory",
            "signatory_title",
            "signatory_title_en",
            "responsibilities",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=["otherWitness"], allow_null=True))
    def get_ocds_role(self, party):
        return OCDS_PARTY_ROLE[party.role]


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
    clauses = TextItemSerializer(many=True, read_only=True)

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
            "status",
            "iati_activity_status",
            "themes",
            "parties",
            "clauses",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=IATI_CHOICES))
    def get_iati_activity_status(self, agreement):
        return IATI_ACTIVITY_STATUS[agreement.status_code]


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


@extend_schema_view(
    list=extend_schema(parameters=FILTER_PARAMETERS),
    retrieve=extend_schema(
        description="One published agreement; 404 when it is unknown or not published."
    ),
)
class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    """Published agreements, filtered with the same parameters as the public list page."""

    serializer_class = AgreementSerializer
    pagination_class = OpenDataPagination
    filterset_class = AgreementFilter

    def get_queryset(self):
        """Published only, annotated with `status_code` (AgreementFilter's status needs it).

        Prefetches every relation the serializer reads, so a page costs the same number of
        queries whatever its length; the signatories' contact columns are never loaded.
        """
        parties = (
            AgreementParty.objects.select_related("organisation", "signatory")
            .defer("signatory__email", "signatory__phone", "signatory__note")
            .prefetch_related(
                Prefetch(
                    "responsibilities", queryset=Responsibility.objects.order_by("order", "pk")
                )
            )
            .order_by(ROLE_ORDER, "order", "pk")
        )
        return (
            Agreement.objects.published()
            .with_status()
            .select_related("province__region")
            .prefetch_related(
                Prefetch("themes", queryset=Theme.objects.order_by("slug")),
                Prefetch("parties", queryset=parties),
                Prefetch("clauses", queryset=ScopeClause.objects.order_by("order", "pk")),
            )
        )
