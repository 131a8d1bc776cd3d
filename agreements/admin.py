import copy

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, Count, Max, Min, OuterRef, Subquery, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from geography.access import (
    ProvinceListFilter,
    RegionListFilter,
    RegionScopedAdminMixin,
    province_choice_help,
    scope,
)
from geography.models import Province
from importing.admin import ExportJobAdminMixin, ImportPreviewAdminMixin
from records.history import ReadOnlyHistoryAdmin
from records.locking import VersionedAdminMixin
from reports.renderers import respond
from thai.calendar import be_year, ce_year, fiscal_year_label, local_date
from thai.forms import THAI_DATE_OVERRIDES

from . import exports, review, services
from .bulk_admin import BulkEntryAdminMixin
from .forms import (
    ActivityAdminForm,
    ActivityAttachmentFormSet,
    ActivityInlineForm,
    AgreementAdminForm,
    AgreementPartyInlineForm,
    AgreementPartyInlineFormSet,
    OrderedInlineFormSet,
    ScopeClauseInlineForm,
    activity_label,
)
from .imports import ActivityResource
from .models import (
    Activity,
    Agreement,
    AgreementParty,
    Attachment,
    ExpiryNotice,
    ScopeClause,
    Theme,
)
from .review_admin import ReviewAdminMixin, ReviewedRecordAdminMixin


class ThaiDatesMixin:
    formfield_overrides = THAI_DATE_OVERRIDES


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Agreement.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Agreement.Status.values:
            return queryset.filter(status_code=self.value())
        return queryset


# Matches of each search word the agreement changelist shows at most (get_search_results).
ADMIN_SEARCH_LIMIT = 200


class SignedYearFilter(admin.SimpleListFilter):
    """Year of signing, in BE."""

    title = _("year signed (BE)")
    parameter_name = "signed_year"

    def lookups(self, request, model_admin):
        # The years between the first and the last signing this user may see: two index
        # look-ups, where listing the distinct years would read every row.
        span = model_admin.get_queryset(request).aggregate(
            first=Min("signed_on"), last=Max("signed_on")
        )
        if span["first"] is None:
            return []
        years = range(be_year(span["last"].year), be_year(span["first"].year) - 1, -1)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(signed_on__year=ce_year(int(value)))
        return queryset


class SharedLabelsAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose chosen options' labels were read once for every row of the
    formset (`labels`), instead of one query per row. Values it was not primed with (a row
    just typed in, on a form sent back with errors) are looked up as usual."""

    labels = None  # {str(pk): label}, shared by the copies of the widget in every row

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.labels is None or any(v not in self.labels for v in chosen):
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for v in chosen:
            options.append(self.create_option(name, v, self.labels[v], True, len(options)))
        return [(None, options, 0)]


class SharedChoicesInlineMixin:
    """Inline rows share their choices, so a change form's queries do not grow with its rows:
    a drop-down's options are read once, and the chosen options of every autocomplete are read
    for all rows at once (one query per field)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SharedLabelsAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and not isinstance(formfield.widget, AutocompleteSelect):
            # One query for every row's options (a comprehension: list() would COUNT first).
            formfield.choices = [choice for choice in formfield.choices]
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            rows = self.get_queryset(request).filter(**{formset.fk.name: obj})
            for name in self.get_autocomplete_fields(request):
                field = formset.form.base_fields.get(name)
                if field is None:
                    continue
                pks = rows.exclude(**{name: None}).values(name)
                related = field.queryset.filter(pk__in=pks)
                field.widget.widget.labels = {
                    str(o.pk): field.label_from_instance(o) for o in related
                }
        return formset


PARTY_ROLE_POSITION = Case(
    *(When(role=role, then=position) for position, role in enumerate(AgreementParty.Role)),
    output_field=models.IntegerField(),
)


