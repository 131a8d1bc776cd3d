"""Search documents follow the audit trail (records.derived): whatever saves or deletes a
searched row, the agreements it shows are found by the new text, with no call to remember."""

import pytest
from django.db import transaction

from agreements.models import Agreement, SearchDocument
from records import derived
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    AgreementPartyFactory,
    OrganisationFactory,
    ProgressUpdateFactory,
    ScopeClauseFactory,
)

pytestmark = pytest.mark.django_db


def found(text):
    return set(Agreement.objects.search(text).values_list("reference", flat=True))


def test_renaming_an_organisation_makes_its_agreements_found_by_the_new_name():
    organisation = OrganisationFactory(name_th="สภาองค์กรชุมชนตำบลหนองบัว")
    party = AgreementPartyFactory(organisation=organisation, organisation_name_th="")
    assert found("หนองบัว") == {party.agreement.reference}

    organisation.name_th = "สภาองค์กรชุมชนตำบลโนนสูง"
    organisation.save()

    assert found("โนนสูง") == {party.agreement.reference}


def test_a_deleted_clause_no_longer_finds_its_agreement():
    clause = ScopeClauseFactory(text_th="พัฒนาระบบน้ำประปาหมู่บ้าน")
    assert found("น้ำประปา") == {clause.agreement.reference}

    clause.delete()

    assert found("น้ำประปา") == set()


def test_an_activity_moved_to_another_agreement_leaves_the_first_document():
    first, second = AgreementFactory(), AgreementFactory()
    activity = ActivityFactory(agreement=first, title_th="เวทีแลกเปลี่ยนเรียนรู้ลุ่มน้ำ")
    assert found("ลุ่มน้ำ") == {first.reference}

    activity.agreement = second
    activity.save()

    assert found("ลุ่มน้ำ") == {second.reference}


def test_the_documents_are_rebuilt_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    # The test's own transaction never commits: the whole story happens in the captured one.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            agreement = AgreementFactory()
            clauses = ScopeClauseFactory.create_batch(3, agreement=agreement)
            ProgressUpdateFactory(clause=clauses[0])  # what the current progress is made from
            agreement.title_th = "ข้อตกลงว่าด้วยการฟื้นฟูป่าชุมชน"
            agreement.save()
    # One rebuild per derivation made from what was saved, for the whole transaction, however
    # many rows it saved.
    saved = {"agreements.Agreement", "agreements.ScopeClause", "tracking.ProgressUpdate"}
    made_from_them = {d for d in derived.derivations() if saved & set(d.sources)}
    assert len(made_from_them) >= 4  # search, partners, current progress, province figures
    assert len(callbacks) == len(made_from_them)
    assert {callback.__self__ for callback in callbacks} == made_from_them
    assert derived.flush_all() == 0
    text = SearchDocument.objects.get(agreement=agreement).text
    assert "ฟื้นฟูป่าชุมชน" in text


def test_a_rolled_back_change_leaves_the_document_as_the_data_is():
    agreement = AgreementFactory(title_th="ข้อตกลงเดิม")
    derived.flush_all()
    with pytest.raises(RuntimeError), transaction.atomic():
        agreement.title_th = "ข้อตกลงที่ถูกยกเลิก"
        agreement.save()
        raise RuntimeError
    assert found("ยกเลิก") == set()
    assert found("ข้อตกลงเดิม") == {agreement.reference}


def test_a_bulk_update_with_history_tells_the_documents():
    organisation = OrganisationFactory(name_th="มูลนิธิเดิม")
    party = AgreementPartyFactory(organisation=organisation, organisation_name_th="")
    derived.flush_all()
    organisation.name_th = "มูลนิธิใหม่"
    derived.bulk_update_with_history([organisation], type(organisation), ["name_th"])
    assert found("มูลนิธิใหม่") == {party.agreement.reference}
