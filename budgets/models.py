from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Sum, Value, When
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import Agreement, DocumentField, attachment_upload_to
from geography.models import Province, Region
from partners.models import Organisation
from records.locking import version_field
from records.publication import ReviewedRecord, published_only_after_review
from thai import calendar as thai_calendar
from thai.bilingual import Bilingual
from uploads.validators import validate_attachment

NEGATIVE_AMOUNT_MESSAGE = _("An amount cannot be negative.")
POSITIVE_AMOUNT_MESSAGE = _("An amount must be more than zero.")
PLANNED_OVER_MESSAGE = _(
    "The instalments add up to more than the allocation: together they may not exceed its amount."
)
TRANSFERRED_OVER_MESSAGE = _(
    "The transfers add up to more than the allocation: the money transferred may not exceed "
    "the amount allocated."
)
ACCOUNTED_OVER_MESSAGE = _(
    "The money reported spent and returned adds up to more than was transferred."
)
FISCAL_YEAR_MESSAGE = format_lazy(
    _("The fiscal year is a Buddhist Era year between {first} and {last}."),
    first=thai_calendar.MIN_FISCAL_YEAR,
    last=thai_calendar.MAX_FISCAL_YEAR,
)


class Programme(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name = Bilingual()
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Programmes no longer in use stay for old budgets.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "name_th"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name_th


class AllocationQuerySet(models.QuerySet):
    def published(self):
        """Public allocations: published (records.publication), and tied to no agreement or
        to a published one."""
        return self.filter(is_published=True).filter(
            Q(agreement__isnull=True) | Q(agreement__is_published=True)
        )

    def in_region(self, region):
        return self.filter(province__region=region)

    def total(self):
        return self.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")

    def with_money_status(self, today=None):
        """Each allocation's `money_status` (Allocation.MoneyStatus), computed in SQL from the
        stored sums and two indexed subqueries (a transfer overdue for its spending report, a
        report not yet accepted)."""
        return self.annotate(money_status=money_status_expression(today or timezone.localdate()))


def spending_report_cutoff(today):
    """A transfer made on or before this day with no spending report is overdue."""
    return thai_calendar.add_months(today, -settings.SPENDING_REPORT_DUE_MONTHS)


def money_status_expression(today):
    Status = Allocation.MoneyStatus
    overdue = Transfer.objects.awaiting_report().filter(
        allocation=OuterRef("pk"), transferred_on__lte=spending_report_cutoff(today)
    )
    unaccepted = SpendingReport.objects.filter(allocation=OuterRef("pk"), accepted_at__isnull=True)
    return Case(
        When(Exists(overdue), then=Value(Status.OVERDUE)),
        When(transferred_amount=0, then=Value(Status.PLANNED)),
        When(transferred_amount__lt=F("amount"), then=Value(Status.TRANSFERRING)),
        When(
            transferred_amount__gt=F("reported_amount") + F("returned_amount"),
            then=Value(Status.TRANSFERRED),
        ),
        When(Exists(unaccepted), then=Value(Status.REPORTED)),
        default=Value(Status.CLOSED),
        output_field=models.CharField(),
    )


def money_field(verbose_name, help_text):
    """A sum kept on the allocation by budgets.services in the transaction of each write."""
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        editable=False,
        help_text=help_text,
    )


