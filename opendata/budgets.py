"""Open-data API for budget allocations: published ones only, as on the budget page."""

from django.db.models import Sum
from rest_framework import serializers, viewsets

from agreements.models import Agreement
from budgets.filters import AllocationFilter
from budgets.models import Allocation, BudgetTotal, Programme
from opendata.filters import OpenDataFilterBackend, filter_or_refuse
from opendata.geography import OpenDataPagination, ProvinceRefSerializer
from opendata.rows import money, province_ref
from partners.models import Organisation


class ProgrammeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["code", "name_th", "name_en"]


class AgreementRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "reference"]


class RecipientSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name_th", "name_en"]


class AllocationSerializer(serializers.ModelSerializer):
    province = ProvinceRefSerializer(read_only=True)
    region = serializers.CharField(
        source="province.region.code", read_only=True, help_text="Code of the CODI region."
    )
    programme = ProgrammeRefSerializer(read_only=True)
    # A string with two decimals ("468690.00"): a JSON number could lose the satang.
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, help_text="Thai baht."
    )
    agreement = AgreementRefSerializer(
        read_only=True, allow_null=True, help_text="The published agreement it was given under."
    )
    recipient = RecipientSerializer(read_only=True, allow_null=True)
    note = serializers.CharField(
        source="public_note",
        read_only=True,
        help_text="The allocation's public note; often empty. Staff notes are never published.",
    )
    # The money trail (contract): amounts only; finance and bank references never leave the
    # admin.
    transferred_amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        read_only=True,
        help_text="Thai baht transferred to the recipient so far.",
    )
    reported_amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        read_only=True,
        help_text="Thai baht the recipient reported spent (spending reports received).",
    )
    returned_amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        read_only=True,
        help_text="Thai baht of unspent money the recipient returned.",
    )

    class Meta:
        model = Allocation
        fields = [
            "id",
            "province",
            "region",
            "fiscal_year",
            "programme",
            "amount",
            "agreement",
            "recipient",
            "note",
            "transferred_amount",
            "reported_amount",
            "returned_amount",
        ]

    def to_representation(self, row):
        """The fields above from a row of ALLOCATION_COLUMNS (opendata/rows.py says why)."""
        return {
            "id": row.id,
            "province": province_ref(
                row.province__code,
                row.province__slug,
                row.province__name_th,
                row.province__name_en,
            ),
            "region": row.province__region__code,
            "fiscal_year": row.fiscal_year,
            "programme": {
                "code": row.programme__code,
                "name_th": row.programme__name_th,
                "name_en": row.programme__name_en,
            },
            "amount": money(row.amount),
            "agreement": None
            if row.agreement_id is None
            else {"id": row.agreement_id, "reference": row.agreement__reference},
            "recipient": None
            if row.recipient_id is None
            else {
                "id": row.recipient_id,
                "name_th": row.recipient__name_th,
                "name_en": row.recipient__name_en,
            },
            "note": row.public_note,
            "transferred_amount": money(row.transferred_amount),
            "reported_amount": money(row.reported_amount),
            "returned_amount": money(row.returned_amount),
        }


# What AllocationSerializer writes out, a named row per allocation.
ALLOCATION_COLUMNS = (
    "id",
    "province__code",
    "province__slug",
    "province__name_th",
    "province__name_en",
    "province__region__code",
    "fiscal_year",
    "programme__code",
    "programme__name_th",
    "programme__name_en",
    "amount",
    "agreement_id",
    "agreement__reference",
    "recipient_id",
    "recipient__name_th",
    "recipient__name_en",
    "public_note",
    "transferred_amount",
    "reported_amount",
    "returned_amount",
)


class AllocationViewSet(viewsets.ReadOnlyModelViewSet):
    """Budget allocations by province, fiscal year (BE) and programme.

    Only allocations tied to no agreement or to a published one, like the budget page.
    """

    serializer_class = AllocationSerializer
    pagination_class = OpenDataPagination
    filterset_class = AllocationFilter

    def get_queryset(self):
        # Ordered by the index allocation_list_order (ids, not names, after the year).
        return (
            Allocation.objects.published()
            .order_by("-fiscal_year", "province_id", "programme_id", "pk")
            .values_list(*ALLOCATION_COLUMNS, named=True)
        )

    def filter_queryset(self, queryset):
        """The filters, and how many allocations they leave from the derived totals
        (budgets/totals.py), to which the same validated filters apply: no COUNT over the
        allocations (records.paging.KnownCountPaginator), asked only when a page is counted."""
        filterset = OpenDataFilterBackend().get_filterset(self.request, queryset, self)
        filtered = filter_or_refuse(filterset)
        if filterset.errors:
            return filtered  # a value that names nothing: an empty list, nothing to count

        def count():
            totals = filterset.filter_queryset(BudgetTotal.objects.all())
            return totals.aggregate(n=Sum("allocations"))["n"] or 0

        filtered.found_count = count
        return filtered
