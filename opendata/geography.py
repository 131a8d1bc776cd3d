"""Open-data API for CODI's regions and Thailand's provinces (reference data).

The agreements and budgets APIs import their pagination and their nested province from here:
geography is the app every other app already builds on.
"""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from rest_framework import pagination, serializers, viewsets
from rest_framework.exceptions import ValidationError

from geography.models import Province, Region
from records.paging import KnownCountPaginator


class OpenDataPagination(pagination.PageNumberPagination):
    """Pages of 50 rows; `page_size` asks for up to 500 (one year's allocations fit)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    # DRF also takes ?page=last; the schema says a page is a number, and so does the server.
    last_page_strings = ()
    django_paginator_class = KnownCountPaginator  # a search counted its matches already

    def get_page_size(self, request):
        """A `page_size` that is not a whole number from 1 is a 400, as the schema says (DRF
        would quietly answer the default size); one past the maximum gets the maximum."""
        asked = request.query_params.get(self.page_size_query_param)
        if asked is None:
            return self.page_size
        if not (asked.isascii() and asked.isdigit() and int(asked) >= 1):
            raise ValidationError({self.page_size_query_param: [_("Enter a whole number from 1.")]})
        return min(int(asked), self.max_page_size)

    def get_page_number(self, request, paginator):
        # DRF reads an empty `?page=` as the first page; it is no page number (a 404).
        return request.query_params.get(self.page_query_param, 1)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_query_param, self.page_size_query_param):
                parameter["schema"]["minimum"] = 1
        return parameters


class ProvinceRefSerializer(serializers.ModelSerializer):
    """A province as it appears inside another record (an agreement, an allocation)."""

    class Meta:
        model = Province
        fields = ["code", "slug", "name_th", "name_en"]


class ProvinceSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Province
        fields = ["code", "iso_code", "slug", "name_th", "name_en", "region"]

    def to_representation(self, row):
        """The fields above from a named row of ProvinceViewSet's queryset (opendata/rows.py
        says why)."""
        return {
            "code": row.code,
            "iso_code": row.iso_code,
            "slug": row.slug,
            "name_th": row.name_th,
            "name_en": row.name_en,
            "region": row.region__code,
        }


class RegionSerializer(serializers.ModelSerializer):
    provinces = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text="Codes of the provinces this regional office covers.",
    )

    class Meta:
        model = Region
        fields = ["code", "name_th", "name_en", "provinces"]

    def to_representation(self, region):
        """Reads region.provinces: prefetched, by code."""
        return {
            "code": region.code,
            "name_th": region.name_th,
            "name_en": region.name_en,
            "provinces": [province.code for province in region.provinces.all()],
        }


class ProvinceFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        field_name="region", to_field_name="code", queryset=Region.objects.all()
    )

    class Meta:
        model = Province
        fields = []


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    """Thailand's 77 provinces and the CODI regional office that covers each one."""

    serializer_class = ProvinceSerializer
    pagination_class = OpenDataPagination
    filterset_class = ProvinceFilter
    lookup_field = "slug"

    def get_queryset(self):
        return Province.objects.values_list(
            "code", "iso_code", "slug", "name_th", "name_en", "region__code", named=True
        )


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """CODI's five regional offices with the codes of the provinces each covers."""

    serializer_class = RegionSerializer
    pagination_class = None  # five rows
    lookup_field = "code"

    def get_queryset(self):
        return Region.objects.prefetch_related(
            Prefetch("provinces", queryset=Province.objects.order_by("code"))
        )