class Allocation(ReviewedRecord):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("province")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        validators=[
            MinValueValidator(thai_calendar.MIN_FISCAL_YEAR, message=FISCAL_YEAR_MESSAGE),
            MaxValueValidator(thai_calendar.MAX_FISCAL_YEAR, message=FISCAL_YEAR_MESSAGE),
        ],
        help_text=_("Buddhist Era, e.g. 2566 = 1 Oct 2022 – 30 Sep 2023."),
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("programme")
    )
    amount = models.DecimalField(
        _("amount (THB)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), message=NEGATIVE_AMOUNT_MESSAGE)],
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("agreement"),
    )
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("recipient"),
    )
    # Two notes, because one note could not say who reads it: the public note goes out with the
    # allocation in the budget exports and the open data; the staff note never leaves the admin.
    public_note = models.CharField(
        _("public note"),
        max_length=500,
        blank=True,
        help_text=_(
            "Published with the allocation in the public budget exports and the open data. "
            "No personal data."
        ),
    )
    staff_note = models.TextField(
        _("staff note (never published)"),
        blank=True,
        help_text=_("Seen only by staff in the admin; never shown to the public or exported."),
    )

    # The money trail (contract): sums of the rows below, kept here by budgets.services in the
    # same transaction as each write, so that pages, exports and the API read them, and the
    # constraints below hold them, without summing the rows.
    planned_amount = money_field(
        _("planned in instalments (THB)"), _("The sum of the planned instalments.")
    )
    transferred_amount = money_field(
        _("transferred (THB)"), _("The sum of the transfers made to the recipient.")
    )
    reported_amount = money_field(
        _("reported spent (THB)"), _("The sum of the spending reports received.")
    )
    returned_amount = money_field(
        _("returned (THB)"), _("The unspent money the recipient returned.")
    )

    version = version_field()

    objects = AllocationQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year", "province__name_th", "programme__sort_order", "pk"]
        # The newest years first without sorting every allocation (the admin list, the API),
        # and the fiscal years on offer one index entry each (budgets.filters).
        indexes = [
            models.Index(F("fiscal_year").desc(), F("id").desc(), name="allocation_newest"),
            # The open-data list's order (newest year, province, programme): a page reads its
            # rows from here instead of sorting every allocation by names.
            models.Index(
                F("fiscal_year").desc(), "province", "programme", "id", name="allocation_list_order"
            ),
        ]
        verbose_name = _("budget allocation")
        verbose_name_plural = _("budget allocations")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="allocation_amount_not_negative",
                violation_error_message=NEGATIVE_AMOUNT_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(
                    fiscal_year__gte=thai_calendar.MIN_FISCAL_YEAR,
                    fiscal_year__lte=thai_calendar.MAX_FISCAL_YEAR,
                ),
                name="allocation_fiscal_year_in_range",
                violation_error_message=FISCAL_YEAR_MESSAGE,
            ),
            published_only_after_review("allocation_published_only_after_review"),
            models.CheckConstraint(
                condition=Q(
                    planned_amount__gte=0,
                    transferred_amount__gte=0,
                    reported_amount__gte=0,
                    returned_amount__gte=0,
                ),
                name="allocation_money_not_negative",
                violation_error_message=NEGATIVE_AMOUNT_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(planned_amount__lte=F("amount")),
                name="allocation_planned_within_amount",
                violation_error_message=PLANNED_OVER_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(transferred_amount__lte=F("amount")),
                name="allocation_transferred_within_amount",
                violation_error_message=TRANSFERRED_OVER_MESSAGE,
            ),
            # Each alone, and together: what was spent and what came back is at most what
            # was sent.
            models.CheckConstraint(
                condition=Q(reported_amount__lte=F("transferred_amount")),
                name="allocation_reported_within_transferred",
                violation_error_message=ACCOUNTED_OVER_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(returned_amount__lte=F("transferred_amount")),
                name="allocation_returned_within_transferred",
                violation_error_message=ACCOUNTED_OVER_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(transferred_amount__gte=F("reported_amount") + F("returned_amount")),
                name="allocation_accounted_within_transferred",
                violation_error_message=ACCOUNTED_OVER_MESSAGE,
            ),
        ]

    class MoneyStatus(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("money status", "planned")
        TRANSFERRING = "transferring", pgettext_lazy("money status", "transferring")
        TRANSFERRED = "transferred", pgettext_lazy("money status", "transferred")
        REPORTED = "reported", pgettext_lazy("money status", "reported")
        CLOSED = "closed", pgettext_lazy("money status", "closed")
        OVERDUE = "overdue", pgettext_lazy("money status", "spending report overdue")

    def __str__(self):
        return f"{self.province} {self.fiscal_year} {self.programme}: {self.amount:,.2f}"

    def clean(self):
        """An amount below what was already transferred or planned is refused with the figures
        (the constraints say so too, but the money columns are not on any form, so Django
        would not check them before the database does)."""
        super().clean()
        if self.amount is None:
            return
        if self.transferred_amount > self.amount:
            raise ValidationError(
                {
                    "amount": gettext(
                        "%(transferred)s baht has already been transferred: the allocation "
                        "cannot be less."
                    )
                    % {"transferred": f"{self.transferred_amount:,.2f}"}
                }
            )
        if self.planned_amount > self.amount:
            raise ValidationError(
                {
                    "amount": gettext(
                        "The instalments already plan %(planned)s baht: lower them first."
                    )
                    % {"planned": f"{self.planned_amount:,.2f}"}
                }
            )

    @property
    def unaccounted_amount(self):
        """Transferred and neither reported spent nor returned yet."""
        return self.transferred_amount - self.reported_amount - self.returned_amount

    def money_status(self, today=None):
        """MoneyStatus of this allocation (two queries; lists use with_money_status())."""
        return (
            Allocation.objects.filter(pk=self.pk)
            .with_money_status(today)
            .values_list("money_status", flat=True)
            .get()
        )


def positive_amount_field(verbose_name=None, help_text=""):
    return models.DecimalField(
        verbose_name or _("amount (THB)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), message=POSITIVE_AMOUNT_MESSAGE)],
        help_text=help_text,
    )


def positive_amount_constraint(name):
    return models.CheckConstraint(
        condition=Q(amount__gt=0), name=name, violation_error_message=POSITIVE_AMOUNT_MESSAGE
    )


class MoneyRow(models.Model):
    """A row of an allocation's money trail: its amount is checked against the allocation's
    sums (budgets.services.check_money) when validated, with a Thai reason. Rows of an inline
    formset are checked together by the formset instead (budgets.admin)."""

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        transfer_id = getattr(self, "transfer_id", None)
        if transfer_id is not None and self.allocation_id is None:
            self.allocation_id = (
                Transfer._base_manager.filter(pk=transfer_id)
                .values_list("allocation_id", flat=True)
                .first()
            )
        if getattr(self, "_in_formset", False):
            return
        from .services import MoneyRefused, check_money

        try:
            check_money(self)
        except MoneyRefused as refusal:
            raise ValidationError({"amount": refusal.messages}) from None


# Finance references (the bank's or the finance department's document numbers) are staff-only:
# no public page, export or API reads them (docs/security.md).
REFERENCE_HELP = _(
    "The finance or bank document number. Seen only by staff; never published or exported "
    "to the public."
)


class Instalment(MoneyRow):
    """A planned instalment (งวด) of an allocation: what is to be transferred, and when."""

    allocation = models.ForeignKey(
        Allocation,
        on_delete=models.CASCADE,
        related_name="instalments",
        verbose_name=_("budget allocation"),
    )
    number = models.PositiveSmallIntegerField(_("instalment no."))
    planned_on = models.DateField(_("planned date"))
    amount = positive_amount_field()

    version = version_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["allocation", "number"]
        verbose_name = _("planned instalment")
        verbose_name_plural = _("planned instalments")
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "number"],
                name="instalment_number_unique",
                violation_error_message=_(
                    "This allocation already has an instalment of this number."
                ),
            ),
            positive_amount_constraint("instalment_amount_positive"),
        ]

    def __str__(self):
        return (
            f"{self.number} · {thai_calendar.be_numeric_date(self.planned_on)} · {self.amount:,.2f}"
        )


