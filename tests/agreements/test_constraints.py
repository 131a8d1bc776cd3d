"""Every rule that can be a database constraint is one, on SQLite and PostgreSQL alike."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError
from django.utils import translation

from agreements.models import Agreement, AgreementParty
from budgets.models import Allocation, Programme
from geography.models import Province
from partners.models import Organisation
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    AllocationFactory,
    OrganisationFactory,
    province,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def refused_by_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_the_database_refuses_an_agreement_that_ends_before_it_starts():
    refused_by_database(lambda: AgreementFactory(starts_on=D(2024, 1, 1), ends_on=D(2023, 12, 31)))


def test_full_clean_explains_an_end_before_the_start_in_thai():
    agreement = AgreementFactory.build(starts_on=D(2024, 1, 1), ends_on=D(2023, 12, 31))
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        agreement.full_clean()
    assert "วันสิ้นสุดต้องไม่อยู่ก่อนวันเริ่มต้น" in str(caught.value)


def test_the_database_refuses_an_open_term_with_an_end_date():
    refused_by_database(lambda: AgreementFactory(term_mode="open", ends_on=D(2030, 1, 1)))


def test_the_database_refuses_a_duration_term_without_its_length():
    refused_by_database(lambda: AgreementFactory(term_mode="duration", term_length=None))


def test_references_are_unique():
    AgreementFactory(reference="MOU-2567-30-01")
    refused_by_database(lambda: AgreementFactory(reference="MOU-2567-30-01"))


def test_an_organisation_signs_an_agreement_once():
    party = AgreementPartyFactory()
    refused_by_database(
        lambda: AgreementPartyFactory(
            agreement=party.agreement, organisation=party.organisation, signatory=None
        )
    )


def test_the_presiding_official_may_also_be_a_witness_but_holds_each_role_once():
    presiding = AgreementPartyFactory(role=AgreementParty.Role.PRESIDING)
    same = {
        "agreement": presiding.agreement,
        "organisation": presiding.organisation,
        "signatory": presiding.signatory,
    }
    AgreementPartyFactory(role=AgreementParty.Role.WITNESS, order=1, **same)
    refused_by_database(
        lambda: AgreementPartyFactory(role=AgreementParty.Role.WITNESS, order=2, **same)
    )


def test_two_witnesses_of_one_organisation_are_two_people():
    witness = AgreementPartyFactory(role=AgreementParty.Role.WITNESS)
    unnamed = {
        "agreement": witness.agreement,
        "organisation": witness.organisation,
        "signatory": None,
        "role": AgreementParty.Role.WITNESS,
    }
    AgreementPartyFactory(
        agreement=witness.agreement,
        organisation=witness.organisation,
        role=AgreementParty.Role.WITNESS,
        order=2,
    )
    AgreementPartyFactory(order=3, **unnamed)
    refused_by_database(lambda: AgreementPartyFactory(order=4, **unnamed))


def test_a_party_row_needs_an_organisation_or_a_person():
    refused_by_database(lambda: AgreementPartyFactory(organisation=None, signatory=None))


def test_two_organisations_may_not_share_a_thai_name_in_one_province():
    OrganisationFactory(name_th="ขบวนองค์กรชุมชนจังหวัดกาญจนบุรี")
    refused_by_database(lambda: OrganisationFactory(name_th="ขบวนองค์กรชุมชนจังหวัดกาญจนบุรี"))
    # The same name in another province is another organisation.
    OrganisationFactory(name_th="ขบวนองค์กรชุมชนจังหวัดกาญจนบุรี", province=province("ratchaburi"))


def test_national_organisations_are_unique_by_name_too():
    OrganisationFactory(name_th="มูลนิธิเอเชีย", province=None)
    refused_by_database(lambda: OrganisationFactory(name_th="มูลนิธิเอเชีย", province=None))


def test_the_database_refuses_a_negative_allocation():
    refused_by_database(lambda: AllocationFactory(amount=Decimal("-0.01")))


def test_full_clean_explains_a_negative_allocation_in_thai():
    allocation = AllocationFactory.build(amount=Decimal("-1"))
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        allocation.full_clean()
    assert "amount" in caught.value.message_dict


@pytest.mark.parametrize("fiscal_year", [2024, 2539, 2701])
def test_the_database_refuses_a_fiscal_year_outside_the_be_range(fiscal_year):
    refused_by_database(lambda: AllocationFactory(fiscal_year=fiscal_year))


def test_money_is_exact_to_the_satang():
    for amount in ("468690.00", "1856930.00", "506000.00", "3508500.00"):
        AllocationFactory(amount=Decimal(amount))
    assert Allocation.objects.total() == Decimal("6340120.00")


def test_a_province_in_use_cannot_be_deleted():
    AgreementFactory(province=province("mukdahan"))
    with pytest.raises(ProtectedError):
        Province.objects.get(slug="mukdahan").delete()


def test_an_organisation_that_signed_cannot_be_deleted():
    party = AgreementPartyFactory()
    with pytest.raises(ProtectedError):
        Organisation.objects.get(pk=party.organisation_id).delete()


def test_a_programme_with_allocations_cannot_be_deleted():
    allocation = AllocationFactory()
    with pytest.raises(ProtectedError):
        Programme.objects.get(pk=allocation.programme_id).delete()


def test_deleting_an_agreement_takes_its_parties_with_it():
    party = AgreementPartyFactory()
    party.agreement.delete()
    assert not AgreementParty.objects.filter(pk=party.pk).exists()
    assert Agreement.objects.count() == 0
