"""`manage.py notify_expiring`: each region's staff hear once about agreements about to end."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, ExpiryNotice
from geography.models import Region
from tests.factories import AgreementFactory, UserFactory, province
from tests.queries import ADMIN_OVERHEAD, assert_constant_queries

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 1)
SUBJECT_TH = "[ทะเบียนความร่วมมือ พอช.] ข้อตกลงใกล้หมดอายุ"


@pytest.fixture(autouse=True)
def pinned(today_is, settings):
    today_is(TODAY)
    settings.EXPIRING_WITHIN_DAYS = 90
    settings.SITE_URL = "https://registry.example.org"


@pytest.fixture
def northeast_staff():
    users = [UserFactory(username="somchai"), UserFactory(username="malee")]
    Region.objects.get(code="NORTHEAST").staff.add(*users)
    return users


def ending_in(days, slug="mukdahan", **fields):
    return AgreementFactory(
        province=province(slug), ends_on=TODAY + datetime.timedelta(days=days), **fields
    )


def notify(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("notify_expiring", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_emails_the_region_staff_once_about_an_agreement_ending_soon(
    northeast_staff, mailoutbox
):
    agreement = ending_in(100)  # 9 June 2025 = 9 มิถุนายน 2568

    out, err = notify("--days", "200")

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["malee@example.org", "somchai@example.org"]
    assert email.subject == (
        "[ทะเบียนความร่วมมือ พอช.] ข้อตกลงใกล้หมดอายุ 1 ฉบับ – สำนักงานภาคตะวันออกเฉียงเหนือ "
        "/ 1 agreement expiring – Northeastern Region"
    )
    assert agreement.reference in email.body
    assert agreement.title_th in email.body
    assert agreement.title_en in email.body
    assert "มุกดาหาร" in email.body
    assert "สิ้นสุด: 9 มิถุนายน 2568 (อีก 100 วัน)" in email.body
    assert "Ends on: 9 June 2025 (100 days left)" in email.body
    assert (
        f"https://registry.example.org/admin/agreements/agreement/{agreement.pk}/change/"
        in email.body
    )
    # Thai first, then English.
    assert email.body.index("เรียน") < email.body.index("To the staff of the Northeastern Region")
    assert "Sent 1 e-mail(s)" in out
    assert "NORTHEAST (Northeastern Region): 1 agreement(s) to malee@example.org" in out
    assert err == ""

    notice = ExpiryNotice.objects.get()
    assert (notice.agreement, notice.threshold_days, notice.ends_on) == (
        agreement,
        200,
        agreement.ends_on,
    )
    assert notice.recipients == "malee@example.org, somchai@example.org"

    out, _ = notify("--days", "200")

    assert len(mailoutbox) == 1
    assert ExpiryNotice.objects.count() == 1
    assert "Sent 0 e-mail(s)" in out


def test_it_lists_only_agreements_in_force_that_end_within_the_threshold(
    northeast_staff, mailoutbox
):
    soon = ending_in(100)
    later = ending_in(300)
    expired = ending_in(-1)
    open_ended = AgreementFactory(
        province=province("mukdahan"), term_mode=Agreement.TermMode.OPEN, ends_on=None
    )
    terminated = ending_in(50, terminated_on=TODAY - datetime.timedelta(days=10))
    upcoming = ending_in(150, signed_on=TODAY, starts_on=TODAY + datetime.timedelta(days=30))

    notify("--days", "200")

    (email,) = mailoutbox
    assert "ข้อตกลงใกล้หมดอายุ 1 ฉบับ" in email.subject
    assert soon.reference in email.body
    for left_out in (later, expired, open_ended, terminated, upcoming):
        assert left_out.reference not in email.body
    assert list(ExpiryNotice.objects.values_list("agreement", flat=True)) == [soon.pk]


def test_it_includes_unpublished_agreements(northeast_staff, mailoutbox):
    draft = ending_in(100, is_published=False)

    notify("--days", "200")

    (email,) = mailoutbox
    assert f"{draft.reference} {draft.title_th} (ยังไม่เผยแพร่)" in email.body
    assert f"{draft.reference} {draft.title_en} (not published)" in email.body


def test_each_region_hears_only_about_its_own_agreements(northeast_staff, mailoutbox):
    northern = UserFactory(username="kanya")
    Region.objects.get(code="NORTH").staff.add(northern)
    in_mukdahan, in_khon_kaen = ending_in(100), ending_in(20, slug="khon-kaen")
    in_chiang_mai = ending_in(60, slug="chiang-mai")

    out, _ = notify("--days", "200")

    by_recipient = {tuple(email.to): email for email in mailoutbox}
    assert set(by_recipient) == {
        ("malee@example.org", "somchai@example.org"),
        ("kanya@example.org",),
    }
    northeast = by_recipient["malee@example.org", "somchai@example.org"]
    north = by_recipient["kanya@example.org",]
    assert "ข้อตกลงใกล้หมดอายุ 2 ฉบับ – สำนักงานภาคตะวันออกเฉียงเหนือ" in northeast.subject
    assert "2 agreements expiring" in northeast.subject
    # Soonest first.
    assert northeast.body.index(in_khon_kaen.reference) < northeast.body.index(
        in_mukdahan.reference
    )
    assert in_chiang_mai.reference not in northeast.body
    assert "ข้อตกลงใกล้หมดอายุ 1 ฉบับ – สำนักงานภาคเหนือ" in north.subject
    assert in_chiang_mai.reference in north.body
    assert in_mukdahan.reference not in north.body
    assert in_khon_kaen.reference not in north.body
    assert "Sent 2 e-mail(s)" in out


def test_inactive_staff_and_staff_without_an_address_are_not_written_to(mailoutbox):
    region = Region.objects.get(code="NORTHEAST")
    region.staff.add(
        UserFactory(username="active"),
        UserFactory(username="left", is_active=False),
        UserFactory(username="noaddress", email=""),
    )
    ending_in(100)

    notify("--days", "200")

    (email,) = mailoutbox
    assert email.to == ["active@example.org"]


def test_a_different_threshold_announces_the_agreement_again_once(northeast_staff, mailoutbox):
    agreement = ending_in(100)

    notify("--days", "200")
    notify("--days", "120")
    notify("--days", "120")

    assert len(mailoutbox) == 2
    assert agreement.reference in mailoutbox[1].body
    assert "within 120 days" in mailoutbox[1].body
    assert sorted(ExpiryNotice.objects.values_list("threshold_days", flat=True)) == [120, 200]


def test_an_agreement_with_a_new_end_date_is_announced_again(northeast_staff, mailoutbox):
    agreement = ending_in(100)
    notify("--days", "200")

    agreement.ends_on += datetime.timedelta(days=30)
    agreement.save()
    notify("--days", "200")
    notify("--days", "200")

    assert len(mailoutbox) == 2
    assert "9 กรกฎาคม 2568" in mailoutbox[1].body
    assert sorted(ExpiryNotice.objects.values_list("ends_on", flat=True)) == [
        datetime.date(2025, 6, 9),
        datetime.date(2025, 7, 9),
    ]


def test_the_threshold_defaults_to_the_expiring_setting(northeast_staff, mailoutbox, settings):
    settings.EXPIRING_WITHIN_DAYS = 120
    ending_in(100)
    ending_in(150)

    notify()

    (email,) = mailoutbox
    assert "ข้อตกลงใกล้หมดอายุ 1 ฉบับ" in email.subject
    assert ExpiryNotice.objects.get().threshold_days == 120


def test_a_dry_run_sends_and_records_nothing(northeast_staff, mailoutbox):
    ending_in(100)

    out, _ = notify("--days", "200", "--dry-run")

    assert mailoutbox == []
    assert not ExpiryNotice.objects.exists()
    assert "Would send 1 e-mail(s)" in out
    assert "NORTHEAST (Northeastern Region): 1 agreement(s) to malee@example.org" in out

    notify("--days", "200")

    assert len(mailoutbox) == 1


def test_a_region_without_staff_gets_a_warning_and_its_agreements_wait(mailoutbox):
    agreement = ending_in(100)

    out, err = notify("--days", "200")

    assert mailoutbox == []
    assert not ExpiryNotice.objects.exists()
    assert "NORTHEAST: 1 agreement(s) end within 200 days" in err
    assert "no active staff account of this region has an e-mail address" in err
    assert "Sent 0 e-mail(s)" in out

    Region.objects.get(code="NORTHEAST").staff.add(UserFactory(username="newcomer"))
    out, err = notify("--days", "200")

    (email,) = mailoutbox
    assert email.to == ["newcomer@example.org"]
    assert agreement.reference in email.body
    assert err == ""


def test_a_negative_threshold_is_refused():
    with pytest.raises(CommandError, match="--days"):
        notify("--days", "-1")


def test_the_query_count_does_not_grow_with_the_number_of_agreements(northeast_staff, mailoutbox):
    # What is due, for the command's list: 1 the agreements not yet notified (one query, NOT
    # EXISTS on the notices), 2 the regions they are in, 3 those regions' staff with an
    # address; then the job of the one region, which reads the same for its region (4-6) and
    # writes: 7 savepoint, 8 insert every notice of the region, 9 release savepoint
    def queries_to_notify(count, days_from):
        for days in range(days_from, days_from + count):
            ending_in(days, slug="mukdahan" if days % 2 else "khon-kaen")
        with CaptureQueriesContext(connection) as queries:
            notify("--days", "200")
        return len(queries)

    few = queries_to_notify(3, days_from=10)
    many = queries_to_notify(30, days_from=100)

    assert few == many == 9
    assert [email.subject.split(" ฉบับ")[0] for email in mailoutbox] == [
        f"{SUBJECT_TH} 3",
        f"{SUBJECT_TH} 30",
    ]
    assert "\n30. " in mailoutbox[1].body


def test_the_notices_are_listed_read_only_in_the_admin(admin_client, northeast_staff):
    agreement = ending_in(100)
    notify("--days", "200")
    notice = ExpiryNotice.objects.get()

    listing = admin_client.get("/admin/agreements/expirynotice/")
    assert listing.status_code == 200
    assert agreement.reference in listing.content.decode()
    assert admin_client.get("/admin/agreements/expirynotice/add/").status_code == 403
    change = admin_client.post(
        f"/admin/agreements/expirynotice/{notice.pk}/change/", {"threshold_days": "1"}
    )
    assert change.status_code == 403
    notice.refresh_from_db()
    assert notice.threshold_days == 200


def test_the_admin_list_of_notices_makes_the_same_queries_for_more_rows(
    admin_client, northeast_staff
):
    def add_rows():
        for days in range(10, 40):
            ending_in(days, slug="khon-kaen")
        notify("--days", "200")

    ending_in(100)
    notify("--days", "200")

    # the user's regions; the count; the notices with their agreement, province and region;
    # the region and threshold filters' choices (2); the date hierarchy
    assert_constant_queries(
        admin_client, "/admin/agreements/expirynotice/", add_rows, exactly=ADMIN_OVERHEAD + 6
    )


def test_each_region_is_a_job_and_one_failing_leaves_the_others_sent(
    northeast_staff, mailoutbox, monkeypatch
):
    Region.objects.get(code="NORTH").staff.add(UserFactory(username="kanya"))
    ending_in(30)
    ending_in(30, slug="chiang-mai")
    send = mail.EmailMessage.send

    def refuse_the_northeast(message, *args, **kwargs):
        if "somchai@example.org" in message.to:
            raise ConnectionRefusedError("mail server down")
        return send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", refuse_the_northeast)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 e-mail"):
        call_command("notify_expiring", stdout=io.StringIO(), stderr=err)
    assert "ConnectionRefusedError: mail server down" in err.getvalue()
    assert [email.to for email in mailoutbox] == [["kanya@example.org"]]
    assert [n.agreement.province.slug for n in ExpiryNotice.objects.all()] == ["chiang-mai"]

    monkeypatch.setattr(mail.EmailMessage, "send", send)
    out, _ = notify()
    assert [email.to for email in mailoutbox[1:]] == [["malee@example.org", "somchai@example.org"]]
    assert "Sent 1 e-mail(s)" in out


def test_with_workers_the_command_queues_a_job_per_region(
    northeast_staff, mailoutbox, database_queue
):
    ending_in(30)

    out, _ = notify()

    assert mailoutbox == [] and not ExpiryNotice.objects.exists()
    assert "Queued for the workers 1 e-mail(s) about agreements ending within 90 days:" in out
    database_queue()
    assert len(mailoutbox) == 1 and ExpiryNotice.objects.count() == 1