class AgreementPartyInline(SharedChoicesInlineMixin, ThaiDatesMixin, admin.StackedInline):
    model = AgreementParty
    form = AgreementPartyInlineForm
    formset = AgreementPartyInlineFormSet
    extra = 0
    min_num = 1
    autocomplete_fields = ["organisation", "signatory"]
    # The common path in the row itself; a new organisation or person is typed in, not
    # added in a pop-up window. The English fields are folded away.
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("order", "role"),
                    ("organisation", "new_organisation_name"),
                    ("new_organisation_kind", "new_organisation_province"),
                    ("signatory", "new_signatory_name"),
                    "signatory_title",
                    "responsibilities_th",
                ]
            },
        ),
        (
            _("In English"),
            {"fields": ["signatory_title_en", "responsibilities_en"], "classes": ["collapse"]},
        ),
        (
            _("Organisation's name as written on the document"),
            {
                "fields": ["organisation_name_th", "organisation_name_en"],
                "classes": ["collapse"],
                "description": _(
                    "Taken from the organisation when it is chosen, and kept when the "
                    "organisation is later renamed or merged."
                ),
            },
        ),
    ]
    verbose_name = _("party, presiding official or witness")
    # Without it Django makes the plural by adding an "s" to the Thai name.
    verbose_name_plural = _("parties, presiding officials and witnesses")

    class Media:
        js = ["js/ordered-inlines.js"]
        css = {"all": ["css/admin-party-entry.css", "css/ordered-inlines.css"]}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        declared = formset.form.base_fields.get("new_organisation_province")
        if declared is not None:
            # A copy: the declared field is shared by every request's form class.
            field = copy.deepcopy(declared)
            field.queryset = scope(Province.objects.all(), request.user, "region")
            field.choices = [choice for choice in field.choices]  # read once for every row
            field.help_text = province_choice_help(request.user)
            formset.form.base_fields["new_organisation_province"] = field
        return formset

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "signatory")
            .prefetch_related("responsibilities")
            # Each role's rows together, as on the document: signing order counts within a role.
            .order_by(PARTY_ROLE_POSITION, "order", "pk")
        )


