"""Proposals, their steps, events, plans and the provinces' ways of working, in the admin.

Region-scoped as everything else (geography.access), and reviewed before the public sees
them (records.publication): a save by regional staff, of a proposal or of its steps on the
proposal's page, hides the proposal until a publisher publishes it. National records (no
province) are central staff's.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.admin import ThaiDatesMixin
from agreements.review_admin import ReviewedRecordAdminMixin
from geography.access import (
    RegionListFilter,
    RegionScopedAdminMixin,
    regions_of,
    sees_all_regions,
)
from records.history import ReadOnlyHistoryAdmin
from thai.calendar import local_date

from .models import DistrictCouncil, Event, Plan, Proposal, ProposalStep, ProvinceWorkingMode

TEXTAREA = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}


class NationalNeedsCentralStaffMixin:
    """A record without a province is national: only staff of every region keep one. Regional
    staff are told to give their province, instead of saving a record they could not see."""

    area_fields = ("province",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if sees_all_regions(request.user):
            return form
        area_fields = self.area_fields

        class RegionalForm(form):
            def clean(self):
                cleaned = super().clean()
                if not any(cleaned.get(name) for name in area_fields if name in self.fields):
                    raise ValidationError(
                        _(
                            "Give the province (or a smaller area) of your region; national "
                            "records are entered by central staff."
                        )
                    )
                return cleaned

        return RegionalForm


class ReviewedAdmin(
    ReviewedRecordAdminMixin, RegionScopedAdminMixin, ThaiDatesMixin, ReadOnlyHistoryAdmin
):
    formfield_overrides = {**ThaiDatesMixin.formfield_overrides, **TEXTAREA}
    actions = ["publish_records"]


@admin.register(Event)
class EventAdmin(NationalNeedsCentralStaffMixin, ReviewedAdmin):
    region_path = "region"
    list_display = ["title_th", "kind", "date", "province", "organiser", "publication"]
    list_filter = ["kind", ("region", RegionListFilter)]
    search_fields = ["title_th", "title_en", "venue_th"]
    autocomplete_fields = ["organiser", "province"]
    date_hierarchy = "starts_on"
    fields = [
        "kind",
        "title_th",
        "title_en",
        ("starts_on", "ends_on"),
        "venue_th",
        "venue_en",
        "organiser",
        "participants_th",
        "participants_en",
        "participant_count",
        "province",
        "description_th",
        "description_en",
        "source_url",
        "is_published",
    ]

    def save_model(self, request, obj, form, change):
        obj.region = obj.province.region if obj.province_id else None
        super().save_model(request, obj, form, change)

    @admin.display(description=_("date"), ordering="starts_on")
    def date(self, obj):
        return local_date(obj.starts_on, short=True)


@admin.register(Plan)
class PlanAdmin(ReviewedAdmin):
    list_display = ["title_th", "kind", "province", "period", "publication"]
    list_filter = ["kind", ("province__region", RegionListFilter)]
    search_fields = ["title_th", "title_en", "province__name_th"]
    autocomplete_fields = ["province", "subdistrict"]
    fields = [
        "kind",
        "title_th",
        "title_en",
        "province",
        "subdistrict",
        ("first_year", "last_year"),
        "source_url",
        "is_published",
    ]

    @admin.display(description=_("period (BE)"))
    def period(self, obj):
        return obj.period


class ProposalStepInline(ThaiDatesMixin, admin.StackedInline):
    """The proposal's steps, recorded on its page as commitments' progress is on theirs."""

    model = ProposalStep
    extra = 0
    formfield_overrides = {**ThaiDatesMixin.formfield_overrides, **TEXTAREA}
    autocomplete_fields = ["plan"]
    fields = [
        ("step", "taken_on"),
        "note_th",
        "note_en",
        ("plan", "plan_line_th"),
        ("amount", "funding_source_th"),
        ("evidence", "evidence_is_public"),
    ]


@admin.register(Proposal)
class ProposalAdmin(NationalNeedsCentralStaffMixin, ReviewedAdmin):
    region_path = "region"
    area_fields = ("region", "province", "district", "subdistrict")
    list_display = [
        "title_th",
        "level",
        "province",
        "date",
        "status",
        "publication",
    ]
    list_filter = ["level", "status", ("region", RegionListFilter)]
    list_select_related = ["province"]
    search_fields = ["title_th", "title_en", "text_th", "addressed_to_name_th"]
    autocomplete_fields = [
        "province",
        "district",
        "subdistrict",
        "proposed_by",
        "event",
        "agreements",
        "allocations",
    ]
    date_hierarchy = "proposed_on"
    inlines = [ProposalStepInline]
    readonly_fields = ["status", "status_on"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title_th",
                    "title_en",
                    "text_th",
                    "text_en",
                    "level",
                    "region",
                    ("province", "district", "subdistrict"),
                    "proposed_by",
                    ("addressed_to", "addressed_to_name_th"),
                    "addressed_to_name_en",
                    "proposed_on",
                    "event",
                    "themes",
                    ("status", "status_on"),
                    "is_published",
                ]
            },
        ),
        (
            _("What came of it"),
            {"fields": ["agreements", "allocations", "source_url"]},
        ),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "themes":
            kwargs["widget"] = forms.CheckboxSelectMultiple  # as on the agreement's form
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "region" and not sees_all_regions(request.user):
            formfield.queryset = formfield.queryset.filter(pk__in=regions_of(request.user))
        return formfield

    @admin.display(description=_("date"), ordering="proposed_on")
    def date(self, obj):
        return local_date(obj.proposed_on, short=True)


@admin.register(ProvinceWorkingMode)
class ProvinceWorkingModeAdmin(ReviewedAdmin):
    list_display = [
        "province",
        "mode",
        "agreed",
        "has_provincial_council",
        "has_working_team",
        "publication",
    ]
    list_filter = ["mode", ("province__region", RegionListFilter)]
    search_fields = ["province__name_th", "province__name_en"]
    autocomplete_fields = ["province"]
    fields = [
        "province",
        "mode",
        "agreed_on",
        "has_provincial_council",
        "has_working_team",
        "note_th",
        "note_en",
        "is_published",
    ]

    @admin.display(description=_("agreed on"), ordering="agreed_on")
    def agreed(self, obj):
        return local_date(obj.agreed_on, short=True)


@admin.register(DistrictCouncil)
class DistrictCouncilAdmin(ReviewedAdmin):
    region_path = "district__province__region"
    list_display = ["district", "province", "established", "publication"]
    list_filter = [("district__province__region", RegionListFilter)]
    search_fields = ["district__name_th", "district__name_en", "district__province__name_th"]
    autocomplete_fields = ["district"]
    fields = ["district", "established_on", "note_th", "note_en", "is_published"]

    @admin.display(description=_("province"))
    def province(self, obj):
        return obj.district.province

    @admin.display(description=_("established on"), ordering="established_on")
    def established(self, obj):
        return local_date(obj.established_on, short=True) if obj.established_on else "—"
