from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agreements import review
from agreements.admin import LabelledRowsMixin
from agreements.review_admin import ReviewedRecordAdminMixin
from geography.access import RegionListFilter, RegionScopedAdminMixin, regions_of, sees_all_regions
from geography.models import Province
from importing.admin import ExportJobAdminMixin, ImportPreviewAdminMixin
from records.history import ReadOnlyHistoryAdmin
from records.locking import VersionedAdminMixin, user_name
from reports.renderers import respond
from thai.calendar import fiscal_year_label, local_datetime
from thai.forms import THAI_DATE_OVERRIDES
from uploads.responses import stored_document_response

from . import exports, services
from .filters import fiscal_years
from .imports import AllocationResource, TransferResource
from .models import (
    Allocation,
    Instalment,
    MoneyReturn,
    Programme,
    SpendingReport,
    Transfer,
    spending_report_cutoff,
)


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


class MoneyStatusFilter(admin.SimpleListFilter):
    """The allocation's money status (Allocation.MoneyStatus), computed in SQL."""

    title = _("money status")
    parameter_name = "money"

    def lookups(self, request, model_admin):
        return Allocation.MoneyStatus.choices

    def queryset(self, request, queryset):
        if self.value() in Allocation.MoneyStatus.values:
            return queryset.with_money_status().filter(money_status=self.value())
        return queryset


class MoneyRefusalAdminMixin:
    """A money write the database refuses (an allocation's CHECK constraint, when two saves
    raced or several rows changed at once: budgets.services.MoneyRefused) comes back as the
    form with the user's entries and the reason at its top, never as a server error. The
    refused attempt is rolled back whole (the change view runs in one transaction); the form
    is then validated again with the reason as its error."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.MoneyRefused as refusal:
            if request.method != "POST" or getattr(request, "_money_refusal", None):
                raise
            request._money_refusal = refusal.messages
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_money_refusal", None)
        if not refusal:
            return form

        class RefusedForm(form):
            def clean(self):
                cleaned = super().clean()
                for message in refusal:
                    self.add_error(None, message)
                return cleaned

        return RefusedForm


class MoneyInlineFormSet(forms.BaseInlineFormSet):
    """The rows of one money model on the allocation's page: checked together against the
    allocation's amount as the form has it (it may change in the same save), each row then
    not against the database's other rows (MoneyRow.clean)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance._in_formset = True
        return form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        total = sum(
            (
                form.cleaned_data.get("amount") or 0
                for form in self.forms
                if form.cleaned_data and not self._should_delete_form(form)
            ),
            services.ZERO,
        )
        allocation = self.instance
        if allocation.amount is None or self.model not in (Instalment, Transfer):
            # Reports and returns are checked against the transfers by the database, which
            # sees every table's rows as this save leaves them.
            return
        sums = {field: services.ZERO for field in services.SUM_FIELDS.values()}
        sums[services.SUM_FIELDS[self.model]] = total
        try:
            services.check_sums(allocation.amount, sums)
        except services.MoneyRefused as refusal:
            raise ValidationError(refusal.messages) from None


class MoneyInlineMixin(RegionScopedAdminMixin):
    formset = MoneyInlineFormSet
    extra = 0
    formfield_overrides = {
        **THAI_DATE_OVERRIDES,
        # A plain file input: the default one links to MEDIA_URL, which is not served.
        models.FileField: {"widget": forms.FileInput},
    }

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("transfer")
        if field is not None:
            # Only this allocation's transfers, read once for every row.
            field.queryset = (
                Transfer.objects.filter(allocation=obj) if obj else Transfer.objects.none()
            )
            field.choices = list(field.choices)
            # A transfer is entered in its own table above, not from a report's row.
            widget = field.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return formset


class InstalmentInline(LabelledRowsMixin, MoneyInlineMixin, admin.TabularInline):
    model = Instalment
    fields = ["number", "planned_on", "amount"]


