"""Commitments (scope clauses and duties) and their progress: the latest update is the current
status, read in SQL, and the counts per province over published agreements only."""

import datetime

import pytest
from django.utils import translation

from agreements.models import Responsibility, ScopeClause
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    ProgressUpdateFactory,
    ResponsibilityFactory,
    ScopeClauseFactory,
    province,
)
from tracking.models import ProgressUpdate
from tracking.partnership import commitment_counts

pytestmark = pytest.mark.django_db

D = datetime.date
P = ProgressUpdate.Status


def clause_update(clause, day, status, **fields):
    return ProgressUpdateFactory(clause=clause, recorded_on=day, status=status, **fields)


def duty_update(duty, day, status, **fields):
    return ProgressUpdateFactory(
        clause=None, responsibility=duty, recorded_on=day, status=status, **fields
    )


def clause_read(clause):
    return ScopeClause.objects.with_progress().get(pk=clause.pk)


def duty_read(duty):
    return Responsibility.objects.with_progress().get(pk=duty.pk)


def test_a_commitment_without_updates_has_no_progress():
    clause = clause_read(ScopeClauseFactory())
    assert clause.progress is None
    assert clause.progress_on is None
    assert clause.progress_note == ""


def test_the_latest_date_wins_whatever_the_order_of_entry():
    clause = ScopeClauseFactory()
    clause_update(clause, D(2026, 6, 1), P.IN_PROGRESS, note_th="กำลังทำ")
    clause_update(clause, D(2026, 1, 1), P.DONE, note_th="เสร็จ")  # entered later, dated earlier
    read = clause_read(clause)
    assert (read.progress, read.progress_on, read.progress_note) == (
        P.IN_PROGRESS,
        D(2026, 6, 1),
        "กำลังทำ",
    )


@pytest.mark.parametrize(("first", "second"), [(P.IN_PROGRESS, P.DONE), (P.DONE, P.IN_PROGRESS)])
def test_on_the_same_date_the_last_entered_wins(first, second):
    clause = ScopeClauseFactory()
    clause_update(clause, D(2026, 6, 1), first)
    clause_update(clause, D(2026, 6, 1), second)
    assert clause_read(clause).progress == second


def test_a_duty_reads_its_own_latest_update_only():
    duty = ResponsibilityFactory()
    other = ResponsibilityFactory(party=duty.party)
    duty_update(duty, D(2026, 2, 1), P.NOT_STARTED)
    duty_update(duty, D(2026, 3, 1), P.DROPPED, note_th="ยกเลิก", note_en="Dropped by the party")
    duty_update(other, D(2026, 9, 1), P.DONE)
    read = duty_read(duty)
    assert (read.progress, read.progress_on) == (P.DROPPED, D(2026, 3, 1))
    with translation.override("en"):
        assert read.progress_note == "Dropped by the party"
    with translation.override("th"):
        assert read.progress_note == "ยกเลิก"
    assert duty_read(other).progress == P.DONE


def test_current_updates_are_the_latest_of_each_commitment():
    agreement = AgreementFactory()
    done = ScopeClauseFactory(agreement=agreement)
    clause_update(done, D(2026, 1, 1), P.IN_PROGRESS)
    clause_update(done, D(2026, 2, 1), P.DONE)
    reopened = ScopeClauseFactory(agreement=agreement)  # done once, in progress again since
    clause_update(reopened, D(2026, 1, 1), P.DONE)
    clause_update(reopened, D(2026, 2, 1), P.IN_PROGRESS)
    dropped = ScopeClauseFactory(agreement=agreement)
    clause_update(dropped, D(2026, 1, 1), P.DROPPED)
    ScopeClauseFactory(agreement=agreement)  # nothing recorded
    other = ScopeClauseFactory()
    clause_update(other, D(2026, 1, 1), P.DONE)

    same_day = ScopeClauseFactory(agreement=agreement)  # two updates on one day: the last entered
    clause_update(same_day, D(2026, 3, 1), P.DONE)
    last_entered = clause_update(same_day, D(2026, 3, 1), P.IN_PROGRESS)

    current = ProgressUpdate.objects.current_on("clause")
    assert sorted(current.values_list("clause", "status")) == sorted(
        [
            (done.pk, P.DONE),
            (reopened.pk, P.IN_PROGRESS),
            (dropped.pk, P.DROPPED),
            (other.pk, P.DONE),
            (same_day.pk, P.IN_PROGRESS),
        ]
    )
    assert current.get(clause=same_day) == last_entered
    assert not ProgressUpdate.objects.current_on("responsibility").exists()


class TestCommitmentCounts:
    """Per province: (done, tracked) over clauses and duties of published agreements.

    Mukdahan, hand-counted:
    - a published agreement in force: clause done, clause in progress, clause untracked;
      one party's duty done, another duty untracked          -> done 2, tracked 3
    - a published agreement that expired: clause done        -> done 1, tracked 1
    - an unpublished agreement: clause done, duty done       -> not counted
    Total (3, 4). Kanchanaburi: one dropped duty, (0, 1). Krabi has nothing: absent.
    """

    @pytest.fixture(autouse=True)
    def commitments(self):
        mukdahan = province("mukdahan")
        current = AgreementFactory(province=mukdahan)
        clause_update(ScopeClauseFactory(agreement=current), D(2026, 5, 1), P.DONE)
        clause_update(ScopeClauseFactory(agreement=current), D(2026, 5, 1), P.IN_PROGRESS)
        ScopeClauseFactory(agreement=current)
        party = AgreementPartyFactory(agreement=current)
        duty_update(ResponsibilityFactory(party=party), D(2026, 5, 1), P.DONE)
        ResponsibilityFactory(party=party)

        expired = AgreementFactory(
            province=mukdahan, signed_on=D(2019, 1, 1), ends_on=D(2020, 1, 1)
        )
        clause_update(ScopeClauseFactory(agreement=expired), D(2019, 6, 1), P.DONE)

        draft = AgreementFactory(province=mukdahan, is_published=False)
        clause_update(ScopeClauseFactory(agreement=draft), D(2026, 5, 1), P.DONE)
        draft_party = AgreementPartyFactory(agreement=draft)
        duty_update(ResponsibilityFactory(party=draft_party), D(2026, 5, 1), P.DONE)

        kanchanaburi = AgreementFactory(province=province("kanchanaburi"))
        kanchanaburi_party = AgreementPartyFactory(agreement=kanchanaburi)
        duty_update(ResponsibilityFactory(party=kanchanaburi_party), D(2026, 5, 1), P.DROPPED)

    def test_of_every_province(self):
        assert commitment_counts() == {
            province("mukdahan").pk: (3, 4),
            province("kanchanaburi").pk: (0, 1),
        }

    def test_of_chosen_provinces(self):
        mukdahan = province("mukdahan")
        assert commitment_counts([mukdahan.pk]) == {mukdahan.pk: (3, 4)}
        assert commitment_counts([province("krabi").pk]) == {}
