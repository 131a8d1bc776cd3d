"""`manage.py notify_followups`: each region's staff get one digest a week of the agreements
that need following up (the admin's "needs follow-up" list)."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geography.models import Region
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    ScopeClauseFactory,
    UserFactory,
    province,
)
from tests.queries import ADMIN_OVERHEAD, assert_constant_queries
from tracking.models import FollowupDigest, ProgressUpdate

pytestmark = pytest.mark.django_db

THURSDAY = datetime.date(2026, 11, 19)  # ISO week 47 of 2026 starts on Monday 16 November
MONDAY = datetime.date(2026, 11, 16)
SUBJECT_TH = "[ทะเบียนความร่วมมือ พอช.] ข้อตกลงที่ต้องติดตามผล"


@pytest.fixture(autouse=True)
def pinned(today_is, settings):
    today_is(THURSDAY)
    settings.SITE_URL = "https://registry.example.org"
    settings.PARTNERSHIP_FOLLOWUP_MONTHS = 12


@pytest.fixture
def northeast_staff():
    users = [UserFactory(username="somchai"), UserFactory(username="malee")]
    Region.objects.get(code="NORTHEAST").staff.add(*users)
    return users


def needing_followup(reference, slug="mukdahan", **fields):
    """An agreement in force since 2024 with no follow-up at all."""
    return AgreementFactory(reference=reference, province=province(slug), **fields)


def notify(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("notify_followups", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_emails_each_region_its_list_once_a_week(northeast_staff, mailoutbox, today_is):
    agreement = needing_followup("MOU-2567-49-01", signed_on=datetime.date(2024, 5, 23))
    ScopeClauseFactory(agreement=agreement)
    ActivityFactory(agreement=agreement, starts_on=datetime.date(2025, 9, 20))

    out, err = notify()

    (email,) = mailoutbox
    assert email.to == ["malee@example.org", "somchai@example.org"]
    assert email.subject == (
        f"{SUBJECT_TH} 1 ฉบับ – สำนักงานภาคตะวันออกเฉียงเหนือ "
        "/ 1 agreement needing follow-up – Northeastern Region"
    )
    body = email.body
    assert f"{agreement.reference} {agreement.title_th}" in body
    assert f"{agreement.reference} {agreement.title_en}" in body
    assert "ตั้งแต่วันที่ 19 พฤศจิกายน 2568" in body  # the cutoff, 12 months back
    assert "ลงนาม: 23 พฤษภาคม 2567" in body
    assert "ติดตามผลล่าสุด: 20 กันยายน 2568 (13 เดือนก่อน)" in body
    assert "พันธกิจที่ยังไม่ได้บันทึกความก้าวหน้า: 1 จาก 1" in body
    assert "Last follow-up: 20 September 2025 (13 months ago)" in body
    assert "Commitments not updated: 1 of 1" in body
    assert (
        f"https://registry.example.org/admin/tracking/progressupdate/agreement/{agreement.pk}/"
        in body
    )
    assert "https://registry.example.org/admin/tracking/progressupdate/followup/" in body
    assert body.index("เรียน") < body.index("To the staff of the Northeastern Region")
    assert "Sent 1 follow-up digest(s) for the week of 2026-11-16" in out
    assert "NORTHEAST (Northeastern Region): 1 agreement(s) to malee@example.org" in out
    assert err == ""

    digest = FollowupDigest.objects.get()
    assert (digest.region.code, digest.week, digest.agreement_count) == ("NORTHEAST", MONDAY, 1)
    assert digest.recipients == "malee@example.org, somchai@example.org"

    # Again the same week, even on its Sunday: nothing.
    today_is(datetime.date(2026, 11, 22))
    out, _ = notify()
    assert len(mailoutbox) == 1
    assert "Sent 0 follow-up digest(s)" in out

    # The next Monday is a new week.
    today_is(datetime.date(2026, 11, 23))
    notify()
    assert len(mailoutbox) == 2
    assert sorted(FollowupDigest.objects.values_list("week", flat=True)) == [
        MONDAY,
        datetime.date(2026, 11, 23),
    ]


def test_it_lists_what_the_admin_list_lists(northeast_staff, mailoutbox):
    never = needing_followup("NEVER", signed_on=datetime.date(2025, 1, 10))
    followed = needing_followup("FOLLOWED")
    ActivityFactory(agreement=followed, starts_on=datetime.date(2026, 10, 1))
    draft = needing_followup("DRAFT", is_published=False)
    ended = needing_followup("ENDED", ends_on=datetime.date(2026, 1, 31))
    stale = needing_followup("STALE-PROGRESS")
    ActivityFactory(agreement=stale, starts_on=datetime.date(2026, 10, 1))
    clause = ScopeClauseFactory(agreement=stale)
    ProgressUpdate.objects.create(
        clause=clause, status="in_progress", recorded_on=datetime.date(2025, 11, 18)
    )

    notify()

    (email,) = mailoutbox
    assert "2 ฉบับ" in email.subject
    for reference in (never.reference, stale.reference):
        assert reference in email.body
    for reference in (followed.reference, draft.reference, ended.reference):
        assert reference not in email.body
    assert "ติดตามผลล่าสุด: ยังไม่มี (22 เดือนนับจากวันลงนาม)" in email.body
    assert "Last follow-up: none yet (22 months since signing)" in email.body
    # The longest waiting first.
    assert email.body.index("NEVER") < email.body.index("STALE-PROGRESS")


def test_a_long_list_is_cut_to_the_longest_waiting_and_says_how_many(
    northeast_staff, mailoutbox, monkeypatch
):
    monkeypatch.setattr("tracking.notifications.DIGEST_LIMIT", 2)
    for month in (1, 2, 3):  # signed in January waits longest
        needing_followup(f"WAITING-{month}", signed_on=datetime.date(2024, month, 10))

    notify()

    (email,) = mailoutbox
    assert "3 ฉบับ" in email.subject
    assert "WAITING-1" in email.body and "WAITING-2" in email.body
    assert "WAITING-3" not in email.body
    assert "แสดง 2 ฉบับที่รอนานที่สุด จากทั้งหมด 3 ฉบับ" in email.body
    assert "2 shown, the longest waiting, of 3." in email.body
    assert "https://registry.example.org/admin/tracking/progressupdate/followup/" in email.body


def test_each_region_hears_only_about_its_own_agreements(northeast_staff, mailoutbox):
    Region.objects.get(code="NORTH").staff.add(UserFactory(username="kanya"))
    needing_followup("NE-1")
    needing_followup("NE-2", slug="khon-kaen")
    needing_followup("N-1", slug="chiang-mai")

    out, _ = notify()

    by_recipient = {tuple(email.to): email for email in mailoutbox}
    northeast = by_recipient["malee@example.org", "somchai@example.org"]
    north = by_recipient["kanya@example.org",]
    assert "2 ฉบับ – สำนักงานภาคตะวันออกเฉียงเหนือ" in northeast.subject
    assert "NE-1" in northeast.body and "NE-2" in northeast.body and "N-1" not in northeast.body
    assert "1 ฉบับ – สำนักงานภาคเหนือ" in north.subject
    assert "N-1" in north.body and "NE-1" not in north.body
    assert FollowupDigest.objects.count() == 2
    assert "Sent 2 follow-up digest(s)" in out


def test_a_region_with_nothing_to_follow_up_gets_nothing(northeast_staff, mailoutbox):
    agreement = needing_followup("ALL-GOOD")
    ActivityFactory(agreement=agreement, starts_on=datetime.date(2026, 11, 1))

    out, _ = notify()

    assert mailoutbox == []
    assert not FollowupDigest.objects.exists()
    assert "Sent 0 follow-up digest(s)" in out


def test_a_dry_run_sends_and_records_nothing(northeast_staff, mailoutbox):
    needing_followup("NE-1")

    out, _ = notify("--dry-run")

    assert mailoutbox == []
    assert not FollowupDigest.objects.exists()
    assert "Would send 1 follow-up digest(s)" in out
    assert "NORTHEAST (Northeastern Region): 1 agreement(s) to malee@example.org" in out

    notify()
    assert len(mailoutbox) == 1


def test_a_region_without_staff_gets_a_warning_and_its_digest_waits(mailoutbox):
    needing_followup("NE-1")
    Region.objects.get(code="NORTHEAST").staff.add(UserFactory(username="noaddress", email=""))

    out, err = notify()

    assert mailoutbox == []
    assert not FollowupDigest.objects.exists()
    assert "NORTHEAST: 1 agreement(s) need follow-up" in err
    assert "no active staff account of this region has an e-mail address" in err
    assert "Sent 0 follow-up digest(s)" in out

    Region.objects.get(code="NORTHEAST").staff.add(UserFactory(username="newcomer"))
    out, err = notify()

    (email,) = mailoutbox
    assert email.to == ["newcomer@example.org"]
    assert err == ""


def test_a_failed_send_records_nothing_for_that_region_and_the_others_are_sent(
    northeast_staff, mailoutbox, monkeypatch
):
    Region.objects.get(code="NORTH").staff.add(UserFactory(username="kanya"))
    needing_followup("NE-1")
    needing_followup("N-1", slug="chiang-mai")
    send = mail.EmailMessage.send

    def refuse_the_northeast(message, *args, **kwargs):
        if "somchai@example.org" in message.to:
            raise ConnectionRefusedError("mail server down")
        return send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", refuse_the_northeast)
    # Each region is a job of its own: the Northeast's failure leaves the North's sent.
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 follow-up digest"):
        call_command("notify_followups", stdout=io.StringIO(), stderr=err)
    assert "ConnectionRefusedError: mail server down" in err.getvalue()
    assert [email.to for email in mailoutbox] == [["kanya@example.org"]]
    assert [digest.region.code for digest in FollowupDigest.objects.all()] == ["NORTH"]

    monkeypatch.setattr(mail.EmailMessage, "send", send)
    out, _ = notify()
    assert [email.to for email in mailoutbox[1:]] == [["malee@example.org", "somchai@example.org"]]
    assert "Sent 1 follow-up digest(s)" in out


def test_with_workers_the_command_queues_a_job_per_region(
    northeast_staff, mailoutbox, database_queue
):
    Region.objects.get(code="NORTH").staff.add(UserFactory(username="kanya"))
    needing_followup("NE-1")
    needing_followup("N-1", slug="chiang-mai")

    out, _ = notify()

    assert mailoutbox == [] and not FollowupDigest.objects.exists()
    assert "Queued for the workers 2 follow-up digest(s)" in out
    assert "Sent 0 follow-up digest(s)" in out
    database_queue()
    assert sorted(email.to[0] for email in mailoutbox) == ["kanya@example.org", "malee@example.org"]
    assert FollowupDigest.objects.count() == 2


def test_the_query_count_does_not_grow_with_the_number_of_agreements(northeast_staff, mailoutbox):
    # What is due, for the command's list: 1 the agreements needing follow-up in regions
    # without this week's digest, 2 the proposals waiting too long there, 3 the transfers whose
    # spending report is overdue there, 4 the regions they are in, 5 those regions' staff with
    # an address; then the job of the one region, which reads the same for its region (6-10)
    # and writes: 11 savepoint, 12 insert the digest, 13 release savepoint
    def queries_to_notify(count, start, day):
        for i in range(start, start + count):
            agreement = needing_followup(f"MANY-{i}", slug="mukdahan" if i % 2 else "khon-kaen")
            ScopeClauseFactory(agreement=agreement)
        with CaptureQueriesContext(connection) as queries:
            call_command("notify_followups", stdout=io.StringIO())
        return len(queries)

    few = queries_to_notify(3, 0, THURSDAY)
    FollowupDigest.objects.all().delete()
    many = queries_to_notify(30, 100, THURSDAY)

    assert few == many == 13
    assert [email.subject.split(" ฉบับ")[0] for email in mailoutbox] == [
        f"{SUBJECT_TH} 3",
        f"{SUBJECT_TH} 33",
    ]


def test_the_digests_are_listed_read_only_in_the_admin(admin_client, northeast_staff):
    needing_followup("NE-1")
    notify()
    digest = FollowupDigest.objects.get()

    listing = admin_client.get("/admin/tracking/followupdigest/")
    assert listing.status_code == 200
    assert "สำนักงานภาคตะวันออกเฉียงเหนือ" in listing.text
    assert "16 พ.ย. 2569" in listing.text
    assert admin_client.get("/admin/tracking/followupdigest/add/").status_code == 403
    change = admin_client.post(
        f"/admin/tracking/followupdigest/{digest.pk}/change/", {"agreement_count": "9"}
    )
    assert change.status_code == 403
    digest.refresh_from_db()
    assert digest.agreement_count == 1


def test_regional_staff_see_only_their_regions_digests(client, northeast_staff):
    from tests.factories import regional_staff

    Region.objects.get(code="NORTH").staff.add(UserFactory(username="kanya"))
    needing_followup("NE-1")
    needing_followup("N-1", slug="chiang-mai")
    notify()
    north = FollowupDigest.objects.get(region__code="NORTH")
    client.force_login(regional_staff("staff_ne"))

    listing = client.get("/admin/tracking/followupdigest/").text

    assert "malee@example.org" in listing and "kanya@example.org" not in listing
    assert client.get(f"/admin/tracking/followupdigest/{north.pk}/change/").status_code == 403


def test_the_admin_list_of_digests_makes_the_same_queries_for_more_rows(
    admin_client, northeast_staff, today_is
):
    needing_followup("NE-1")
    notify()

    def add_rows():
        for week in range(1, 6):
            today_is(THURSDAY + datetime.timedelta(weeks=week))
            notify()

    # the count; the digests with their region; the region filter's regions in use, and
    # those regions; the date hierarchy
    assert_constant_queries(
        admin_client, "/admin/tracking/followupdigest/", add_rows, exactly=ADMIN_OVERHEAD + 5
    )


def test_a_proposal_waiting_too_long_at_one_step_is_in_its_regions_digest(
    northeast_staff, mailoutbox
):
    import datetime

    from proposals.models import Proposal, ProposalStep
    from tests.factories import province

    mukdahan = province("mukdahan")
    waiting = Proposal.objects.create(
        title_th="ข้อเสนอเรื่องที่ดินทำกินที่รอนาน", text_th="ข้อความ", level="province",
        province=mukdahan, region=mukdahan.region, proposed_on=datetime.date(2024, 1, 10),
    )  # fmt: skip
    ProposalStep.objects.create(
        proposal=waiting, step="submitted", taken_on=datetime.date(2024, 2, 1)
    )
    recent = Proposal.objects.create(
        title_th="ข้อเสนอที่เพิ่งยื่น", text_th="ข้อความ", level="province",
        province=mukdahan, region=mukdahan.region, proposed_on=THURSDAY,
    )  # fmt: skip
    done = Proposal.objects.create(
        title_th="ข้อเสนอที่ดำเนินการแล้ว", text_th="ข้อความ", level="province",
        province=mukdahan, region=mukdahan.region, proposed_on=datetime.date(2023, 1, 10),
    )  # fmt: skip
    ProposalStep.objects.create(
        proposal=done, step="implemented", taken_on=datetime.date(2023, 6, 1)
    )

    out = io.StringIO()
    call_command("notify_followups", stdout=out)

    [email] = mailoutbox
    assert "ข้อเสนอที่รอนาน 1 เรื่อง" in email.subject
    assert "ข้อเสนอเรื่องที่ดินทำกินที่รอนาน" in email.body
    assert "สถานะ: ยื่นแล้ว ตั้งแต่ 1 กุมภาพันธ์ 2567" in email.body
    assert recent.title_th not in email.body and done.title_th not in email.body
    assert f"/admin/proposals/proposal/{waiting.pk}/change/" in email.body
    assert "1 proposal(s)" in out.getvalue()
