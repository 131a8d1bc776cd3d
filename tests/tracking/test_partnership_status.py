"""A province's partnership status (tracking.partnership) at each of its boundaries.

TODAY is 21 November 2026, so with the default threshold of 12 months the cutoff is
21 November 2025: a follow-up or a signing on that day is still recent, one a day earlier is not.
"""

import datetime

import pytest
from django.utils import translation

from tests.factories import TODAY, ActivityFactory, AgreementFactory, province
from tracking.partnership import PartnershipStatus, followup_cutoff, partnerships

pytestmark = pytest.mark.django_db

D = datetime.date
S = PartnershipStatus
ONE_DAY = datetime.timedelta(days=1)
CUTOFF = D(2025, 11, 21)
LONG_AGO = D(2024, 1, 15)  # signed long before the cutoff


def partnership_of(slug, today=TODAY):
    pk = province(slug).pk
    return partnerships(today=today, provinces=[pk])[pk]


def status_of(slug, today=TODAY):
    return partnership_of(slug, today).status


def in_force(slug="mukdahan", signed_on=LONG_AGO, **fields):
    """A published agreement in force on TODAY, signed on `signed_on`."""
    return AgreementFactory(
        province=province(slug),
        signed_on=signed_on,
        starts_on=signed_on,
        ends_on=D(2029, 12, 31),
        **fields,
    )


def followup(agreement, day, **fields):
    return ActivityFactory(agreement=agreement, starts_on=day, **fields)


def test_the_cutoff_is_twelve_months_before_today():
    assert followup_cutoff(TODAY) == CUTOFF


def test_the_cutoff_of_a_29_february_falls_on_the_28th():
    assert followup_cutoff(D(2028, 2, 29)) == D(2027, 2, 28)


def test_a_province_that_never_had_an_agreement_has_none():
    AgreementFactory(province=province("kanchanaburi"))  # another province's
    assert status_of("mukdahan") == S.NONE
    assert partnerships(today=TODAY)[province("mukdahan").pk].status == S.NONE


def test_a_followup_without_any_agreement_leaves_a_province_at_none():
    ActivityFactory(agreement=None, province=province("mukdahan"), starts_on=TODAY)
    assert status_of("mukdahan") == S.NONE


def test_an_unpublished_agreement_alone_leaves_a_province_at_none():
    followup(in_force(is_published=False), TODAY)
    assert status_of("mukdahan") == S.NONE


@pytest.mark.parametrize(
    ("signed_on", "expected"),
    [
        (TODAY, S.SIGNED),
        (CUTOFF, S.SIGNED),  # exactly 12 months ago
        (CUTOFF - ONE_DAY, S.STALLED),  # 12 months and one day ago
    ],
)
def test_an_agreement_without_followup_is_signed_until_the_threshold_passes(signed_on, expected):
    in_force(signed_on=signed_on)
    assert status_of("mukdahan") == expected


def test_an_agreement_signed_recently_that_starts_later_counts_as_signed():
    AgreementFactory(
        province=province("mukdahan"),
        signed_on=D(2026, 10, 1),
        starts_on=D(2027, 1, 1),
        ends_on=D(2029, 12, 31),
    )
    partnership = partnership_of("mukdahan")
    assert (partnership.status, partnership.in_force) == (S.SIGNED, 0)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (TODAY, S.WORKING),
        (CUTOFF, S.WORKING),  # on the cutoff
        (CUTOFF - ONE_DAY, S.STALLED),  # the day before it
    ],
)
def test_a_published_followup_within_the_threshold_makes_it_working(day, expected):
    followup(in_force(), day)
    partnership = partnership_of("mukdahan")
    assert partnership.status == expected
    assert partnership.last_followup == day
    assert partnership.recent_followups == (1 if expected == S.WORKING else 0)


def test_a_recent_followup_wins_over_a_recent_signing():
    followup(in_force(signed_on=D(2026, 6, 1)), D(2026, 9, 1))
    assert status_of("mukdahan") == S.WORKING


def test_an_unpublished_followup_does_not_count():
    followup(in_force(), TODAY, is_published=False)
    partnership = partnership_of("mukdahan")
    assert partnership.status == S.STALLED
    assert partnership.last_followup is None


def test_a_published_followup_of_an_unpublished_agreement_does_not_count():
    in_force()
    followup(in_force(is_published=False), TODAY)
    partnership = partnership_of("mukdahan")
    assert (partnership.status, partnership.agreements) == (S.STALLED, 1)
    assert partnership.last_followup is None


def test_a_followup_dated_after_today_does_not_count_until_its_day():
    followup(in_force(), TODAY + ONE_DAY)
    assert status_of("mukdahan") == S.STALLED
    assert partnership_of("mukdahan").last_followup is None
    assert status_of("mukdahan", today=TODAY + ONE_DAY) == S.WORKING


def test_expired_and_terminated_agreements_leave_the_province_lapsed():
    AgreementFactory(
        province=province("mukdahan"),
        signed_on=D(2019, 6, 12),
        starts_on=D(2019, 6, 12),
        ends_on=D(2024, 5, 31),
    )
    in_force(signed_on=D(2023, 3, 1), terminated_on=D(2025, 8, 15))
    partnership = partnership_of("mukdahan")
    assert partnership.status == S.LAPSED
    assert (partnership.agreements, partnership.in_force) == (2, 0)
    assert partnership.last_ended == D(2025, 8, 15)  # the termination, not the later end date


def test_an_agreement_terminated_today_is_no_longer_in_force():
    in_force(terminated_on=TODAY)
    assert status_of("mukdahan") == S.LAPSED


