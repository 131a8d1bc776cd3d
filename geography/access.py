"""Who may see and change which region's records.

Regional staff (members of Region.staff) work on the records whose province lies in one of their
regions; central staff (the `geography.access_all_regions` permission) and superusers work on
all of them. Organisations and people are shared reference data and are not scoped.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext

from thai.text import sort_key

from .models import Region

ALL_REGIONS_PERMISSION = "geography.access_all_regions"

# The two staff groups, created with their permissions by migration 0004_staff_groups.
REGIONAL_STAFF_GROUP = "Regional staff"
CENTRAL_STAFF_GROUP = "Central staff"


def sees_all_regions(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(ALL_REGIONS_PERMISSION))


def regions_of(user):
    """The ids of the regions a user works for (cached on the user for one request); none for
    a visitor who is not logged in."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_region_ids"):
        user._region_ids = list(Region.objects.filter(staff=user).values_list("pk", flat=True))
    return user._region_ids


def province_choice_help(user):
    """What a province field says to `user` about the provinces it offers: the names of their
    regions, or that every region's are offered (cached on the user for one request)."""
    if sees_all_regions(user):
        return gettext("Provinces of: every region.")
    if not hasattr(user, "_region_names"):
        user._region_names = [str(r) for r in Region.objects.filter(pk__in=regions_of(user))]
    return gettext("Only provinces of: %(regions)s.") % {
        "regions": ", ".join(user._region_names) or "—"
    }


def scope(queryset, user, region_path):
    """`queryset` limited to what `user` may see; `region_path` leads from its model to Region.

    A tuple of paths is for a model that reaches its region one way or another (a progress
    update is about a scope clause or about a party's duty): a row is seen when one path leads
    to one of the user's regions. A visitor who is not logged in sees nothing.
    """
    if not user.is_authenticated:
        return queryset.none()
    if sees_all_regions(user):
        return queryset
    paths = (region_path,) if isinstance(region_path, str) else region_path
    regions = regions_of(user)
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path}__in": regions})
    return queryset.filter(condition)


class RegionScopedAdminMixin:
    """For ModelAdmins and inlines of records that belong to a region through their province.

    - the changelist, change/delete/history views, actions and exports see only the user's
      regions (everything reads get_queryset);
    - an existing object of another region answers 403, never a page with its data;
    - foreign keys to provinces, districts, sub-districts and agreements offer, and accept,
      only the user's regions, so a POST naming another region's province is refused.
    """

    region_path = "province__region"  # or a tuple of paths (see scope())
    # The changelist counts the rows the user may see; counting every row of the table as
    # well ("of 20,000 in all") costs a second full COUNT at national scale.
    show_full_result_count = False
    # Foreign key name -> path from the related model to Region.
    scoped_relations = {
        "province": "region",
        "agreement": "province__region",
        "renews": "province__region",
    }
    scoped_many_to_many = {
        "districts": "province__region",
        "subdistricts": "district__province__region",
    }

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if getattr(self, "parent_model", None) is None:  # inlines follow their parent
            queryset = scope(queryset, request.user, self.region_path)
        return queryset

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not sees_all_regions(request.user):
            field = self.model._meta.get_field(from_field) if from_field else self.model._meta.pk
            try:
                exists = self.model._default_manager.filter(
                    **{field.name: field.to_python(object_id)}
                ).exists()
            except Exception:  # a malformed id is simply not found
                exists = False
            if exists:
                raise PermissionDenied
        return obj

    def _in_scope(self, request, obj):
        if obj is None or sees_all_regions(request.user) or getattr(self, "parent_model", None):
            return True
        return scope(
            type(obj)._default_manager.filter(pk=obj.pk), request.user, self.region_path
        ).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = self.scoped_relations.get(db_field.name)
        if path and not sees_all_regions(request.user):
            related = db_field.remote_field.model
            kwargs["queryset"] = scope(related._default_manager.all(), request.user, path)
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and db_field.name == "province":
            # A province that is not offered would otherwise look like a missing one.
            formfield.help_text = " ".join(
                str(text)
                for text in (formfield.help_text, province_choice_help(request.user))
                if text
            )
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        path = self.scoped_many_to_many.get(db_field.name)
        if path and not sees_all_regions(request.user):
            related = db_field.remote_field.model
            kwargs["queryset"] = scope(related._default_manager.all(), request.user, path)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAutocompleteMixin:
    """For the admins of provinces, districts and sub-districts: when their autocomplete serves
    a field of a region-scoped form, offer only the user's regions."""

    autocomplete_region_path = "region"
    scoped_source_fields = {"province", "districts", "subdistricts"}

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") in self.scoped_source_fields:
            queryset = scope(queryset, request.user, self.autocomplete_region_path)
        return queryset, may_have_duplicates


class _ScopedPlaceListFilter(admin.RelatedFieldListFilter):
    """A changelist filter on a region or province that offers the places of the user's
    regions: read from the few rows of the reference tables, where RelatedOnlyFieldListFilter
    reads every row of the list for the places it holds (a DISTINCT over the whole table)."""

    region_path = ""  # from the filtered model (Region or Province) to Region
    by_name = False  # in Thai dictionary order of the names

    def field_choices(self, field, request, model_admin):
        places = field.related_model.objects.all()
        if not sees_all_regions(request.user):
            places = places.filter(**{f"{self.region_path}__in": regions_of(request.user)})
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            places = places.order_by(*ordering)
        choices = [(place.pk, str(place)) for place in places]
        if self.by_name:
            # In Python: SQLite orders text by code point (the province admin's ThaiOrder).
            choices.sort(key=lambda choice: sort_key(choice[1]))
        return choices


class RegionListFilter(_ScopedPlaceListFilter):
    region_path = "pk"


class ProvinceListFilter(_ScopedPlaceListFilter):
    region_path = "region"
    by_name = True
