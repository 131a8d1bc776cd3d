"""Each commitment keeps its current progress (tracking/current.py): the latest update's status,
date and notes, written again whenever an update is added, changed, moved or deleted."""

import datetime

import pytest
from django.db import transaction

from agreements.models import Responsibility, ScopeClause
from records import derived
from tests.factories import (
    AgreementPartyFactory,
    ProgressUpdateFactory,
    ResponsibilityFactory,
    ScopeClauseFactory,
)
from tracking.models import ProgressUpdate

pytestmark = pytest.mark.django_db
D = datetime.date
S = ProgressUpdate.Status


def current(model, pk):
    row = model.objects.with_progress().get(pk=pk)
    return row.progress_status, row.progress_on, row.progress_note_th, row.progress_note_en


def test_a_commitment_with_no_update_has_no_progress():
    clause = ScopeClauseFactory()
    assert current(ScopeClause, clause.pk) == ("", None, "", "")
    assert ScopeClause.objects.with_progress().get(pk=clause.pk).progress is None


def test_the_latest_day_wins_then_the_latest_entered():
    clause = ScopeClauseFactory()
    ProgressUpdateFactory(clause=clause, recorded_on=D(2026, 3, 1), status=S.DONE, note_th="ก")
    ProgressUpdateFactory(clause=clause, recorded_on=D(2026, 1, 1), status=S.NOT_STARTED)
    assert current(ScopeClause, clause.pk) == (S.DONE, D(2026, 3, 1), "ก", "")
    ProgressUpdateFactory(
        clause=clause, recorded_on=D(2026, 3, 1), status=S.DROPPED, note_th="ข", note_en="b"
    )
    assert current(ScopeClause, clause.pk) == (S.DROPPED, D(2026, 3, 1), "ข", "b")


def test_a_deleted_or_moved_update_leaves_each_commitment_as_its_updates_say():
    first, second = ScopeClauseFactory.create_batch(2)
    older = ProgressUpdateFactory(clause=first, recorded_on=D(2026, 1, 1), status=S.IN_PROGRESS)
    newer = ProgressUpdateFactory(clause=first, recorded_on=D(2026, 2, 1), status=S.DONE)
    assert current(ScopeClause, first.pk)[0] == S.DONE

    newer.clause = second
    newer.save()
    assert current(ScopeClause, first.pk)[0] == S.IN_PROGRESS
    assert current(ScopeClause, second.pk)[0] == S.DONE

    older.delete()
    assert current(ScopeClause, first.pk) == ("", None, "", "")


def test_a_duty_keeps_its_own():
    duty = ResponsibilityFactory(party=AgreementPartyFactory())
    ProgressUpdateFactory(clause=None, responsibility=duty, status=S.DONE, note_en="Done")
    assert current(Responsibility, duty.pk)[0] == S.DONE
    assert current(Responsibility, duty.pk)[3] == "Done"


def test_the_columns_are_written_when_the_change_commits_without_an_audit_entry(
    django_capture_on_commit_callbacks,
):
    # The test's own transaction never commits: the whole story happens in the captured one.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        clause = ScopeClauseFactory()
        ProgressUpdateFactory(clause=clause, status=S.DONE)
    assert derived.flush_all() == 0
    # Read without with_progress(), which would rebuild first: the commit wrote it.
    assert ScopeClause.objects.get(pk=clause.pk).progress_status == S.DONE
    assert clause.history.count() == 1  # its creation: the commitment's audit trail is untouched


def test_rebuilding_everything_gives_what_the_updates_say():
    clauses = ScopeClauseFactory.create_batch(3)
    for day, clause in enumerate(clauses, start=1):
        ProgressUpdateFactory(clause=clause, recorded_on=D(2026, 1, day), status=S.DONE)
    derived.flush_all()
    ScopeClause.objects.filter(pk__in=[c.pk for c in clauses]).update(progress_status="")
    derived.rebuild_everything()
    assert {current(ScopeClause, c.pk)[0] for c in clauses} == {S.DONE}
