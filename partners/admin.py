from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
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
        return (
            super()
            .get_queryset(request)
            .annotate(agreement_count=Count("agreement_roles__agreement", distinct=True))
        )

    @admin.display(description=_("agreements"), ordering="agreement_count")
    def agreement_count(self, obj):
        return obj.agreement_count


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name_th", "name_en", "email", "phone"]
    search_fields = ["name_th", "name_en", "email"]
    fieldsets = [
        (None, {"fields": ["name_th", "name_en"]}),
        (
            _("Contact (staff only, never published)"),
            {"fields": ["email", "phone", "note"]},
        ),
    ]
