"""Tracking what follows a signing: how far each commitment has come (progress updates) and
the weekly digests of agreements that need following up. A province's partnership status is
derived from these and the agreements' follow-up activities (partnership.py), never stored."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import Activity, Responsibility, ScopeClause
from geography.models import Region
from records.publication import ReviewedRecord, published_only_after_review
from thai.bilingual import Bilingual


class ProgressUpdateQuerySet(models.QuerySet):
    def published(self):
        """The updates a publisher has published (records.publication)."""
        return self.filter(is_published=True)

    def current_on(self, commitment_field):
        """The latest published update of each commitment of one kind (`commitment_field` is
        "clause" or "responsibility"): the published updates with no later one (a later date,
        or the same date and entered later) on the same commitment. Read from the updates'
        side, so that counting over many commitments is one anti-join, not a probe per
        commitment."""
        later = Q(recorded_on__gt=models.OuterRef("recorded_on")) | Q(
            recorded_on=models.OuterRef("recorded_on"), pk__gt=models.OuterRef("pk")
        )
        same = {commitment_field: models.OuterRef(commitment_field)}
        return (
            self.published()
            .filter(**{f"{commitment_field}__isnull": False})
            .exclude(models.Exists(self.model.objects.published().filter(later, **same)))
        )


class ProgressUpdate(ReviewedRecord):
    """A dated note of how far a commitment (a scope clause or a party's duty) has come.

    The latest update of a commitment is its current status (CommitmentQuerySet.with_progress);
    earlier ones are its history. Public with a published agreement, once a publisher has
    published it (records.publication).
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    clause = models.ForeignKey(
        ScopeClause,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("scope clause"),
    )
    responsibility = models.ForeignKey(
        Responsibility,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("responsibility"),
    )
    recorded_on = models.DateField(_("as of"), help_text=_("The day the progress was seen."))
    status = models.CharField(_("progress"), max_length=16, choices=Status.choices)
    note_th = models.CharField(
        _("note (Thai)"),
        max_length=500,
        blank=True,
        help_text=_("Public with the agreement: no personal data."),
    )
    note_en = models.CharField(_("note (English)"), max_length=500, blank=True)
    note = Bilingual()
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("shown by activity"),
        help_text=_("The follow-up activity that showed this progress, if any."),
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    objects = ProgressUpdateQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        indexes = [
            models.Index(fields=["clause", "recorded_on"], name="progress_clause_date"),
            models.Index(fields=["responsibility", "recorded_on"], name="progress_duty_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(clause__isnull=False, responsibility__isnull=True)
                | Q(clause__isnull=True, responsibility__isnull=False),
                name="progressupdate_one_commitment",
                violation_error_message=_(
                    "A progress update is about one commitment: a scope clause or a duty."
                ),
            ),
            published_only_after_review("progressupdate_published_only_after_review"),
        ]

    def __str__(self):
        return f"{self.commitment}: {self.get_status_display()} ({self.recorded_on})"

    @property
    def commitment(self):
        return self.clause or self.responsibility

    @property
    def agreement_id(self):
        if self.clause_id:
            return self.clause.agreement_id
        if self.responsibility_id:
            return self.responsibility.party.agreement_id
        return None

    def clean(self):
        super().clean()
        if self.activity_id and self.activity.agreement_id != self.agreement_id:
            raise ValidationError(
                {"activity": _("Choose a follow-up activity of the same agreement.")}
            )


class FollowupDigest(models.Model):
    """A record that a region's staff were sent the weekly list of agreements needing follow-up.

    `manage.py notify_followups` writes one per region and week, and leaves out regions that
    already have one, so each region gets one digest a week however often the command runs.
    """

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="followup_digests",
        verbose_name=_("region"),
    )
    week = models.DateField(
        _("week of"), help_text=_("The Monday of the week (ISO) the digest was sent for.")
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.TextField(
        _("recipients"), help_text=_("The e-mail addresses it was sent to, separated by commas.")
    )
    agreement_count = models.PositiveIntegerField(
        _("agreements listed"), help_text=_("How many agreements needing follow-up it listed.")
    )

    class Meta:
        ordering = ["-week", "region__sort_order"]
        verbose_name = _("follow-up digest")
        verbose_name_plural = _("follow-up digests")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "week"],
                name="followupdigest_once_per_region_week",
                violation_error_message=_("This region was already sent its digest this week."),
            ),
        ]

    def __str__(self):
        """Reads the region: select_related("region") when listing digests."""
        return f"{self.region}: {self.week:%Y-%m-%d}"


class ProvinceFigures(models.Model):
    """A province's partnership figures (tracking/figures.py): derived data, so that the
    national pages read 77 rows instead of every agreement, activity, party and progress note.

    Figures depend on the day (an agreement comes into force, a follow-up grows old), so each
    row says for which days it holds: from `computed_on` until the day before `valid_until`,
    the first day on which a date in the province's records would change it. A read for a day
    outside that span rebuilds the row first; any audited change of what it counts rebuilds
    it when the change commits. Never edit it by hand.
    """

    province = models.OneToOneField(
        "geography.Province",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("province"),
    )
    computed_on = models.DateField(_("as of"))
    valid_until = models.DateField(_("valid until (exclusive)"))
    agreements = models.PositiveIntegerField(_("published agreements"))
    in_force = models.PositiveIntegerField(_("in force"))
    newest_signed = models.DateField(null=True)
    last_ended = models.DateField(null=True)
    last_followup = models.DateField(null=True)
    recent_followups = models.PositiveIntegerField()
    commitments_done = models.PositiveIntegerField()
    commitments_tracked = models.PositiveIntegerField()
    # {organisation kind: organisations of that kind party to an agreement in force}
    partners_by_kind = models.JSONField(default=dict)
    # Organisations with a role in the province's published agreements, and the ids of the
    # first TOP_PARTNERS of them (most agreements there first, then by name).
    partners = models.PositiveIntegerField(default=0)
    top_partners = models.JSONField(default=list)
    # Published follow-ups that count for the province, whenever they are held, and the ids
    # of the latest LATEST_FOLLOWUPS of them, newest first (its page's timeline).
    followups = models.PositiveIntegerField(default=0)
    latest_followups = models.JSONField(default=list)
    # The province page's lists by status: [pk, status, how many have that status] of the
    # latest LATEST_AGREEMENTS published agreements of each status, newest first. A status
    # that changes without a date of `valid_until` (in force → expiring) keeps its group.
    latest_agreements = models.JSONField(default=list)
    # {status: how many published agreements have it}, for the lists' counts by status; the
    # row's `valid_until` includes the day an agreement enters the "expiring" window.
    status_counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("province figures")
        verbose_name_plural = _("province figures")

    def __str__(self):
        return f"{self.province_id} as of {self.computed_on}"
