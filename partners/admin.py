import dataclasses

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from geography.access import sees_all_regions
from importing.admin import ImportPreviewAdminMixin
from records.history import HistoryChanges, ReadOnlyHistoryAdmin
from records.locking import VERSION_FIELD, VersionedAdminMixin
from records.paging import AutocompletePagingMixin
from thai.calendar import local_date
from thai.forms import THAI_DATE_OVERRIDES
from thai.text import ThaiOrder

from . import services
from .imports import OrganisationResource
from .models import CONTACT_FIELDS, Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(
    AutocompletePagingMixin, ImportPreviewAdminMixin, VersionedAdminMixin, ReadOnlyHistoryAdmin
):
    resource_classes = [OrganisationResource]
    show_full_result_count = False  # a second COUNT of every organisation
    list_display = [
        "name_th",
        "short_name_th",
        "kind",
        "province",
        "parent",
        "successor",
        "agreement_count",
    ]
    list_filter = ["kind", "province__region", "successor_reason"]
    list_select_related = ["province", "parent", "successor"]
    # Thai dictionary order (on PostgreSQL), here and in the autocompletes; set here because
    # the annotation drops Meta.ordering.
    ordering = [ThaiOrder("name_th"), "pk"]
    search_fields = ["name_th", "name_en", "short_name_th", "short_name_en"]
    autocomplete_fields = ["province", "parent", "successor"]
    formfield_overrides = THAI_DATE_OVERRIDES
    fields = [
        "name_th",
        "name_en",
        ("short_name_th", "short_name_en"),
        "kind",
        "province",
        "parent",
        "website",
        ("successor", "successor_reason", "successor_since"),
    ]
    actions = ["merge_organisations"]
    merge_template = "admin/partners/organisation/merge.html"

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not sees_all_regions(request.user):
            actions.pop("merge_organisations", None)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        alias = (
            Organisation.objects.select_related("successor").merged_alias(object_id)
            if request.method == "GET"
            else None
        )
        if alias is not None:
            self.message_user(
                request,
                gettext(
                    "This record was merged into “%(kept)s” on %(date)s and is kept only so "
                    "that old links lead there. Edit “%(kept)s” instead."
                )
                % {"kept": alias.successor.name_th, "date": local_date(alias.successor_since)},
                messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Merge into one organisation"))
    def merge_organisations(self, request, queryset):
        """Step 1 shows what would move to the record chosen to keep; step 2 (confirm) moves
        it in one transaction. Central staff only: a merge crosses regions."""
        if not sees_all_regions(request.user):
            raise PermissionDenied
        chosen = list(queryset.select_related("province", "successor").order_by("name_th"))
        by_pk = {str(organisation.pk): organisation for organisation in chosen}
        kept = by_pk.get(request.POST.get("kept")) or max(
            chosen, key=lambda organisation: organisation.agreement_count
        )
        merged = [organisation for organisation in chosen if organisation.pk != kept.pk]
        if "confirm" in request.POST:
            try:
                plan = services.organisation_merge(kept=kept, merged=merged, user=request.user)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "Merged %(count)d organisation into “%(kept)s”: %(rows)d rows moved.",
                        "Merged %(count)d organisations into “%(kept)s”: %(rows)d rows moved.",
                        len(plan.merged),
                    )
                    % {"count": len(plan.merged), "kept": kept.name_th, "rows": plan.total},
                    messages.SUCCESS,
                )
                return None
        plan = services.organisation_merge_plan(kept=kept, merged=merged)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge into one organisation"),
            "opts": self.model._meta,
            "chosen": chosen,
            "plan": plan,
            "selected": [organisation.pk for organisation in chosen],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "preview_rows": services.PREVIEW_ROWS,
        }
        return TemplateResponse(request, self.merge_template, context)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            # A merged record is an alias only: new rows name the record it was merged into.
            queryset = queryset.without_aliases()
        return queryset, may_have_duplicates

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


class HiddenContactHistoryHelper(HistoryChanges):
    """Lists a change to a hidden contact field in a person's history without its values."""

    def format_delta_change(self, change):
        formatted = super().format_delta_change(change)
        if change.field in CONTACT_FIELDS:
            return dataclasses.replace(formatted, old=HIDDEN, new=HIDDEN)
        return formatted


@admin.register(Person)
class PersonAdmin(AutocompletePagingMixin, VersionedAdminMixin, ReadOnlyHistoryAdmin):
    """People, with their contact details shown only to staff who need them.

    Every person is listed to every member of staff (names are on the agreements), but a
    person's e-mail, phone and note only where PersonQuerySet.with_contact_visibility() says
    so: the columns, the search (and so the autocomplete) read its masked `visible_*`
    annotations, and the change form, history and history detail leave the fields out. Someone
    adding a person types them in; whoever may not read them cannot overwrite them either.
    """

    show_full_result_count = False  # a second COUNT of every person
    list_display = ["name_th", "name_en", "contact_email", "contact_phone"]
    ordering = [ThaiOrder("name_th"), "pk"]  # Thai dictionary order (on PostgreSQL)
    # The masked annotations: searching for an e-mail finds only people whose e-mail the user
    # may read. The admin autocomplete searches with these too.
    search_fields = ["name_th", "name_en", "visible_email"]
    contact_description = _(
        "Seen by central staff, and by regional staff for people who sign, preside over or "
        "witness an agreement of their region. Never published."
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_contact_visibility(request.user)

    def get_search_fields(self, request):
        """The names, from their trigram indexes; the (masked) e-mail too only for a search
        that could be part of an address (no Thai in it): a per-row mask that no index serves
        would otherwise make every Thai name search, and so the signatory autocomplete, read
        every person."""
        term = request.GET.get("q") or request.GET.get("term") or ""
        if term.isascii():
            return self.search_fields
        return [field for field in self.search_fields if field != "visible_email"]

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
        return HiddenContactHistoryHelper(
            self.model, historical_record, empty_value_display=self.get_empty_value_display()
        )
