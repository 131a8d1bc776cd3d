from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.review_admin import ReviewedRecordAdminMixin
from geography.access import RegionListFilter, RegionScopedAdminMixin, regions_of, sees_all_regions
from geography.models import Province
from importing.admin import ImportPreviewAdminMixin
from records.history import ReadOnlyHistoryAdmin
from records.locking import VersionedAdminMixin
from thai.calendar import fiscal_year_label

from .filters import fiscal_years
from .imports import AllocationResource
from .models import Allocation, Programme


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name_th", "name_en", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name_th", "name_en", "code"]
    prepopulated_fields = {"code": ["name_en"]}


class FiscalYearListFilter(admin.SimpleListFilter):
    """Fiscal year (BE) of the allocations the user may see, one index entry per year
    (budgets.filters.fiscal_years), where the default filter lists DISTINCT years of every
    allocation."""

    title = _("fiscal year")
    parameter_name = "fiscal_year"

    def lookups(self, request, model_admin):
        provinces = None
        if not sees_all_regions(request.user):
            provinces = list(
                Province.objects.filter(region__in=regions_of(request.user)).values_list(
                    "pk", flat=True
                )
            )
        years = fiscal_years(published=False, provinces=provinces)
        return [(str(year), fiscal_year_label(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(fiscal_year=int(value))
        return queryset


@admin.register(Allocation)
class AllocationAdmin(
    ImportPreviewAdminMixin,
    ReviewedRecordAdminMixin,
    VersionedAdminMixin,
    RegionScopedAdminMixin,
    ReadOnlyHistoryAdmin,
):
    resource_classes = [AllocationResource]
    list_display = [
        "province",
        "region",
        "fiscal_year",
        "programme",
        "amount_display",
        "agreement",
        "recipient",
        "publication",
    ]
    actions = ["publish_records"]
    # The newest years first from the index allocation_newest, where the default order (by
    # province name) sorts every allocation for each page.
    ordering = ["-fiscal_year", "-pk"]
    list_filter = [
        FiscalYearListFilter,
        "programme",
        ("province__region", RegionListFilter),
    ]
    list_select_related = ["province__region", "programme", "agreement", "recipient"]
    search_fields = [
        "province__name_th",
        "province__name_en",
        "agreement__reference",
        "public_note",
        "staff_note",
    ]
    autocomplete_fields = ["province", "agreement", "recipient"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}
    fieldsets = [
        (None, {"fields": ["province", "fiscal_year", "programme", "amount"]}),
        (None, {"fields": ["agreement", "recipient", "is_published"]}),
        (
            _("Notes"),
            {
                "fields": ["public_note", "staff_note"],
                "description": _(
                    "The public note is published with the allocation; the staff note is not."
                ),
            },
        ),
    ]

    @admin.display(description=_("region"), ordering="province__region__sort_order")
    def region(self, obj):
        return obj.province.region

    @admin.display(description=_("amount (THB)"), ordering="amount")
    def amount_display(self, obj):
        return f"{obj.amount:,.2f}"