class LabelledRowsMixin:
    """A tabular inline's fields have no <label>: the column heading names them to the eye only.
    Each field carries its label as aria-label, so a screen reader names it too."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)  # the delete box is added here
                for field in form.fields.values():
                    if field.label:
                        # The widget itself, not the admin's wrapper of a foreign key (whose
                        # attrs, once the form copies its fields, are the original widget's).
                        widget = getattr(field.widget, "widget", field.widget)
                        widget.attrs.setdefault("aria-label", str(field.label))

        return LabelledFormSet


class ScopeClauseInline(LabelledRowsMixin, admin.TabularInline):
    model = ScopeClause
    form = ScopeClauseInlineForm
    formset = OrderedInlineFormSet
    extra = 0
    fields = ["order", "text_th", "text_en"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}

    class Media:
        js = ["js/ordered-inlines.js"]
        css = {"all": ["css/ordered-inlines.css"]}


class AttachmentInline(LabelledRowsMixin, admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["kind", "title_th", "title_en", "activity", "file", "download", "is_public"]
    readonly_fields = ["download"]
    # A plain file input: the default one links to MEDIA_URL, which is deliberately not served.
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("activity")
        if field is not None:
            # Only the follow-ups of this agreement, read once for every row.
            field.queryset = (
                Activity.objects.filter(agreement=obj) if obj else Activity.objects.none()
            )
            field.label_from_instance = activity_label
            field.choices = [choice for choice in field.choices]
        return formset

    @admin.display(description=_("file on record"))
    def download(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("attachment-file", args=[obj.pk])
        if obj.is_image:
            return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("open"))
        return format_html('<a href="{}" download>{}</a>', url, _("download"))


class ActivityInline(
    LabelledRowsMixin,
    ReviewedRecordAdminMixin,
    SharedChoicesInlineMixin,
    RegionScopedAdminMixin,
    ThaiDatesMixin,
    admin.TabularInline,
):
    """Compact rows; the outcome, money handed over and files are on the activity's own page
    (the change link)."""

    model = Activity
    form = ActivityInlineForm
    extra = 0
    fields = [
        "kind",
        "starts_on",
        "ends_on",
        "province",
        "title_th",
        "participants",
        "is_published",
    ]
    autocomplete_fields = ["province"]
    show_change_link = True


class AllocationInline(
    LabelledRowsMixin,
    ReviewedRecordAdminMixin,
    VersionedAdminMixin,
    SharedChoicesInlineMixin,
    RegionScopedAdminMixin,
    admin.TabularInline,
):
    # budgets builds on this app: its model is reached through the relation, not imported.
    model = Agreement._meta.get_field("allocations").related_model
    extra = 0
    fields = [
        "province",
        "fiscal_year",
        "programme",
        "amount",
        "recipient",
        "public_note",
        "staff_note",
        "is_published",
    ]
    autocomplete_fields = ["province", "recipient"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}

    def get_queryset(self, request):
        # Each row's heading is str(allocation), which names its province and programme.
        return super().get_queryset(request).select_related("province", "programme")


@admin.register(Agreement)
class AgreementAdmin(
    ExportJobAdminMixin,
    BulkEntryAdminMixin,
    ReviewAdminMixin,
    VersionedAdminMixin,
    RegionScopedAdminMixin,
    ThaiDatesMixin,
    ReadOnlyHistoryAdmin,
):
    form = AgreementAdminForm
    list_display = [
        "reference",
        "short_title",
        "province",
        "region",
        "signed",
        "ends",
        "status_label",
        "party_count",
        "review_state",
        "track",
    ]
    list_display_links = ["reference", "short_title"]
    ordering = ["-signed_on", "reference"]  # annotations drop Meta.ordering
    list_filter = [
        ("province__region", RegionListFilter),
        StatusFilter,
        "kind",
        SignedYearFilter,
        "review_state",
        ("province", ProvinceListFilter),
        "themes",
    ]
    list_select_related = ["province__region"]
    # Read directly; the titles and everything else are searched in the agreement's search
    # document (get_search_results).
    search_fields = ["reference"]
    search_help_text = _(
        "Finds the reference, titles, parties (as written and as known now), signatories, "
        "clauses and duties; several words must all be found."
    )
    # Each row draws its parties, status and review state: 50 rows keep the page light.
    list_per_page = 50
    # No date_hierarchy: its year links are a DISTINCT over every agreement on each page
    # (SignedYearFilter offers the years from two index look-ups).
    autocomplete_fields = ["province", "districts", "subdistricts", "renews"]
    save_on_top = True
    # Set when a publisher publishes (agreements/review.py), for the feeds; shown so staff can
    # see since when.
    readonly_fields = ["published_at"]
    inlines = [
        AgreementPartyInline,
        ScopeClauseInline,
        AttachmentInline,
        ActivityInline,
        AllocationInline,
    ]
    # The common path first and open (basic data, term, then the parties among the inlines);
    # the optional parts folded away, opened by a click (or by an error in them).
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title_th",
                    ("kind", "reference"),
                    ("signed_on", "province"),
                    "venue_th",
                ]
            },
        ),
        (
            _("Term"),
            {
                "fields": [
                    "term_mode",
                    ("starts_on", "ends_on"),
                    ("term_length", "term_unit"),
                    "term_fiscal_year",
                    "terminated_on",
                ],
                "description": _(
                    "Choose how the document states its term: explicit dates, a length from the "
                    "signing date (e.g. 3 years), one fiscal year, or not stated. The dates are "
                    "worked out from the length or fiscal year when you save."
                ),
            },
        ),
        (
            _("In English"),
            {"fields": ["title_en", "venue_en", "summary_en"], "classes": ["collapse"]},
        ),
        (_("Summary and themes"), {"fields": ["summary_th", "themes"], "classes": ["collapse"]}),
        (
            _("Coverage: districts and sub-districts"),
            {"fields": ["districts", "subdistricts"], "classes": ["collapse"]},
        ),
        (_("Source and renewal"), {"fields": ["source_url", "renews"], "classes": ["collapse"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        """Each word (or "quoted phrase") of the search anywhere in the agreement's search
        document: reference, titles, the parties' names as written and as known now, short
        names, signatories, clauses, duties, programmes.

        The public search's bounded way (AgreementQuerySet.search): for each word at most
        ADMIN_SEARCH_LIMIT matches, the newest of a broad word, so a word found in most
        agreements costs what a rare one does; the list then shows those, newest first."""
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            queryset = queryset.search(bit, limit=ADMIN_SEARCH_LIMIT)
        return queryset, False  # no joins: no duplicate rows

    def get_queryset(self, request):
        party_counts = (
            AgreementParty.objects.filter(agreement=OuterRef("pk"), role=AgreementParty.Role.PARTY)
            .order_by()
            .values("agreement")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .with_status()
            # A correlated subquery counts the parties of the rows shown only; a JOIN with
            # GROUP BY would count them for every agreement before the page is cut.
            .annotate(party_count=Coalesce(Subquery(party_counts), 0))
        )

    @admin.display(description=_("title"), ordering="title_th")
    def short_title(self, obj):
        return obj.title_th if len(obj.title_th) <= 80 else obj.title_th[:78] + "…"

    @admin.display(description=_("region"), ordering="province__region__sort_order")
    def region(self, obj):
        return obj.province.region

    @admin.display(description=_("signed on"), ordering="signed_on")
    def signed(self, obj):
        return local_date(obj.signed_on, short=True)

    @admin.display(description=_("ends on"), ordering="ends_on")
    def ends(self, obj):
        return local_date(obj.ends_on, short=True) or "—"

    @admin.display(description=_("status"), ordering="status_code")
    def status_label(self, obj):
        return obj.status.label

    @admin.display(description=_("parties"), ordering="party_count")
    def party_count(self, obj):
        return obj.party_count

    @admin.display(description=_("commitments"))
    def track(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:tracking_progressupdate_agreement", args=[obj.pk]),
            _("Track"),
        )

    actions = [
        "export_csv",
        "export_xlsx",
        "export_workbook",
        "submit_for_review",
        "publish_selected",
    ]

    # The exports stream, or run as a background job for many rows (ExportJobAdminMixin).
    export_stem = "agreements"

    def export_report(self, queryset):
        return exports.agreement_report(exports.export_queryset(queryset))

    @admin.action(description=_("Export the selected agreements (CSV)"))
    def export_csv(self, request, queryset):
        return self.export_response(request, queryset, "csv")

    @admin.action(description=_("Export the selected agreements (Excel)"))
    def export_xlsx(self, request, queryset):
        return self.export_response(request, queryset, "xlsx")

    def get_urls(self):
        expiring = self.admin_site.admin_view(self.expiring_view)
        return [
            path("expiring/", expiring, name="agreements_agreement_expiring"),
            path(
                "expiring/export.<str:extension>",
                expiring,
                name="agreements_agreement_expiring_export",
            ),
            *super().get_urls(),
        ]

    def expiring_view(self, request, extension=None):
        """Staff report: agreements ending within N days and those that ended in the last N."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            days = max(1, min(int(request.GET.get("days", "")), 3650))
        except ValueError:
            days = settings.EXPIRING_WITHIN_DAYS
        today = timezone.localdate()
        report = exports.expiring_report(
            exports.export_queryset(self.get_queryset(request), today=today, within_days=days),
            within_days=days,
            today=today,
        )
        if extension in ("csv", "xlsx"):
            return respond(report, "expiring", extension)
        if extension is not None:
            raise Http404
        rows = list(report.rows)
        groups = {}
        for row in rows:
            groups.setdefault(row[0], []).append(row)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Agreements expiring within %(days)s days, and recently expired")
            % {"days": days},
            "opts": self.model._meta,
            "days": days,
            "groups": groups,
            "columns": report.columns,
        }
        return TemplateResponse(request, "admin/agreements/agreement/expiring.html", context)

    def save_formset(self, request, form, formset, change):
        if formset.model in review.reviewed_models():
            # A row written here is reviewed as on its own page (records.publication).
            for row_form in formset.forms:
                if row_form in formset.deleted_forms or not row_form.has_changed():
                    continue
                review.review_write(row_form.instance, request.user)
        if formset.model is AgreementParty:
            for party_form in formset.forms:
                if party_form in formset.deleted_forms or not party_form.has_changed():
                    continue
                services.party_create_new_partners(
                    party=party_form.instance,
                    organisation=getattr(party_form, "new_organisation", None),
                    signatory=getattr(party_form, "new_signatory", None),
                )
        super().save_formset(request, form, formset, change)
        if formset.model is AgreementParty:
            for party_form in formset.forms:
                party = party_form.instance
                if party.pk and party_form not in formset.deleted_forms:
                    services.party_set_responsibilities(
                        party=party, items=party_form.cleaned_data.get("responsibility_items", [])
                    )


