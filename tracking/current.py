"""The current progress of each commitment, stored on the commitment: derived data
(records.derived) that agreements.CommitmentQuerySet.with_progress reads.

A scope clause's or duty's current progress is its latest progress update (the latest day, then
the latest entered). Each row keeps that update's status, date and notes in its `progress_*`
columns; any audited change of a progress update marks the commitments it is on, or was on
before a change or a deletion, and their columns are written again when the change commits (or
before a read in the same transaction). The columns are written with QuerySet.update(), so the
commitments' own audit trail never sees them. `manage.py rebuild_derived` rewrites every row.
"""

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from agreements.models import CURRENT_PROGRESS, Responsibility, ScopeClause
from records.derived import Derived, history_values

from .models import ProgressUpdate

# Rows written per UPDATE: a bounded list of keys in each statement.
BATCH = 1000
KINDS = {"clause": ScopeClause, "responsibility": Responsibility}


def rebuild(keys):
    """Write the current progress of the commitments `keys` ((kind, pk), kind in KINDS): their
    latest published update (one awaiting review is not shown until it is published)."""
    for kind, model in KINDS.items():
        pks = sorted(pk for key_kind, pk in keys if key_kind == kind)
        latest = (
            ProgressUpdate.objects.published()
            .filter(**{kind: OuterRef("pk")})
            .order_by("-recorded_on", "-pk")
        )
        for start in range(0, len(pks), BATCH):
            model.objects.filter(pk__in=pks[start : start + BATCH]).update(
                progress_status=Coalesce(Subquery(latest.values("status")[:1]), Value("")),
                progress_on=Subquery(latest.values("recorded_on")[:1]),
                progress_note_th=Coalesce(Subquery(latest.values("note_th")[:1]), Value("")),
                progress_note_en=Coalesce(Subquery(latest.values("note_en")[:1]), Value("")),
            )


def _commitments(model, pks):
    """The commitments the updates `pks` are on, or were on (a move or a deletion)."""
    return {
        (kind, pk) for kind in KINDS for pk in history_values(model, pks, kind) if pk is not None
    }


def everything():
    return [
        (kind, pk)
        for kind, model in KINDS.items()
        for pk in model.objects.values_list("pk", flat=True)
    ]


current_progress = Derived(CURRENT_PROGRESS, rebuild, everything=everything)
current_progress.follow("tracking.ProgressUpdate", _commitments)
