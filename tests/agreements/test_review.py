"""Review before publishing: draft → submitted → published, and back with a reason."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client

from agreements import review
from agreements.models import Agreement, ReviewStep
from geography.access import CENTRAL_STAFF_GROUP
from tests.agreements.test_activity_admin import form_data
from tests.agreements.test_admin import ADD_URL, agreement_post, three_parties, with_parties
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    UserFactory,
    central_staff,
    province,
    regional_staff,
)

pytestmark = pytest.mark.django_db

State = Agreement.ReviewState
Action = ReviewStep.Action
LIST_URL = "/admin/agreements/agreement/"
PENDING_URL = "/admin/agreements/pendingreview/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def change_url(agreement):
    return f"{LIST_URL}{agreement.pk}/change/"


def korat_draft(**fields):
    agreement = AgreementFactory(
        province=province("nakhon-ratchasima"), is_published=False, **fields
    )
    AgreementPartyFactory(agreement=agreement)
    return agreement


def saved_form(client, agreement, **changes):
    """The agreement's change form as the page shows it, with `changes`, posted back."""
    data = form_data(client.get(change_url(agreement)), "agreement_form")
    for name in ("_save", "_continue", "_addanother", "_submit_review", "_publish", "_return"):
        data.pop(name, None)
    data.update(changes)
    return client.post(change_url(agreement), data)


def test_only_central_staff_and_superusers_may_publish(superuser):
    assert review.may_publish(central_staff())
    assert review.may_publish(superuser)
    assert not review.may_publish(regional_staff())


def test_the_database_refuses_a_public_agreement_that_was_not_published():
    agreement = korat_draft()
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(is_published=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(review_state=State.PUBLISHED)


def test_a_regional_staff_save_cannot_make_an_agreement_public():
    staff = logged_in(regional_staff())
    data = with_parties(agreement_post(is_published="on"), three_parties())
    assert staff.post(ADD_URL, data).status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.review_state, agreement.is_published) == (State.DRAFT, False)
    assert Client().get(agreement.get_absolute_url()).status_code == 404

    # Pressing a publisher's button is refused outright, and nothing changes.
    assert saved_form(staff, agreement, _publish="x").status_code == 403
    refused = staff.post(
        LIST_URL, {"action": "publish_selected", "_selected_action": [agreement.pk]}, follow=True
    )
    assert [str(message) for message in refused.context["messages"]] == ["ไม่มีคำสั่งที่ถูกเลือก"]
    agreement.refresh_from_db()
    assert (agreement.review_state, agreement.is_published) == (State.DRAFT, False)
    assert not agreement.review_steps.exists()


def test_a_publisher_can_publish_an_agreement_from_its_form():
    draft = korat_draft()
    publisher = central_staff()
    response = saved_form(logged_in(publisher), draft, _publish="x")
    assert response.status_code == 302

    draft.refresh_from_db()
    assert (draft.review_state, draft.is_published) == (State.PUBLISHED, True)
    assert draft.published_at is not None
    step = draft.review_steps.get()
    assert (step.action, step.user) == (Action.PUBLISHED, publisher)
    # The audit trail names the publisher and the step.
    record = draft.history.first()
    assert record.history_user == publisher
    assert record.history_change_reason == str(Action.PUBLISHED.label)
    assert Client().get(draft.get_absolute_url()).status_code == 200


def test_submitting_tells_every_publisher_once_and_the_list_shows_it(
    superuser, django_capture_on_commit_callbacks
):
    author = regional_staff()
    first, second = central_staff("pranee"), central_staff("wichai")
    UserFactory(username="noaddress", email="", is_staff=True).groups.add(
        Group.objects.get(name=CENTRAL_STAFF_GROUP)
    )
    regional_staff("another")  # not a publisher: no e-mail
    draft = korat_draft(title_th="บันทึกข้อตกลงความร่วมมือเพื่อการพัฒนาที่อยู่อาศัย")
    staff = logged_in(author)

    page = staff.get(change_url(draft)).text
    assert 'name="_submit_review"' in page and 'name="_publish"' not in page
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave after the commit
        response = saved_form(staff, draft, _submit_review="x")
    assert response.status_code == 302

    draft.refresh_from_db()
    assert (draft.review_state, draft.is_published) == (State.SUBMITTED, False)
    assert draft.review_steps.get().action == Action.SUBMITTED
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([first.email, second.email, superuser.email])
    assert all(len(message.to) == 1 for message in mail.outbox)
    message = mail.outbox[0]
    assert draft.reference in message.subject and "รอตรวจ" in message.subject
    assert draft.title_th in message.body
    assert f"/admin/agreements/agreement/{draft.pk}/change/" in message.body

    # Saving it again while it waits sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert saved_form(staff, draft, _submit_review="x").status_code == 302
    assert mail.outbox == [] and draft.review_steps.count() == 1

    listed = logged_in(first).get(PENDING_URL)
    assert listed.status_code == 200 and draft.reference in listed.text
    assert "รอตรวจ" in listed.text


