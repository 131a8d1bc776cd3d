"""Open-data API for the organisations that are party to, preside over or witness published
agreements, as on /partners/.

An organisation's record holds no personal data; the people who sign for it are Person records,
whose contact details never leave the staff side (opendata/agreements.py).
"""

from django.http import Http404, HttpResponsePermanentRedirect
from rest_framework import serializers, viewsets
from rest_framework.reverse import reverse

from opendata.geography import OpenDataPagination, ProvinceRefSerializer
from opendata.rows import iso, province_ref
from partners.filters import PartnerFilter
from partners.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    province = ProvinceRefSerializer(
        read_only=True, allow_null=True, help_text="null for a national body."
    )
    parent = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="id of the organisation this one is part of."
    )
    # A plain string: the schema of a blank URLField ("a URI or empty") matches "" twice.
    website = serializers.CharField(
        read_only=True, help_text="The organisation's web address, or an empty string."
    )
    successor = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="id of the organisation this one is now known as (renamed), or null.",
    )
    agreement_count = serializers.IntegerField(
        read_only=True, help_text="How many published agreements it has a role in."
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name_th",
            "name_en",
            "short_name_th",
            "short_name_en",
            "kind",
            "province",
            "parent",
            "website",
            "successor",
            "successor_since",
            "agreement_count",
        ]

    def to_representation(self, row):
        """The fields above from a row of ORGANISATION_COLUMNS (opendata/rows.py says why)."""
        return {
            "id": row.id,
            "name_th": row.name_th,
            "name_en": row.name_en,
            "short_name_th": row.short_name_th,
            "short_name_en": row.short_name_en,
            "kind": row.kind,
            "province": None
            if row.province_id is None
            else province_ref(
                row.province__code,
                row.province__slug,
                row.province__name_th,
                row.province__name_en,
            ),
            "parent": row.parent_id,
            "website": row.website,
            "successor": row.successor_id,
            "successor_since": iso(row.successor_since),
            "agreement_count": row.agreement_count,
        }


# What OrganisationSerializer writes out, a named row per organisation.
ORGANISATION_COLUMNS = (
    "id",
    "name_th",
    "name_en",
    "short_name_th",
    "short_name_en",
    "kind",
    "province_id",
    "province__code",
    "province__slug",
    "province__name_th",
    "province__name_en",
    "parent_id",
    "website",
    "successor_id",
    "successor_since",
    "agreement_count",
)


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations with a role in at least one published agreement, by Thai name.

    Filtered like the partners page: `q` (part of a name or short name), `kind`, `region`,
    `province`. Their agreements: /api/v1/agreements/?partner={id}.
    """

    serializer_class = OrganisationSerializer
    pagination_class = OpenDataPagination
    filterset_class = PartnerFilter

    def get_queryset(self):
        return (
            Organisation.objects.public_partners()
            .order_by("name_th", "pk")
            .values_list(*ORGANISATION_COLUMNS, named=True)
        )

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            # A record merged into another: its id leads to the kept record for good.
            alias = Organisation.objects.merged_alias(kwargs.get("pk", ""))
            if alias is None:
                raise
            kept = alias.current()
            return HttpResponsePermanentRedirect(
                reverse("api:organisation-detail", kwargs={"pk": kept.pk}, request=request)
            )
