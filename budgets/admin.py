from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from geography.access import RegionScopedAdminMixin
from importing.admin import ImportPreviewAdminMixin
from records.history import ReadOnlyHistoryAdmin
from records.locking import VersionedAdminMixin

from .imports import AllocationResource
from .models import Allocation, Programme


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name_th", "name_en", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name_th", "name_en", "code"]
    prepopulated_fields = {"code": ["name_en"]}


@admin.register(Allocation)
class AllocationAdmin(
    ImportPreviewAdminMixin,
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
    ]
    list_filter = [
        "fiscal_year",
        "programme",
        ("province__region", admin.RelatedOnlyFieldListFilter),
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
        (None, {"fields": ["agreement", "recipient"]}),
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