def allocation_label(allocation):
    """'ปีงบประมาณ 2566 · ราชบุรี · สวัสดิการชุมชน · 100,000.00 บาท · MOU-…'; reads the
    allocation's province, programme and agreement."""
    parts = [
        fiscal_year_label(allocation.fiscal_year),
        str(allocation.province),
        str(allocation.programme),
        gettext("%(amount)s THB") % {"amount": f"{allocation.amount:,.2f}"},
    ]
    if allocation.agreement_id:
        parts.append(allocation.agreement.reference)
    return " · ".join(parts)


class ActivityAttachmentInline(AttachmentInline):
    """Photos and documents of one follow-up, kept with the activity's agreement."""

    fk_name = "activity"
    formset = ActivityAttachmentFormSet
    fields = ["kind", "title_th", "title_en", "file", "download", "is_public"]
    verbose_name = _("photo or document of this activity")
    verbose_name_plural = _("photos and documents of this activity")

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault(
            "help_texts",
            {"file": _("PDF, JPEG or PNG. Only an activity of an agreement can have files.")},
        )
        return super().get_formset(request, obj, **kwargs)

    def get_max_num(self, request, obj=None, **kwargs):
        # An activity held outside any agreement has nowhere to keep files.
        if obj is not None and obj.agreement_id is None:
            return 0
        return super().get_max_num(request, obj, **kwargs)


