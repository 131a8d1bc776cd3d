from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from records.history import ReadOnlyHistoryAdmin
from thai.text import ThaiOrder

from .access import ScopedAutocompleteMixin
from .models import District, Province, Region, Subdistrict


@admin.register(Region)
class RegionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "name_th", "name_en", "sort_order", "province_count"]
    list_editable = ["sort_order"]
    search_fields = ["code", "name_th", "name_en"]
    filter_horizontal = ["staff"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(province_count=Count("provinces"))

    @admin.display(description=_("provinces"), ordering="province_count")
    def province_count(self, obj):
        return obj.province_count


@admin.register(Province)
class ProvinceAdmin(ScopedAutocompleteMixin, ReadOnlyHistoryAdmin):
    list_display = ["code", "name_th", "name_en", "region"]
    # Most province-to-office assignments are inferred: staff correct them straight from the list.
    list_editable = ["region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["code", "name_th", "name_en", "slug"]
    ordering = [ThaiOrder("name_th")]  # Thai dictionary order (on PostgreSQL), autocompletes too
    prepopulated_fields = {"slug": ["name_en"]}
    list_per_page = 100

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "region":
            # The editable list renders one region drop-down per province: read the five
            # regions once per request, not once per row.
            choices = getattr(request, "_region_choices", None)
            if choices is None:
                choices = request._region_choices = list(field.choices)
            field.choices = choices
        return field


@admin.register(District)
class DistrictAdmin(ScopedAutocompleteMixin, admin.ModelAdmin):
    autocomplete_region_path = "province__region"
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province__region"]
    list_select_related = ["province"]
    search_fields = ["code", "name_th", "name_en", "province__name_th"]
    autocomplete_fields = ["province"]


@admin.register(Subdistrict)
class SubdistrictAdmin(ScopedAutocompleteMixin, admin.ModelAdmin):
    autocomplete_region_path = "district__province__region"
    list_display = ["code", "name_th", "name_en", "district", "province_name"]
    list_filter = ["district__province__region"]
    list_select_related = ["district__province"]
    search_fields = ["code", "name_th", "name_en", "district__name_th"]
    autocomplete_fields = ["district"]

    @admin.display(description=_("province"), ordering="district__province__name_th")
    def province_name(self, obj):
        return obj.district.province