class TransferQuerySet(models.QuerySet):
    def awaiting_report(self):
        """Transfers for which no spending report has been received yet."""
        return self.filter(~Exists(SpendingReport.objects.filter(transfer=OuterRef("pk"))))

    def in_region(self, region):
        return self.filter(allocation__province__region=region)


class Transfer(MoneyRow):
    """Money sent to the recipient under an allocation (one instalment, or part of one)."""

    allocation = models.ForeignKey(
        Allocation,
        on_delete=models.PROTECT,
        related_name="transfers",
        verbose_name=_("budget allocation"),
    )
    transferred_on = models.DateField(_("transfer date"))
    amount = positive_amount_field()
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="transfers",
        verbose_name=_("recipient"),
    )
    reference = models.CharField(
        _("finance document no. (staff only)"), max_length=100, blank=True, help_text=REFERENCE_HELP
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    version = version_field()

    objects = TransferQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["allocation", "transferred_on", "pk"]
        indexes = [
            # The overdue report and digest: the oldest transfers first.
            models.Index(fields=["transferred_on"], name="transfer_date"),
        ]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            positive_amount_constraint("transfer_amount_positive"),
            # One row per finance document: an import read twice finds its rows again.
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="transfer_reference_unique",
                violation_error_message=_("Another transfer has this finance document no."),
            ),
        ]

    def __str__(self):
        return f"{thai_calendar.be_numeric_date(self.transferred_on)} · {self.amount:,.2f}"


