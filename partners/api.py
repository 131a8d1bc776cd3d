"""Open-data API for the organisations that are party to, preside over or witness published
agreements, as on /partners/.

An organisation's record holds no personal data; the people who sign for it are Person records,
whose contact details never leave the staff side (agreements/api.py).
"""

from rest_framework import serializers, viewsets

from geography.api import OpenDataPagination, ProvinceRefSerializer

from .filters import PartnerFilter
from .models import Organisation


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
            "agreement_count",
        ]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations with a role in at least one published agreement, by Thai name.

    Filtered like the partners page: `q` (part of a name or short name), `kind`, `region`,
    `province`. Their agreements: /api/v1/agreements/?partner={id}.
    """

    serializer_class = OrganisationSerializer
    pagination_class = OpenDataPagination
    filterset_class = PartnerFilter

    def get_queryset(self):
        return Organisation.objects.public_partners().order_by("name_th", "pk")
