"""The forum's half of a provincial partnership: community proposals and the plans they reach.

Community organisation councils draw up tambon, district and provincial proposals (ข้อเสนอ) and
take them to the governor, the provincial planning process or an agency, so that they are
adopted into a development plan (แผนพัฒนาจังหวัด, แผนพัฒนาตำบล) and funded. A proposal moves
through dated steps (ProposalStep); its status is its latest step (proposals/status.py keeps it
on the proposal's row). Proposals may come from an event (a forum or meeting), and each province
has a way of working (self-governing or integrated) and district-level councils.

Everything here is written by regional staff for their region (central staff for national
records) and public only once a publisher publishes it (records.publication).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from agreements.models import Agreement, DocumentField, Theme, attachment_upload_to
from budgets.models import Allocation
from geography.models import District, Province, Region, Subdistrict
from partners.models import Organisation
from records import derived
from records.publication import ReviewedRecord, published_only_after_review
from thai import calendar as thai_calendar
from thai.bilingual import Bilingual
from uploads.validators import validate_attachment

YEAR_MESSAGE = format_lazy(
    _("A year is a Buddhist Era year between {first} and {last}."),
    first=thai_calendar.MIN_FISCAL_YEAR,
    last=thai_calendar.MAX_FISCAL_YEAR,
)
YEAR_VALIDATORS = [
    MinValueValidator(thai_calendar.MIN_FISCAL_YEAR, message=YEAR_MESSAGE),
    MaxValueValidator(thai_calendar.MAX_FISCAL_YEAR, message=YEAR_MESSAGE),
]


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Event(ReviewedRecord):
    """A forum or meeting where proposals were made."""

    class Kind(models.TextChoices):
        FORUM = "forum", _("forum")
        MEETING = "meeting", _("meeting")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.FORUM)
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title = Bilingual()
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("For events over several days.")
    )
    venue_th = models.TextField(_("venue (Thai)"), blank=True, help_text=_("One venue a line."))
    venue_en = models.TextField(_("venue (English)"), blank=True)
    venue = Bilingual()
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_organised",
        verbose_name=_("organiser"),
    )
    participants_th = models.TextField(
        _("participants (Thai)"), blank=True, help_text=_("Who took part, as the source says.")
    )
    participants_en = models.TextField(_("participants (English)"), blank=True)
    participants = Bilingual()
    participant_count = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("region"),
        help_text=_("Empty for a national event; filled from the province when one is given."),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("province"),
    )
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description = Bilingual()
    source_url = models.URLField(_("source"), max_length=500, blank=True)

    objects = PublishedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            published_only_after_review("event_published_only_after_review"),
        ]

    def __str__(self):
        return self.title_th

    def get_absolute_url(self):
        return reverse("event-detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.province_id:
            self.region_id = self.province.region_id


class Plan(ReviewedRecord):
    """A development plan a proposal can be adopted into, with its period in BE years."""

    class Kind(models.TextChoices):
        PROVINCIAL = "provincial", _("provincial development plan")
        LOCAL = "local", _("local development plan")
        TAMBON = "tambon", _("tambon plan")
        OTHER = "other", _("other plan")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title_th = models.CharField(
        _("title (Thai)"), max_length=300, help_text=_("e.g. แผนพัฒนาจังหวัดมุกดาหาร พ.ศ. 2566–2570")
    )
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title = Bilingual()
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="plans", verbose_name=_("province")
    )
    subdistrict = models.ForeignKey(
        Subdistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("sub-district (tambon)"),
        help_text=_("For a tambon plan."),
    )
    first_year = models.PositiveSmallIntegerField(_("from (BE year)"), validators=YEAR_VALIDATORS)
    last_year = models.PositiveSmallIntegerField(_("to (BE year)"), validators=YEAR_VALIDATORS)
    source_url = models.URLField(_("source"), max_length=500, blank=True)

    objects = PublishedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["province__name_th", "-first_year", "title_th"]
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="plan_period_in_order",
                violation_error_message=_("A plan's period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(first_year__gte=thai_calendar.MIN_FISCAL_YEAR)
                & Q(last_year__lte=thai_calendar.MAX_FISCAL_YEAR),
                name="plan_years_in_range",
                violation_error_message=YEAR_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(kind="tambon") | Q(subdistrict__isnull=False),
                name="plan_tambon_has_its_tambon",
                violation_error_message=_("A tambon plan names its sub-district."),
            ),
            published_only_after_review("plan_published_only_after_review"),
        ]

    def __str__(self):
        return f"{self.title_th} (พ.ศ. {self.first_year}–{self.last_year})"

    @property
    def period(self):
        return f"{self.first_year}–{self.last_year}"

    def clean(self):
        super().clean()
        if self.subdistrict_id and self.province_id:
            if self.subdistrict.district.province_id != self.province_id:
                raise ValidationError(
                    {"subdistrict": _("The sub-district is in another province.")}
                )


# The name of the derived status (proposals/status.py), and its columns.
PROPOSAL_STATUS = "proposal status"
DERIVED_STATUS_FIELDS = ["status", "status_on"]


class ProposalManager(models.Manager.from_queryset(PublishedQuerySet)):
    def get_queryset(self):
        derived.flush_named(PROPOSAL_STATUS)  # a step this transaction wrote counts already
        return super().get_queryset()


class Proposal(ReviewedRecord):
    class Level(models.TextChoices):
        TAMBON = "tambon", _("tambon")
        DISTRICT = "district", _("district")
        PROVINCE = "province", _("province")
        REGION = "region", _("region")
        NATIONAL = "national", _("national")

    class Addressee(models.TextChoices):
        GOVERNOR = "governor", _("the provincial governor")
        PROVINCIAL_COMMITTEE = (
            "provincial_committee",
            _("the provincial integrated administration committee"),
        )
        AGENCY = "agency", _("a government agency")
        LOCAL_GOVERNMENT = "local_government", _("a local government")
        CODI = "codi", _("CODI")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        DRAFTED = "drafted", _("drafted")
        SUBMITTED = "submitted", pgettext_lazy("proposal step", "submitted")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        ADOPTED = "adopted", _("adopted into a plan")
        FUNDED = "funded", _("funded")
        IMPLEMENTED = "implemented", _("implemented")
        NOT_ADOPTED = "not_adopted", _("not adopted")

    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title = Bilingual()
    text_th = models.TextField(_("text (Thai)"), help_text=_("As the proposal is written."))
    text_en = models.TextField(_("text (English)"), blank=True)
    text = Bilingual()
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("region"),
        help_text=_("Filled from the province; empty for a national proposal."),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("province"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("district"),
    )
    subdistrict = models.ForeignKey(
        Subdistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("sub-district (tambon)"),
    )
    proposed_by = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="proposals",
        verbose_name=_("proposed by"),
        help_text=_("e.g. the provincial community organisation council."),
    )
    addressed_to = models.CharField(
        _("addressed to"), max_length=24, choices=Addressee.choices, blank=True
    )
    addressed_to_name_th = models.CharField(
        _("addressed to, by name (Thai)"),
        max_length=300,
        blank=True,
        help_text=_("The agency or body by name, as written."),
    )
    addressed_to_name_en = models.CharField(
        _("addressed to, by name (English)"), max_length=300, blank=True
    )
    addressed_to_name = Bilingual("addressed_to_name_th", "addressed_to_name_en")
    proposed_on = models.DateField(_("date"))
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="proposals", verbose_name=_("themes")
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("event"),
        help_text=_("The forum or meeting it came from."),
    )
    agreements = models.ManyToManyField(
        Agreement,
        blank=True,
        related_name="proposals",
        verbose_name=_("agreements that came of it"),
    )
    allocations = models.ManyToManyField(
        Allocation,
        blank=True,
        related_name="proposals",
        verbose_name=_("allocations that came of it"),
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    # Its latest step, kept by proposals/status.py: derived data, never edited.
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFTED,
        editable=False,
    )
    status_on = models.DateField(_("status since"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProposalManager()

    history = HistoricalRecords(
        excluded_fields=["status", "status_on"], m2m_fields=[proposed_by, themes]
    )

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        indexes = [
            models.Index(F("proposed_on").desc(), F("id").desc(), name="proposal_list_order"),
            # A province's latest published proposals (its page) without walking the whole
            # list's order past the other provinces' (600 rows at national scale).
            models.Index(
                "province",
                F("proposed_on").desc(),
                F("id").desc(),
                name="proposal_province_order",
                condition=Q(is_published=True),
            ),
        ]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="national", province__isnull=True, region__isnull=True)
                | Q(level="region", region__isnull=False, province__isnull=True)
                | Q(level="province", province__isnull=False, district__isnull=True)
                | Q(level="district", district__isnull=False, subdistrict__isnull=True)
                | Q(level="tambon", subdistrict__isnull=False),
                name="proposal_area_fits_its_level",
                violation_error_message=_(
                    "Give the area of the proposal's level: no province for a national one, the "
                    "region for a regional one, the province, district or sub-district for the "
                    "others."
                ),
            ),
            published_only_after_review("proposal_published_only_after_review"),
        ]

    def __str__(self):
        return self.title_th

    def get_absolute_url(self):
        return reverse("proposal-detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        # The status is its steps' (proposals/status.py): a save of the proposal never writes
        # back the status it was loaded with, which a step added since may have moved on.
        if self.pk is not None and kwargs.get("update_fields") is None and not self._state.adding:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in DERIVED_STATUS_FIELDS
            ]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # The larger areas follow from the smallest one given; a region is given by hand only
        # for a regional proposal.
        if self.subdistrict_id:
            self.district_id = self.subdistrict.district_id
        if self.district_id:
            self.province_id = self.district.province_id
        if self.province_id:
            self.region_id = self.province.region_id
        elif self.level != self.Level.REGION:
            self.region_id = None


class ProposalStep(models.Model):
    """One dated step of a proposal: submitted to someone, acknowledged, adopted into a plan
    (which plan, which project or line), funded (how much, from where), implemented, or not
    adopted (why)."""

    Step = Proposal.Status

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="steps", verbose_name=_("proposal")
    )
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    taken_on = models.DateField(_("date"))
    note_th = models.TextField(
        _("note (Thai)"),
        blank=True,
        help_text=_("Public with the proposal: no personal data. Required for “not adopted”: why."),
    )
    note_en = models.TextField(_("note (English)"), blank=True)
    note = Bilingual()
    plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("plan"),
        help_text=_("For “adopted into a plan”: the plan."),
    )
    plan_line_th = models.CharField(_("project or line in the plan"), max_length=300, blank=True)
    amount = models.DecimalField(
        _("amount (THB)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), message=_("An amount cannot be negative."))],
        help_text=_("For “funded”: how much."),
    )
    funding_source_th = models.CharField(_("source of the money"), max_length=300, blank=True)
    evidence = DocumentField(
        _("evidence document"),
        upload_to=attachment_upload_to,
        max_length=200,
        blank=True,
        validators=[validate_attachment],
        help_text=_("PDF, JPEG or PNG, e.g. the letter or the page of the plan."),
    )
    evidence_is_public = models.BooleanField(
        _("evidence is public"),
        default=False,
        help_text=_("Check for personal data (ID numbers, signatures of private persons) first."),
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["taken_on", "pk"]
        verbose_name = _("proposal step")
        verbose_name_plural = _("proposal steps")
        constraints = [
            models.CheckConstraint(
                condition=~Q(step="adopted") | Q(plan__isnull=False),
                name="proposalstep_adopted_names_its_plan",
                violation_error_message=_("“Adopted into a plan” names the plan."),
            ),
            models.CheckConstraint(
                condition=(~Q(step="funded") | Q(amount__isnull=False))
                & (Q(step="funded") | Q(amount__isnull=True)),
                name="proposalstep_amount_only_when_funded",
                violation_error_message=_("An amount belongs to “funded”, which needs one."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="proposalstep_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(step="not_adopted") | ~Q(note_th=""),
                name="proposalstep_not_adopted_says_why",
                violation_error_message=_("Say why the proposal was not adopted."),
            ),
        ]

    def __str__(self):
        return f"{self.get_step_display()} ({self.taken_on})"


class ProvinceWorkingMode(ReviewedRecord):
    """How a province works as a development partner, from the day it was agreed: a
    self-governing province (จังหวัดจัดการตนเอง) or an integrated one (จังหวัดบูรณาการ), with or
    without a provincial community council and a working team and secretariat. The latest
    published row is the province's way of working now; earlier ones are its history."""

    class Mode(models.TextChoices):
        SELF_GOVERNING = "self_governing", _("self-governing province")
        INTEGRATED = "integrated", _("integrated province")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="working_modes", verbose_name=_("province")
    )
    mode = models.CharField(_("way of working"), max_length=16, choices=Mode.choices)
    agreed_on = models.DateField(_("agreed on"))
    has_provincial_council = models.BooleanField(
        _("provincial community organisation council"), default=False
    )
    has_working_team = models.BooleanField(_("working team and secretariat"), default=False)
    note_th = models.TextField(_("note (Thai)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    note = Bilingual()

    objects = PublishedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["province__name_th", "-agreed_on"]
        verbose_name = _("province's way of working")
        verbose_name_plural = _("provinces' ways of working")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "agreed_on"],
                name="provinceworkingmode_one_per_day",
                violation_error_message=_(
                    "This province already has a way of working from that day."
                ),
            ),
            published_only_after_review("provinceworkingmode_published_only_after_review"),
        ]

    def __str__(self):
        return f"{self.province}: {self.get_mode_display()} ({self.agreed_on})"