def test_the_waiting_list_holds_only_submitted_agreements_of_the_users_regions():
    korat = korat_draft()
    kanchanaburi = AgreementFactory(province=province("kanchanaburi"), is_published=False)
    still_draft = korat_draft()
    author = regional_staff()
    for agreement in (korat, kanchanaburi):
        review.agreement_submit(agreement=agreement, user=author)

    northeast = logged_in(author).get(PENDING_URL).text
    assert korat.reference in northeast
    assert kanchanaburi.reference not in northeast and still_draft.reference not in northeast
    central = logged_in(central_staff()).get(PENDING_URL).text
    # The longest waiting first.
    assert central.index(korat.reference) < central.index(kanchanaburi.reference)
    # A row opens the agreement itself.
    assert f'href="/admin/agreements/agreement/{korat.pk}/change/"' in central


def test_returning_needs_a_reason_which_the_author_then_reads():
    draft = korat_draft()
    author, publisher = regional_staff(), central_staff()
    review.agreement_submit(agreement=draft, user=author)
    editor = logged_in(publisher)

    refused = saved_form(editor, draft, _return="x", review_reason="  ")
    assert refused.status_code == 200
    assert "บอกเหตุผลที่ส่งกลับ" in refused.text
    draft.refresh_from_db()
    assert draft.review_state == State.SUBMITTED

    reason = "ชื่อผู้ลงนามฝ่ายมหาวิทยาลัยสะกดผิด"
    assert saved_form(editor, draft, _return="x", review_reason=reason).status_code == 302
    draft.refresh_from_db()
    assert (draft.review_state, draft.is_published) == (State.DRAFT, False)
    step = draft.review_steps.first()
    assert (step.action, step.user, step.reason) == (Action.RETURNED, publisher, reason)

    page = logged_in(author).get(change_url(draft)).text
    assert reason in page and "ส่งกลับโดย" in page
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewStep.objects.create(agreement=draft, action=Action.RETURNED, reason="")


def test_editing_a_published_agreement_sends_it_back_for_review_and_says_so_first(
    django_capture_on_commit_callbacks,
):
    published = korat_draft()
    review.agreement_publish(agreement=published, user=central_staff())
    staff = logged_in(regional_staff())

    page = staff.get(change_url(published)).text
    assert "ซ่อนจากสาธารณะ" in page  # said before the save

    # A save that changes nothing leaves it public.
    assert saved_form(staff, published).status_code == 302
    published.refresh_from_db()
    assert published.review_state == State.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        response = saved_form(staff, published, title_en="Housing for all")
    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.review_state, published.is_published) == (State.SUBMITTED, False)
    assert published.review_steps.first().action == Action.RESUBMITTED
    assert len(mail.outbox) == 1  # the one publisher
    assert Client().get(published.get_absolute_url()).status_code == 404


def test_a_publishers_edit_of_a_published_agreement_keeps_it_public():
    published = korat_draft()
    publisher = central_staff()
    review.agreement_publish(agreement=published, user=publisher)
    assert saved_form(logged_in(publisher), published, title_en="Changed").status_code == 302
    published.refresh_from_db()
    assert (published.review_state, published.title_en) == (State.PUBLISHED, "Changed")


def test_the_changelist_submits_and_publishes_many_at_once():
    drafts = [korat_draft() for _ in range(3)]
    author, publisher = regional_staff(), central_staff()
    selected = [str(agreement.pk) for agreement in drafts]

    offered = logged_in(author).get(LIST_URL).text
    assert "submit_for_review" in offered and "publish_selected" not in offered
    logged_in(author).post(LIST_URL, {"action": "submit_for_review", "_selected_action": selected})
    assert set(Agreement.objects.values_list("review_state", flat=True)) == {State.SUBMITTED}

    logged_in(publisher).post(
        LIST_URL, {"action": "publish_selected", "_selected_action": selected}
    )
    assert set(Agreement.objects.values_list("review_state", flat=True)) == {State.PUBLISHED}
    assert ReviewStep.objects.filter(action=Action.PUBLISHED, user=publisher).count() == 3


def test_the_steps_refuse_what_the_state_does_not_allow():
    draft = korat_draft()
    publisher = central_staff()
    with pytest.raises(review.ReviewError):
        review.agreement_return(agreement=draft, user=publisher, reason="ยังเป็นร่าง")
    review.agreement_publish(agreement=draft, user=publisher)
    with pytest.raises(review.ReviewError):
        review.agreement_publish(agreement=draft, user=publisher)
    with pytest.raises(review.ReviewError):
        review.agreement_submit(agreement=draft, user=regional_staff())


def test_the_demo_accounts_show_the_flow(demo, settings):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo_data", stdout=io.StringIO())
    users = get_user_model().objects
    assert review.may_publish(users.get(username="central"))
    assert review.may_publish(users.get(username="admin"))
    assert not review.may_publish(users.get(username="northeast"))
    assert users.get(username="central").email  # publishers are told of submissions
    assert set(Agreement.objects.values_list("review_state", flat=True)) == {State.PUBLISHED}


def test_the_waiting_list_makes_the_same_queries_with_more_agreements():
    from tests.queries import ADMIN_OVERHEAD, assert_constant_queries

    author = regional_staff()
    client = logged_in(central_staff())

    def add_rows():
        for _ in range(3):
            review.agreement_submit(agreement=korat_draft(), user=author)

    add_rows()
    client.get(PENDING_URL)  # content types are cached after the first page
    # the user's permissions (their own and their groups'), the regions to filter by, the count,
    # the page's agreements with their province, region and last submission (subqueries), and
    # how many of each of the eight other reviewed records await review (one count each)
    assert_constant_queries(client, PENDING_URL, add_rows, exactly=ADMIN_OVERHEAD + 13)