class SpendingReport(MoneyRow):
    """The recipient's report of how a transfer was spent (acquittal, รายงานผลการใช้จ่าย)."""

    allocation = models.ForeignKey(
        Allocation,
        on_delete=models.PROTECT,
        related_name="spending_reports",
        verbose_name=_("budget allocation"),
    )
    transfer = models.ForeignKey(
        Transfer,
        on_delete=models.PROTECT,
        related_name="spending_reports",
        verbose_name=_("transfer"),
        help_text=_("The transfer whose spending this reports."),
    )
    received_on = models.DateField(_("received on"))
    amount = positive_amount_field(_("reported spent (THB)"))
    evidence = DocumentField(
        _("evidence document"),
        upload_to=attachment_upload_to,
        max_length=200,
        blank=True,
        validators=[validate_attachment],
        help_text=_("PDF, JPEG or PNG: the report and its receipts. Seen only by staff."),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)

    version = version_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["allocation", "received_on", "pk"]
        verbose_name = _("spending report")
        verbose_name_plural = _("spending reports")
        constraints = [positive_amount_constraint("spending_report_amount_positive")]

    def __str__(self):
        return f"{thai_calendar.be_numeric_date(self.received_on)} · {self.amount:,.2f}"


class MoneyReturn(MoneyRow):
    """Unspent money the recipient sent back, for one transfer or the allocation as a whole."""

    allocation = models.ForeignKey(
        Allocation,
        on_delete=models.PROTECT,
        related_name="returns",
        verbose_name=_("budget allocation"),
    )
    transfer = models.ForeignKey(
        Transfer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="returns",
        verbose_name=_("transfer"),
    )
    returned_on = models.DateField(_("returned on"))
    amount = positive_amount_field(_("returned (THB)"))
    reference = models.CharField(
        _("finance document no. (staff only)"), max_length=100, blank=True, help_text=REFERENCE_HELP
    )

    version = version_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["allocation", "returned_on", "pk"]
        verbose_name = _("returned money")
        verbose_name_plural = _("returned money")
        constraints = [positive_amount_constraint("money_return_amount_positive")]

    def __str__(self):
        return f"{thai_calendar.be_numeric_date(self.returned_on)} · {self.amount:,.2f}"


class BudgetTotalManager(models.Manager):
    def get_queryset(self):
        budget_totals.flush()  # what this transaction changed is counted already
        return super().get_queryset()


class StoredSums(models.Model):
    """What BudgetTotal and RegionBudgetTotal hold for a fiscal year and programme: the
    published allocations' amounts summed, with their money trail (transferred, reported
    spent, returned). Same field names as Allocation, so budgets.tables and the budget filters
    take either."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", verbose_name=_("programme")
    )
    amount = models.DecimalField(_("amount (THB)"), max_digits=16, decimal_places=2)
    transferred_amount = models.DecimalField(
        _("transferred (THB)"), max_digits=16, decimal_places=2, default=Decimal("0.00")
    )
    reported_amount = models.DecimalField(
        _("reported spent (THB)"), max_digits=16, decimal_places=2, default=Decimal("0.00")
    )
    returned_amount = models.DecimalField(
        _("returned (THB)"), max_digits=16, decimal_places=2, default=Decimal("0.00")
    )
    allocations = models.PositiveIntegerField(_("allocations"))

    # Reading it first rebuilds what this transaction changed.
    objects = BudgetTotalManager()

    # The columns summed, and how budgets/totals.py names their sums.
    SUMMED = ("amount", "transferred_amount", "reported_amount", "returned_amount")

    class Meta:
        abstract = True

    def __str__(self):
        place = getattr(self, "province_id", None) or getattr(self, "region_id", None)
        return f"{place} {self.fiscal_year} {self.programme_id}: {self.amount}"


class BudgetTotal(StoredSums):
    """The published allocations summed per province × fiscal year × programme: derived data
    (budgets/totals.py), so that the budget pages, tables and figures read at most
    provinces × years × programmes rows whatever the number of allocations. Never edit it by
    hand."""

    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="+", verbose_name=_("province")
    )

    class Meta:
        ordering = ["-fiscal_year", "province", "programme"]
        verbose_name = _("budget total")
        verbose_name_plural = _("budget totals")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "fiscal_year", "programme"], name="budget_total_unique"
            )
        ]


class RegionBudgetTotal(StoredSums):
    """BudgetTotal summed per region × fiscal year × programme: derived data rewritten with
    the totals of the region's provinces (budgets/totals.py), so that the national budget
    table, a region's table and the national total read a few hundred rows instead of
    grouping every province's totals on each request. Never edit it by hand."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )

    class Meta:
        ordering = ["-fiscal_year", "region", "programme"]
        verbose_name = _("region budget total")
        verbose_name_plural = _("region budget totals")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "fiscal_year", "programme"], name="region_budget_total_unique"
            )
        ]


from .totals import budget_totals  # noqa: E402 - registers the derivation, needs the models
