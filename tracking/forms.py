"""The progress of commitments, as staff record it: one form per commitment, and the page of
all of one agreement's commitments."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.forms import activity_label
from agreements.models import Activity, AgreementParty, Responsibility, ScopeClause
from thai.forms import ThaiDateField, ThaiDateWidget

from .models import ProgressUpdate


class ProgressUpdateForm(forms.ModelForm):
    """One progress update of one commitment: on the agreement's "track commitments" page (one
    form per clause and duty, each left out when untouched) and in the progress update admin.

    `activity_choices`, when given, are the options of the activity drop-down already read
    once for every form of the page; otherwise the form reads its agreement's activities.
    """

    class Meta:
        model = ProgressUpdate
        fields = ["status", "recorded_on", "note_th", "note_en", "activity"]
        field_classes = {"recorded_on": ThaiDateField}
        widgets = {
            "recorded_on": ThaiDateWidget,
            "note_th": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            "note_en": forms.Textarea(attrs={"rows": 2, "cols": 40}),
        }

    def __init__(self, *args, activity_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["activity"]
        agreement_id = self.instance.agreement_id  # of its clause or duty
        field.queryset = (
            Activity.objects.filter(agreement_id=agreement_id)
            if agreement_id
            else Activity.objects.none()
        )
        field.label_from_instance = activity_label
        if activity_choices is not None:
            field.choices = activity_choices

    def clean_recorded_on(self):
        day = self.cleaned_data["recorded_on"]
        if day and day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="future")
        return day


class CommitmentProgressForms:
    """The "track commitments" page of one agreement: a ProgressUpdateForm for each scope
    clause (`clauses`: [(clause, form)]) and each duty (`parties`: [(party, [(duty, form)])],
    parties with duties only, in signing order). Commitments carry their current progress
    (CommitmentQuerySet.with_progress).

    A form left as it was shown (no progress chosen, today's date, no note) records nothing,
    so staff fill in only the commitments they have news of. Five queries, whatever the
    number of commitments: clauses, parties, their duties, the agreement's activities, the
    updates awaiting review.
    """

    def __init__(self, agreement, data=None, *, today):
        self.is_bound = data is not None
        clauses = ScopeClause.objects.filter(agreement=agreement).with_progress()
        parties = (
            AgreementParty.objects.filter(agreement=agreement)
            .select_related("organisation", "signatory")
            .prefetch_related(
                models.Prefetch("responsibilities", queryset=Responsibility.objects.with_progress())
            )
        )
        activities = Activity.objects.filter(agreement=agreement).order_by("-starts_on", "-pk")
        activity_choices = [("", "---------")] + [(a.pk, activity_label(a)) for a in activities]

        def form(commitment, prefix):
            return ProgressUpdateForm(
                data,
                prefix=prefix,
                instance=ProgressUpdate(**{commitment.progress_field: commitment}),
                initial={"recorded_on": today},
                empty_permitted=True,
                use_required_attribute=False,
                activity_choices=activity_choices,
            )

        self.clauses = [(clause, form(clause, f"clause-{clause.pk}")) for clause in clauses]
        self.parties = []
        for party in parties:
            duties = [
                (duty, form(duty, f"duty-{duty.pk}")) for duty in party.responsibilities.all()
            ]
            if duties:
                self.parties.append((party, duties))
        self._attach_awaiting(agreement)

    def _attach_awaiting(self, agreement):
        """Each commitment's updates awaiting review (`awaiting`, newest first): the current
        progress is the latest published one, so staff see beside it what waits for a
        publisher. One query."""
        commitments = {("clause", c.pk): c for c, _form in self.clauses}
        for _party, duties in self.parties:
            commitments.update({("responsibility", d.pk): d for d, _form in duties})
        for commitment in commitments.values():
            commitment.awaiting = []
        waiting = ProgressUpdate.objects.filter(
            models.Q(clause__agreement=agreement)
            | models.Q(responsibility__party__agreement=agreement),
            awaiting_review=True,
        ).order_by("-recorded_on", "-pk")
        for update in waiting:
            kind = "clause" if update.clause_id else "responsibility"
            commitment = commitments.get((kind, update.clause_id or update.responsibility_id))
            if commitment is not None:
                commitment.awaiting.append(update)

    @property
    def forms(self):
        yield from (form for _clause, form in self.clauses)
        for _party, duties in self.parties:
            yield from (form for _duty, form in duties)

    @property
    def media(self):
        return ThaiDateWidget().media  # the calendar of the date inputs

    def is_valid(self):
        return all([form.is_valid() for form in self.forms])  # a list: validate every form

    def updates(self):
        """The new updates (unsaved) of the forms that were filled in; call is_valid() first."""
        return [form.save(commit=False) for form in self.forms if form.has_changed()]
