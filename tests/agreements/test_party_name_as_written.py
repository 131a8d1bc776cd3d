"""A party keeps the organisation's name as written on its document: filled in when the party is
entered, corrected by staff where the document spells it differently, and shown (with the name
the organisation is known by now) on every public output after a rename."""

import datetime
import importlib

import pytest
from django.apps import apps

from agreements.forms import AgreementPartyInlineForm
from agreements.models import Agreement, AgreementParty
from partners.models import Organisation, Person
from tests.agreements.test_admin import ADD_URL, agreement_post, with_parties
from tests.agreements.test_party_entry import korat_university_row, new_party_row
from tests.downloads import body
from tests.factories import AgreementFactory, AgreementPartyFactory, OrganisationFactory
from tests.pdf_lines import text_of

pytestmark = pytest.mark.django_db

OLD = "วิทยาลัยชุมชนมุกดาหาร"
NEW = "วิทยาลัยชุมชนมุกดาหาร สถาบันวิทยาลัยชุมชน"


def test_the_name_as_written_is_filled_from_the_organisation_chosen_or_typed_in(staff_client):
    codi = OrganisationFactory(name_th="สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)", name_en="CODI")
    rows = [korat_university_row(1), new_party_row(2, organisation=str(codi.pk))]

    response = staff_client.post(ADD_URL, with_parties(agreement_post(), rows))

    assert response.status_code == 302
    university, by_codi = Agreement.objects.get().parties.order_by("order")
    assert university.organisation_name_th == "มหาวิทยาลัยราชภัฏนครราชสีมา"
    assert (by_codi.organisation_name_th, by_codi.organisation_name_en) == (codi.name_th, "CODI")


def test_a_name_corrected_by_staff_is_kept(staff_client):
    codi = OrganisationFactory(name_th="สถาบันพัฒนาองค์กรชุมชน")
    row = new_party_row(1, organisation=str(codi.pk), organisation_name_th="สถาบันฯ ตามเอกสาร")

    staff_client.post(ADD_URL, with_parties(agreement_post(), [row]))

    assert AgreementParty.objects.get().organisation_name_th == "สถาบันฯ ตามเอกสาร"


def party_form(party, **changes):
    data = {
        "order": party.order,
        "role": party.role,
        "organisation": party.organisation_id,
        "organisation_name_th": party.organisation_name_th,
        "organisation_name_en": party.organisation_name_en,
        "signatory": party.signatory_id,
        **changes,
    }
    return AgreementPartyInlineForm(data, instance=party)


def test_choosing_another_organisation_takes_its_name_and_an_untouched_row_keeps_its_own():
    party = AgreementPartyFactory(organisation_name_th="ชื่อเดิมตามเอกสาร")
    other = OrganisationFactory(name_th="องค์กรที่เลือกใหม่")

    unchanged = party_form(party)
    assert unchanged.is_valid(), unchanged.errors
    assert unchanged.cleaned_data["organisation_name_th"] == "ชื่อเดิมตามเอกสาร"

    chosen = party_form(party, organisation=other.pk)
    assert chosen.is_valid(), chosen.errors
    assert chosen.cleaned_data["organisation_name_th"] == "องค์กรที่เลือกใหม่"


def test_the_migration_fills_the_names_of_parties_entered_before():
    organisation = OrganisationFactory(name_th=OLD, name_en="Mukdahan Community College")
    party = AgreementPartyFactory(organisation=organisation)
    AgreementParty.objects.filter(pk=party.pk).update(
        organisation_name_th="", organisation_name_en=""
    )
    migration = importlib.import_module("agreements.migrations.0015_party_name_as_written")

    migration.fill_names_as_written(apps, None)

    party.refresh_from_db()
    assert party.organisation_name_th == OLD
    assert party.organisation_name_en == "Mukdahan Community College"


@pytest.fixture
def renamed(db):
    old = OrganisationFactory(name_th=OLD)
    new = OrganisationFactory(name_th=NEW)
    agreement = AgreementFactory(is_published=True)
    AgreementPartyFactory(agreement=agreement, organisation=old)
    old.successor = new
    old.successor_reason = Organisation.SuccessorReason.RENAMED
    old.successor_since = datetime.date(2025, 6, 1)
    old.save()
    return agreement


def test_exports_the_pdf_and_the_api_give_the_name_as_written_after_a_rename(client, renamed):
    csv = body(client.get("/agreements/export.csv")).decode("utf-8-sig")
    assert OLD in csv

    pdf = text_of(body(client.get(f"/agreements/{renamed.pk}/export.pdf")))
    assert "ปัจจุบันคือ" in pdf

    (party,) = client.get(f"/api/v1/agreements/{renamed.pk}/").json()["parties"]
    assert party["organisation_name_th"] == OLD


def test_the_agreement_card_lists_the_party_by_the_name_as_written(client, renamed):
    assert OLD in client.get("/agreements/").content.decode()


def test_a_card_names_a_party_without_a_written_name_by_its_organisation_or_signatory(client):
    agreement = AgreementFactory()
    unnamed = AgreementPartyFactory(
        agreement=agreement, organisation=OrganisationFactory(name_th=NEW, name_en="Mukdahan CC")
    )
    AgreementParty.objects.filter(pk=unnamed.pk).update(organisation_name_th="")
    alone = AgreementPartyFactory(agreement=agreement, organisation=None, order=9)
    Person.objects.filter(pk=alone.signatory_id).update(name_th="นายทดสอบ ลงนามเอง")

    thai = client.get("/agreements/").content.decode()
    english = client.get("/en/agreements/").content.decode()

    assert NEW in thai and "นายทดสอบ ลงนามเอง" in thai
    assert "Mukdahan CC" in english