@admin.register(Activity)
class ActivityAdmin(
    ImportPreviewAdminMixin,
    ReviewedRecordAdminMixin,
    RegionScopedAdminMixin,
    ThaiDatesMixin,
    ReadOnlyHistoryAdmin,
):
    resource_classes = [ActivityResource]
    form = ActivityAdminForm
    list_display = [
        "title_th",
        "kind",
        "date",
        "province",
        "agreement",
        "participants",
        "publication",
    ]
    list_filter = ["kind", "province__region"]
    actions = ["publish_records"]
    list_select_related = ["province", "agreement"]
    search_fields = ["title_th", "title_en", "description_th", "agreement__reference"]
    autocomplete_fields = ["agreement", "province"]
    date_hierarchy = "starts_on"
    scoped_relations = {**RegionScopedAdminMixin.scoped_relations, "allocation": "province__region"}
    inlines = [ActivityAttachmentInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "agreement",
                    "kind",
                    "title_th",
                    "title_en",
                    ("starts_on", "ends_on"),
                    "province",
                    "is_published",
                ]
            },
        ),
        (
            _("Follow-up"),
            {
                "fields": [
                    "participants",
                    "outcome_th",
                    "outcome_en",
                    "description_th",
                    "description_en",
                ]
            },
        ),
        (
            _("Budget hand-over"),
            {
                "fields": ["amount_handed_over", "allocation"],
                "description": _("Only for an activity of the kind “budget hand-over”."),
            },
        ),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "allocation":
            formfield.queryset = formfield.queryset.select_related(
                "province", "programme", "agreement"
            )
            formfield.label_from_instance = allocation_label
        return formfield

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        field = form.base_fields.get("allocation")
        if field is not None and obj is not None:
            # Only allocations of the activity's own province are accepted (Activity.clean), so
            # only those are listed: a region can have thousands. Any allocation of the user's
            # regions still passes the field, for a form that changes the province too.
            listed = field.queryset.filter(province=obj.province_id)
            field.choices = [("", field.empty_label)] + [
                (allocation.pk, allocation_label(allocation)) for allocation in listed
            ]
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.activity_attachments_follow(activity=form.instance)

    @admin.display(description=_("date"), ordering="starts_on")
    def date(self, obj):
        return local_date(obj.starts_on, short=True)


@admin.register(Theme)
class ThemeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title_th", "title_en", "slug"]
    search_fields = ["title_th", "title_en"]
    prepopulated_fields = {"slug": ["title_en"]}


@admin.register(ExpiryNotice)
class ExpiryNoticeAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """What `manage.py notify_expiring` sent: written by the command only, so read-only here.

    Deleting stays allowed, as the model's delete permission says: an agreement's notices go
    with it when it is deleted, and the admin refuses that delete when a cascaded model is not
    deletable. Deleting a notice by hand makes the next run announce that agreement again.
    """

    region_path = "agreement__province__region"
    list_display = ["agreement", "region", "threshold_days", "ends", "sent_at", "recipients"]
    list_filter = ["agreement__province__region", "threshold_days"]
    list_select_related = ["agreement__province__region"]
    search_fields = ["agreement__reference", "agreement__title_th", "recipients"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("region"), ordering="agreement__province__region__sort_order")
    def region(self, obj):
        return obj.agreement.province.region

    @admin.display(description=_("end date notified"), ordering="ends_on")
    def ends(self, obj):
        return local_date(obj.ends_on, short=True)
