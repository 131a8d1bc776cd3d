from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import Agreement
from geography.models import Province
from partners.models import Organisation
from records.locking import version_field
from records.publication import ReviewedRecord, published_only_after_review
from thai import calendar as thai_calendar
from thai.bilingual import Bilingual

NEGATIVE_AMOUNT_MESSAGE = _("An amount cannot be negative.")
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
        ]

    def __str__(self):
        return f"{self.province} {self.fiscal_year} {self.programme}: {self.amount:,.2f}"


class BudgetTotalManager(models.Manager):
    def get_queryset(self):
        budget_totals.flush()  # what this transaction changed is counted already
        return super().get_queryset()


class BudgetTotal(models.Model):
    """The published allocations summed per province × fiscal year × programme: derived data
    (budgets/totals.py), so that the budget pages, tables and figures read at most
    provinces × years × programmes rows whatever the number of allocations.

    Same field names as Allocation, so budgets.tables and the budget filters take either.
    Never edit it by hand; reading it through `objects` first rebuilds what this transaction
    changed.
    """

    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="+", verbose_name=_("province")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", verbose_name=_("programme")
    )
    amount = models.DecimalField(_("amount (THB)"), max_digits=16, decimal_places=2)
    allocations = models.PositiveIntegerField(_("allocations"))

    objects = BudgetTotalManager()

    class Meta:
        ordering = ["-fiscal_year", "province", "programme"]
        verbose_name = _("budget total")
        verbose_name_plural = _("budget totals")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "fiscal_year", "programme"], name="budget_total_unique"
            )
        ]

    def __str__(self):
        return f"{self.province_id} {self.fiscal_year} {self.programme_id}: {self.amount}"


from .totals import budget_totals  # noqa: E402 - registers the derivation, needs the models
