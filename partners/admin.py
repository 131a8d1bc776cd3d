import dataclasses

from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.template_utils import HistoricalRecordContextHelper

from codi_registry.history import ReadOnlyHistoryAdmin
from codi_registry.locking import VERSION_FIELD, VersionedAdminMixin

from .models import CONTACT_FIELDS, Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(VersionedAdminMixin, ReadOnlyHistoryAdmin):
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


# What a column or a history entry shows instead of a contact detail the user may not read.
HIDDEN = pgettext_lazy("contact details", "hidden")


class HiddenContactHistoryHelper(HistoricalRecordContextHelper):
    """Lists a change to a hidden contact field in a person's history without its values."""

    def format_delta_change(self, change):
        formatted = super().format_delta_change(change)
        if change.field in CONTACT_FIELDS:
            return dataclasses.replace(formatted, old=HIDDEN, new=HIDDEN)
        return formatted


@admin.register(Person)
class PersonAdmin(VersionedAdminMixin, ReadOnlyHistoryAdmin):
    """People, with their contact details shown only to staff who need them.

    Every person is listed to every member of staff (names are on the agreements), but a
    person's e-mail, phone and note only where PersonQuerySet.with_contact_visibility() says
    so: the columns, the search (and so the autocomplete) read its masked `visible_*`
    annotations, and the change form, history and history detail leave the fields out. Someone
    adding a person types them in; whoever may not read them cannot overwrite them either.
    """

    show_full_result_count = False  # a second COUNT of every person
    list_display = ["name_th", "name_en", "contact_email", "contact_phone"]
    # The masked annotations: searching for an e-mail finds only people whose e-mail the user
    # may read. The admin autocomplete searches with these too.
    search_fields = ["name_th", "name_en", "visible_email"]
    contact_description = _(
        "Seen by central staff, and by regional staff for people who sign, preside over or "
        "witness an agreement of their region. Never published."
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_contact_visibility(request.user)

    def contact_visible(self, request, obj):
        """May the user read `obj`'s contact details? A new person's are being typed in; a
        historical version is checked for the person it is a version of."""
        if obj is None:
            return True
        known = getattr(obj, "contact_visible", None)
        if known is not None:
            return known
        # Once per request: the history list asks for every version of the same person.
        asked = request.__dict__.setdefault("_contact_visible", {})
        if obj.pk not in asked:
            asked[obj.pk] = (
                Person.objects.contact_visible_to(request.user).filter(pk=obj.pk).exists()
            )
        return asked[obj.pk]

    def lookup_allowed(self, lookup, value, request=None):
        # The changelist would otherwise filter on any field named in its query string
        # (?email__icontains=…): a way to probe the details it does not show.
        field = lookup.split(LOOKUP_SEP, 1)[0]
        if field in CONTACT_FIELDS or field.startswith("visible_"):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fieldsets(self, request, obj=None):
        contact = list(CONTACT_FIELDS)
        if not self.contact_visible(request, obj):
            contact = ["contact_hidden"]
        return [
            (None, {"fields": ["name_th", "name_en", VERSION_FIELD]}),
            (
                _("Contact (staff only, never published)"),
                {"fields": contact, "description": self.contact_description},
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.contact_visible(request, obj):
            readonly.append("contact_hidden")
        return readonly

    @admin.display(description=_("contact details"))
    def contact_hidden(self, obj):
        return _("hidden: not in your region's agreements")

    @admin.display(description=_("e-mail (staff only)"), ordering="visible_email")
    def contact_email(self, obj):
        return obj.visible_email if obj.contact_visible else HIDDEN

    @admin.display(description=_("phone (staff only)"), ordering="visible_phone")
    def contact_phone(self, obj):
        return obj.visible_phone if obj.contact_visible else HIDDEN

    def get_historical_record_context_helper(self, request, historical_record):
        if self.contact_visible(request, historical_record.instance):
            return super().get_historical_record_context_helper(request, historical_record)
        return HiddenContactHistoryHelper(self.model, historical_record)
