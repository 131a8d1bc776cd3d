"""Two members of staff edit the same record: the later save from an older form is refused."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from agreements.models import Agreement
from budgets.models import Allocation
from partners.models import Organisation, Person
from records.locking import VersionedModelForm
from tests.agreements.test_activity_admin import form_data
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    AllocationFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    province,
    regional_staff,
)
from thai.calendar import thai_date

pytestmark = pytest.mark.django_db


def an_agreement():
    agreement = AgreementFactory(province=province("khon-kaen"), title_en="Housing")
    AgreementPartyFactory(agreement=agreement)
    return agreement


RECORDS = {
    # model: (make one, its admin URL part, the form's id, a field staff edit)
    Agreement: (an_agreement, "agreements/agreement", "agreement_form", "title_en"),
    Allocation: (
        lambda: AllocationFactory(province=province("khon-kaen")),
        "budgets/allocation",
        "allocation_form",
        "public_note",
    ),
    Organisation: (OrganisationFactory, "partners/organisation", "organisation_form", "name_en"),
    Person: (PersonFactory, "partners/person", "person_form", "name_en"),
}


@pytest.fixture
def first():
    user = regional_staff()
    user.first_name, user.last_name = "สมชาย", "ใจดี"
    user.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def second():
    client = Client()
    client.force_login(UserFactory(username="central", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", RECORDS, ids=lambda model: model._meta.model_name)
def test_a_save_from_a_form_opened_before_another_save_is_refused_in_thai(first, second, model):
    make, path, form_id, field = RECORDS[model]
    record = make()
    url = f"/admin/{path}/{record.pk}/change/"
    first_form = form_data(first.get(url), form_id)
    second_form = form_data(second.get(url), form_id)

    first_form[field] = "Changed by the first"
    response = first.post(url, first_form)
    assert response.status_code == 302, response.context and response.context["errors"]

    second_form[field] = "Changed by the second"
    response = second.post(url, second_form)

    assert response.status_code == 200
    page = response.content.decode()
    assert "สมชาย ใจดี บันทึกการแก้ไข" in page
    assert "หลังจากที่คุณเปิดแบบฟอร์มนี้" in page
    assert str(model._meta.get_field(field).verbose_name) in page
    assert "Changed by the second" in page  # the user's entry is kept on the form
    record.refresh_from_db()
    assert getattr(record, field) == "Changed by the first"
    assert record.version == 2


def test_the_refusal_names_the_change_date_in_be_and_the_field_in_thai(first, second):
    agreement = an_agreement()
    url = f"/admin/agreements/agreement/{agreement.pk}/change/"
    first_form = form_data(first.get(url), "agreement_form")
    second_form = form_data(second.get(url), "agreement_form")
    first.post(url, {**first_form, "title_en": "A new title"})

    page = second.post(url, {**second_form, "title_en": "Mine"}).content.decode()

    saved_at = timezone.localtime(agreement.history.latest().history_date)
    assert f"{thai_date(saved_at.date())} เวลา {saved_at:%H:%M} น." in page
    assert f"แก้ไข: {Agreement._meta.get_field('title_en').verbose_name}" in page


def test_saving_again_after_the_refusal_puts_the_users_entries_over_the_other_change(first, second):
    organisation = OrganisationFactory()
    url = f"/admin/partners/organisation/{organisation.pk}/change/"
    first_form = form_data(first.get(url), "organisation_form")
    second_form = form_data(second.get(url), "organisation_form")
    first.post(url, {**first_form, "name_en": "First"})
    refused = second.post(url, {**second_form, "name_en": "Second"})

    response = second.post(url, form_data(refused, "organisation_form"))

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name_en == "Second"
    assert organisation.version == 3


def test_each_save_from_a_current_form_moves_the_version_on_and_into_history(first):
    person = PersonFactory()
    url = f"/admin/partners/person/{person.pk}/change/"

    for name in ("One", "Two"):
        response = first.post(url, {**form_data(first.get(url), "person_form"), "name_en": name})
        assert response.status_code == 302

    person.refresh_from_db()
    assert (person.name_en, person.version) == ("Two", 3)
    assert [h.version for h in person.history.order_by("history_date")] == [1, 2, 3]


def test_an_allocation_edited_in_the_agreement_page_is_checked_too(first, second):
    agreement = an_agreement()
    allocation = AllocationFactory(province=province("khon-kaen"), agreement=agreement)
    first.post(
        f"/admin/budgets/allocation/{allocation.pk}/change/",
        {
            **form_data(
                first.get(f"/admin/budgets/allocation/{allocation.pk}/change/"),
                "allocation_form",
            ),
            "public_note": "First",
        },
    )
    # The agreement page was opened before that save (its allocation row has version 1).
    url = f"/admin/agreements/agreement/{agreement.pk}/change/"
    stale = form_data(second.get(url), "agreement_form")
    stale["allocations-0-version"] = "1"
    stale["allocations-0-public_note"] = "Second"

    response = second.post(url, stale)

    assert response.status_code == 200
    assert "หลังจากที่คุณเปิดแบบฟอร์มนี้" in response.content.decode()
    allocation.refresh_from_db()
    assert allocation.public_note == "First"


class OrganisationForm(VersionedModelForm):
    class Meta:
        model = Organisation
        fields = ["name_th", "kind"]


def organisation_form(organisation, name):
    data = {"name_th": name, "kind": organisation.kind, "version": str(organisation.version)}
    return OrganisationForm(data, instance=organisation)


def in_own_connection(work):
    """Run `work` in a thread, so on a connection of its own that commits what it writes
    (the test's own connection keeps everything in a transaction that is rolled back)."""
    result = {}

    def run():
        try:
            result["value"] = work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks (SELECT ... FOR UPDATE is a no-op); production runs PostgreSQL",
)
def test_two_saves_at_the_same_moment_cannot_both_pass_the_version_check():
    thread, made = in_own_connection(lambda: OrganisationFactory(name_th="เดิม"))
    thread.join()
    organisation = made["value"]
    checked = threading.Event()

    def first_save():
        try:
            with transaction.atomic():
                form = organisation_form(Organisation.objects.get(pk=organisation.pk), "แรก")
                assert form.is_valid(), form.errors
                checked.set()
                time.sleep(0.5)  # the second save is checking meanwhile, and must wait
                form.save()
        finally:
            checked.set()

    try:
        first, _ = in_own_connection(first_save)
        checked.wait(timeout=10)
        second, checked_second = in_own_connection(lambda: second_save_is_valid(organisation.pk))
        first.join()
        second.join()

        assert checked_second["value"] is False
        organisation.refresh_from_db()
        assert (organisation.name_th, organisation.version) == ("แรก", 2)
    finally:
        in_own_connection(lambda: remove_organisation(organisation.pk))[0].join()


def second_save_is_valid(pk):
    with transaction.atomic():  # as in the admin's change view
        return organisation_form(Organisation.objects.get(pk=pk), "ที่สอง").is_valid()


def remove_organisation(pk):
    Organisation.objects.filter(pk=pk).delete()
    Organisation.history.filter(id=pk).delete()