def test_an_unpublished_agreement_in_force_does_not_revive_a_lapsed_province():
    AgreementFactory(
        province=province("mukdahan"),
        signed_on=D(2019, 6, 12),
        starts_on=D(2019, 6, 12),
        ends_on=D(2024, 5, 31),
    )
    followup(in_force(signed_on=TODAY, is_published=False), TODAY)
    partnership = partnership_of("mukdahan")
    assert (partnership.status, partnership.agreements) == (S.LAPSED, 1)


def test_a_recent_followup_does_not_make_a_lapsed_province_working():
    ended = AgreementFactory(
        province=province("mukdahan"),
        signed_on=D(2019, 6, 12),
        starts_on=D(2019, 6, 12),
        ends_on=D(2024, 5, 31),
    )
    followup(ended, TODAY)
    partnership = partnership_of("mukdahan")
    assert partnership.status == S.LAPSED
    assert partnership.last_followup == TODAY


def test_an_activity_without_agreement_counts_where_it_was_held():
    in_force()
    in_force("nakhon-ratchasima")
    ActivityFactory(agreement=None, province=province("mukdahan"), starts_on=D(2026, 3, 1))
    assert status_of("mukdahan") == S.WORKING
    assert status_of("nakhon-ratchasima") == S.STALLED


def test_an_activity_held_elsewhere_counts_for_its_agreements_province_only():
    mukdahan = in_force("mukdahan")
    in_force("nakhon-ratchasima")
    followup(mukdahan, TODAY, province=province("nakhon-ratchasima"))
    assert status_of("mukdahan") == S.WORKING
    assert status_of("nakhon-ratchasima") == S.STALLED
    book = partnerships(today=TODAY)
    assert book[province("mukdahan").pk].recent_followups == 1
    assert book[province("nakhon-ratchasima").pk].recent_followups == 0


def test_every_province_at_once_gives_the_same_statuses():
    followup(in_force("mukdahan"), TODAY)
    in_force("nakhon-ratchasima")
    in_force("chiang-mai", signed_on=TODAY)
    book = partnerships(today=TODAY)
    statuses = {
        slug: book[province(slug).pk].status
        for slug in ("mukdahan", "nakhon-ratchasima", "chiang-mai", "krabi")
    }
    assert statuses == {
        "mukdahan": S.WORKING,
        "nakhon-ratchasima": S.STALLED,
        "chiang-mai": S.SIGNED,
        "krabi": S.NONE,
    }


class TestTheThresholdSetting:
    """PARTNERSHIP_FOLLOWUP_MONTHS = 6: the cutoff moves to 21 May 2026."""

    SIX_MONTHS = D(2026, 5, 21)

    @pytest.fixture(autouse=True)
    def six_months(self, settings):
        settings.PARTNERSHIP_FOLLOWUP_MONTHS = 6

    def test_the_cutoff_follows_the_setting(self):
        assert followup_cutoff(TODAY) == self.SIX_MONTHS

    @pytest.mark.parametrize(
        ("day", "expected"),
        [(SIX_MONTHS, S.WORKING), (SIX_MONTHS - ONE_DAY, S.STALLED)],
    )
    def test_a_followup_counts_within_six_months_only(self, day, expected):
        followup(in_force(), day)
        assert status_of("mukdahan") == expected

    @pytest.mark.parametrize(
        ("signed_on", "expected"),
        [(SIX_MONTHS, S.SIGNED), (SIX_MONTHS - ONE_DAY, S.STALLED)],
    )
    def test_a_signing_is_recent_for_six_months_only(self, signed_on, expected):
        in_force(signed_on=signed_on)
        assert status_of("mukdahan") == expected


class TestTheReason:
    """Why, in a sentence: Thai dates in the Buddhist Era, English ones in the Common Era. The
    Thai sentences themselves come with the translations, so the Thai side checks the dates."""

    def reason(self, language):
        with translation.override(language):
            return partnership_of("mukdahan").reason

    def test_of_a_province_without_agreement(self):
        assert self.reason("en") == "No agreement has been published for this province."

    def test_of_a_recent_signing(self):
        in_force(signed_on=D(2026, 10, 1))
        assert self.reason("en") == "Signed on 1 October 2026; no follow-up recorded since."
        thai = self.reason("th")
        assert "1 ตุลาคม 2569" in thai
        assert "2026" not in thai

    def test_of_a_followup_this_month(self):
        followup(in_force(), D(2026, 11, 2))
        assert self.reason("en") == "Last follow-up on 2 November 2026, less than a month ago."
        assert "2 พฤศจิกายน 2569" in self.reason("th")

    def test_of_a_followup_one_month_ago(self):
        followup(in_force(), D(2026, 10, 21))
        assert self.reason("en") == "Last follow-up on 21 October 2026, 1 month ago."

    def test_of_a_stalled_followup_counts_whole_months(self):
        followup(in_force(), D(2025, 9, 20))
        assert self.reason("en") == "Last follow-up on 20 September 2025, 14 months ago."
        thai = self.reason("th")
        assert "20 กันยายน 2568" in thai
        assert "14" in thai

    def test_of_an_agreement_never_followed_up(self):
        in_force(signed_on=LONG_AGO)
        assert self.reason("en") == "No follow-up recorded since the signing on 15 January 2024."
        assert "15 มกราคม 2567" in self.reason("th")

    def test_of_a_lapsed_province_names_the_last_end(self):
        AgreementFactory(
            province=province("mukdahan"),
            signed_on=D(2019, 6, 12),
            starts_on=D(2019, 6, 12),
            ends_on=D(2024, 5, 31),
        )
        assert self.reason("en") == "No agreement in force; the last one ended on 31 May 2024."
        assert "31 พฤษภาคม 2567" in self.reason("th")
