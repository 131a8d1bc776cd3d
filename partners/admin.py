from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from codi_registry.history import ReadOnlyHistoryAdmin

from .models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyHistoryAdmin):
    show_full_result_count = False  # a second COUNT of every organisation
    list_display = ["name_th", "short_name_th", "kind", "province", "parent", "agreement_count"]
    list_filter = ["kind", "province__region"]
    list_select_related = ["province", "parent"]
    ordering = ["name_th"]  # the annotation drops Meta.ordering
    search_fields = ["name_th", "name_en", "short_name_th", "short_name_en"]
    autocomplete_fields = ["province", "parent"]
    fields = [
        "name_th",
        "name_en",
        ("short_name_th", "short_name_en"),
        "kind",
        "province",
        "parent",
        "website",
    ]

    def get_queryset(self, request):
        # A correlated subquery counts for the rows shown only: a JOIN with GROUP BY would
        # count every organisation's agreements for each page, count and autocomplete answer.
        roles = (
            Organisation.agreement_roles.rel.related_model.objects.filter(
                organisation=OuterRef("pk")
            )
            .order_by()
            .values("organisation")
            .annotate(n=Count("agreement", distinct=True))
            .values("n")
        )
        return super().get_queryset(request).annotate(agreement_count=Coalesce(Subquery(roles), 0))

    @admin.display(description=_("agreements"), ordering="agreement_count")
    def agreement_count(self, obj):
        return obj.agreement_count


@admin.register(Person)
class PersonAdmin(ReadOnlyHistoryAdmin):
    show_full_result_count = False  # a second COUNT of every person
    list_display = ["name_th", "name_en", "email", "phone"]
    search_fields = ["name_th", "name_en", "email"]
    fieldsets = [
        (None, {"fields": ["name_th", "name_en"]}),
        (
            _("Contact (staff only, never published)"),
            {"fields": ["email", "phone", "note"]},
        ),
    ]