class DistrictCouncil(ReviewedRecord):
    """A district-level community organisation council (สภาองค์กรชุมชนระดับอำเภอ)."""

    district = models.OneToOneField(
        District,
        on_delete=models.PROTECT,
        related_name="community_council",
        verbose_name=_("district"),
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    note_th = models.TextField(_("note (Thai)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    note = Bilingual()

    objects = PublishedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["district__province__name_th", "district__name_th"]
        verbose_name = _("district community council")
        verbose_name_plural = _("district community councils")
        constraints = [
            published_only_after_review("districtcouncil_published_only_after_review"),
        ]

    def __str__(self):
        return str(self.district)


# The name of the derived figures (proposals/figures.py).
PROVINCE_PROPOSAL_FIGURES = "province proposal figures"


class ProvinceProposalFiguresManager(models.Manager):
    def get_queryset(self):
        derived.flush_named(PROVINCE_PROPOSAL_FIGURES)  # what this transaction changed counts
        return super().get_queryset()


class ProvinceProposalFigures(models.Model):
    """A province's proposals and way of working as the partnership dashboard and its export
    count them: derived data (proposals/figures.py), so that they read one row per province
    instead of every proposal, step and council. Only provinces with something to count have
    a row; a missing row is nothing recorded. Never edit it by hand."""

    province = models.OneToOneField(
        Province,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("province"),
    )
    mode = models.CharField(
        _("way of working"),
        max_length=16,
        choices=ProvinceWorkingMode.Mode.choices,
        blank=True,
        help_text=_("Of its latest published way of working; empty when none is recorded."),
    )
    proposals_submitted = models.PositiveIntegerField(_("proposals submitted"), default=0)
    proposals_adopted = models.PositiveIntegerField(_("proposals adopted into a plan"), default=0)
    proposals_funded = models.PositiveIntegerField(_("proposals funded"), default=0)
    district_councils = models.PositiveIntegerField(_("district community councils"), default=0)

    objects = ProvinceProposalFiguresManager()

    class Meta:
        ordering = ["province"]
        verbose_name = _("province proposal figures")
        verbose_name_plural = _("province proposal figures")

    def __str__(self):
        counts = (self.proposals_submitted, self.proposals_adopted, self.proposals_funded)
        return f"{self.province_id}: " + " / ".join(map(str, counts))


# The name of the derived total of published proposals (proposals/figures.py).
PROPOSAL_TOTAL = "proposal total"


class ProposalTotalManager(models.Manager):
    def get_queryset(self):
        derived.flush_named(PROPOSAL_TOTAL)  # what this transaction published counts already
        return super().get_queryset()


class ProposalTotal(models.Model):
    """How many proposals are published, in one row: derived data (proposals/figures.py),
    counted again after every audited change of a proposal, so that the open-data API's
    unfiltered list reads a number instead of counting every published proposal each time.
    Never edit it by hand."""

    ONLY = 1

    published = models.PositiveIntegerField(_("published proposals"))

    objects = ProposalTotalManager()

    class Meta:
        verbose_name = _("proposal total")
        verbose_name_plural = _("proposal totals")

    def __str__(self):
        return str(self.published)


# A proposal at one step longer than this many months (PROPOSAL_WAITING_MONTHS, by default the
# follow-up threshold) is listed in its region's follow-up digest.
FINAL_STEPS = [Proposal.Status.IMPLEMENTED, Proposal.Status.NOT_ADOPTED]


def waiting_proposals(*, since):
    """The proposals of a region (national ones are central staff's) still on their way — not
    implemented, not refused — that have been at their step, or drafted, since before `since`:
    the longest waiting first. Published or not: this is for staff."""
    return (
        Proposal.objects.filter(region__isnull=False)
        .exclude(status__in=FINAL_STEPS)
        .annotate(waiting_since=Coalesce("status_on", "proposed_on"))
        .filter(waiting_since__lt=since)
        .select_related("province", "region")
        .order_by("waiting_since", "pk")
    )