class TransferInline(LabelledRowsMixin, MoneyInlineMixin, admin.TabularInline):
    model = Transfer
    fields = ["transferred_on", "amount", "recipient", "reference"]
    autocomplete_fields = ["recipient"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recipient")


class SpendingReportInline(LabelledRowsMixin, MoneyInlineMixin, admin.TabularInline):
    model = SpendingReport
    fields = ["transfer", "received_on", "amount", "evidence", "download", "acceptance"]
    readonly_fields = ["download", "acceptance"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("accepted_by")

    @admin.display(description=_("file on record"))
    def download(self, obj):
        return evidence_link(obj)

    @admin.display(description=_("accepted"))
    def acceptance(self, obj):
        return acceptance_text(obj)


class MoneyReturnInline(LabelledRowsMixin, MoneyInlineMixin, admin.TabularInline):
    model = MoneyReturn
    fields = ["transfer", "returned_on", "amount", "reference"]


def evidence_link(report):
    if not report.pk or not report.evidence:
        return "—"
    url = reverse("admin:budgets_spendingreport_evidence", args=[report.pk])
    return format_html('<a href="{}" download>{}</a>', url, gettext("download"))


def acceptance_text(report):
    if report.accepted_at is None:
        return gettext("not yet")
    return f"{user_name(report.accepted_by)}, {local_datetime(report.accepted_at)}"


MONEY_INLINES = [InstalmentInline, TransferInline, SpendingReportInline, MoneyReturnInline]
# Deleted first the rows that protect others (a report protects its transfer).
DELETE_ORDER = [SpendingReport, MoneyReturn, Transfer, Instalment]


@admin.register(Allocation)
class AllocationAdmin(
    MoneyRefusalAdminMixin,
    ExportJobAdminMixin,
    ImportPreviewAdminMixin,
    ReviewedRecordAdminMixin,
    VersionedAdminMixin,
    RegionScopedAdminMixin,
    ReadOnlyHistoryAdmin,
):
    resource_classes = [AllocationResource]
    # The import's buttons, and a link to the staff report of transfers awaiting a report.
    change_list_template = "admin/budgets/allocation/change_list.html"
    list_display = [
        "province",
        "region",
        "fiscal_year",
        "programme",
        "amount_display",
        "agreement",
        "recipient",
        "transferred_display",
        "money_status_display",
        "publication",
    ]
    actions = ["publish_records", "export_csv", "export_xlsx"]
    # The public export's columns; many rows are written by a background job.
    export_stem = "allocations"
    inlines = MONEY_INLINES
    # The newest years first from the index allocation_newest, where the default order (by
    # province name) sorts every allocation for each page.
    ordering = ["-fiscal_year", "-pk"]
    list_filter = [
        FiscalYearListFilter,
        "programme",
        ("province__region", RegionListFilter),
        MoneyStatusFilter,
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
    readonly_fields = ["money_summary"]
    fieldsets = [
        (None, {"fields": ["province", "fiscal_year", "programme", "amount"]}),
        (None, {"fields": ["agreement", "recipient", "is_published"]}),
        (
            _("Money trail"),
            {
                "fields": ["money_summary"],
                "description": _(
                    "Planned instalments, transfers, spending reports and returned money are "
                    "entered in the tables below. Amounts are published with the allocation; "
                    "finance document numbers and evidence never are."
                ),
            },
        ),
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

    def get_queryset(self, request):
        return super().get_queryset(request).with_money_status()

    def export_report(self, queryset):
        return exports.allocation_report(queryset)

    @admin.display(description=_("transferred (THB)"), ordering="transferred_amount")
    def transferred_display(self, obj):
        return f"{obj.transferred_amount:,.2f}"

    @admin.display(description=_("money status"), ordering="money_status")
    def money_status_display(self, obj):
        return Allocation.MoneyStatus(obj.money_status).label

    @admin.display(description=_("money trail"))
    def money_summary(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Save the allocation first, then enter its instalments and transfers.")
        status = getattr(obj, "money_status", None) or obj.money_status()
        return format_html(
            "<strong>{}</strong><br>{}: {} · {}: {} · {}: {} · {}: {} · {}: {}",
            Allocation.MoneyStatus(status).label,
            gettext("allocated"),
            f"{obj.amount:,.2f}",
            gettext("planned in instalments"),
            f"{obj.planned_amount:,.2f}",
            gettext("transferred"),
            f"{obj.transferred_amount:,.2f}",
            gettext("reported spent"),
            f"{obj.reported_amount:,.2f}",
            gettext("returned"),
            f"{obj.returned_amount:,.2f}",
        )

    def save_related(self, request, form, formsets, change):
        money = [f for f in formsets if f.model in services.MONEY_MODELS]
        super().save_related(request, form, [f for f in formsets if f not in money], change)
        if not money:
            return
        rows, deleted = [], []
        for formset in money:
            rows.extend(formset.save(commit=False))
            deleted.extend(formset.deleted_objects)
        if not (rows or deleted):
            return
        deleted.sort(key=lambda row: DELETE_ORDER.index(type(row)))
        services.money_rows_save(
            allocation=form.instance, rows=rows, deleted=deleted, user=request.user
        )


class MoneyRowAdmin(
    MoneyRefusalAdminMixin,
    VersionedAdminMixin,
    RegionScopedAdminMixin,
    ReadOnlyHistoryAdmin,
):
    """The own list of one money model, scoped to the user's regions through the allocation;
    every write goes through budgets.services, which keeps the allocation's sums."""

    region_path = "allocation__province__region"
    scoped_relations = {
        **RegionScopedAdminMixin.scoped_relations,
        "allocation": "province__region",
    }
    formfield_overrides = {
        **THAI_DATE_OVERRIDES,
        models.FileField: {"widget": forms.FileInput},
    }
    autocomplete_fields = ["allocation"]
    list_select_related = ["allocation__province__region", "allocation__programme"]
    list_filter = [("allocation__province__region", RegionListFilter)]
    search_fields = [
        "allocation__province__name_th",
        "allocation__province__name_en",
        "allocation__agreement__reference",
    ]

    def save_model(self, request, obj, form, change):
        services.money_row_save(row=obj, user=request.user)

    def delete_model(self, request, obj):
        services.money_row_delete(row=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for row in queryset:
            services.money_row_delete(row=row, user=request.user)

    @admin.display(description=_("region"), ordering="allocation__province__region__sort_order")
    def region(self, obj):
        return obj.allocation.province.region

    @admin.display(description=_("amount (THB)"), ordering="amount")
    def amount_display(self, obj):
        return f"{obj.amount:,.2f}"


@admin.register(Instalment)
class InstalmentAdmin(MoneyRowAdmin):
    list_display = ["allocation", "region", "number", "planned_on", "amount_display"]
    fields = ["allocation", "number", "planned_on", "amount"]
    ordering = ["allocation", "number"]


@admin.register(Transfer)
class TransferAdmin(ImportPreviewAdminMixin, MoneyRowAdmin):
    resource_classes = [TransferResource]
    list_display = [
        "transferred_on",
        "allocation",
        "region",
        "recipient",
        "amount_display",
        "reference",
        "reported",
    ]
    list_select_related = [*MoneyRowAdmin.list_select_related, "recipient"]
    fields = ["allocation", "transferred_on", "amount", "recipient", "reference"]
    autocomplete_fields = ["allocation", "recipient"]
    search_fields = [*MoneyRowAdmin.search_fields, "reference", "recipient__name_th"]
    ordering = ["-transferred_on", "-pk"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_report=models.Exists(
                    SpendingReport.objects.filter(transfer=models.OuterRef("pk"))
                )
            )
        )

    @admin.display(description=_("spending report"), boolean=True, ordering="has_report")
    def reported(self, obj):
        return obj.has_report

    def get_urls(self):
        awaiting = self.admin_site.admin_view(self.awaiting_report_view)
        return [
            path("awaiting-report/", awaiting, name="budgets_transfer_awaiting"),
            path(
                "awaiting-report/export.<str:extension>",
                awaiting,
                name="budgets_transfer_awaiting_export",
            ),
            *super().get_urls(),
        ]

    def awaiting_report_view(self, request, extension=None):
        """Staff report: the user's regions' transfers with no spending report yet, by
        region, the oldest first, with their age; CSV and Excel with the same rows."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        cutoff = spending_report_cutoff(today)
        transfers = (
            super().get_queryset(request).awaiting_report().filter(transferred_on__lte=today)
        )
        if extension is not None:
            if extension not in ("csv", "xlsx"):
                raise Http404
            report = exports.awaiting_report(transfers, today=today, cutoff=cutoff)
            return respond(report, "transfers-awaiting-report", extension)
        report = exports.awaiting_report(transfers, today=today, cutoff=cutoff, with_ids=True)
        groups = {}
        for row in report.rows:
            groups.setdefault(row[0], []).append(row)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Transfers awaiting a spending report"),
            "opts": self.model._meta,
            "groups": groups,
            "columns": report.columns,
            "months": settings.SPENDING_REPORT_DUE_MONTHS,
            "cutoff": cutoff,
        }
        return TemplateResponse(request, "admin/budgets/transfer/awaiting_report.html", context)


@admin.register(SpendingReport)
class SpendingReportAdmin(MoneyRowAdmin):
    list_display = [
        "received_on",
        "allocation",
        "region",
        "amount_display",
        "transfer",
        "acceptance",
    ]
    list_select_related = [*MoneyRowAdmin.list_select_related, "transfer", "accepted_by"]
    list_filter = [*MoneyRowAdmin.list_filter, ("accepted_at", admin.EmptyFieldListFilter)]
    fields = ["transfer", "received_on", "amount", "evidence", "download", "acceptance"]
    readonly_fields = ["download", "acceptance"]
    autocomplete_fields = ["transfer"]
    scoped_relations = {
        **MoneyRowAdmin.scoped_relations,
        "transfer": "allocation__province__region",
    }
    ordering = ["-received_on", "-pk"]
    actions = ["accept_reports"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not review.may_publish(request.user):
            actions.pop("accept_reports", None)
        return actions

    @admin.action(description=_("Accept the selected spending reports"), permissions=["change"])
    def accept_reports(self, request, queryset):
        accepted = services.spending_reports_accept(reports=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(n)s spending report accepted.", "%(n)s spending reports accepted.", accepted
            )
            % {"n": accepted},
            messages.SUCCESS,
        )

    @admin.display(description=_("file on record"))
    def download(self, obj):
        return evidence_link(obj)

    @admin.display(description=_("accepted"), ordering="accepted_at")
    def acceptance(self, obj):
        return acceptance_text(obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/evidence/",
                self.admin_site.admin_view(self.evidence_view),
                name="budgets_spendingreport_evidence",
            ),
            *super().get_urls(),
        ]

    def evidence_view(self, request, pk):
        """The report's evidence, to staff who may see its region only (never public)."""
        report = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, report) or not report.evidence:
            raise Http404
        return stored_document_response(
            report.evidence, public=False, name=f"spending-report-{report.pk}"
        )


@admin.register(MoneyReturn)
class MoneyReturnAdmin(MoneyRowAdmin):
    list_display = ["returned_on", "allocation", "region", "amount_display", "reference"]
    fields = ["allocation", "transfer", "returned_on", "amount", "reference"]
    autocomplete_fields = ["allocation", "transfer"]
    scoped_relations = {
        **MoneyRowAdmin.scoped_relations,
        "transfer": "allocation__province__region",
    }
    search_fields = [*MoneyRowAdmin.search_fields, "reference"]
    ordering = ["-returned_on", "-pk"]
