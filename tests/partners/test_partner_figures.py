"""Organisation.published_agreements follows the agreements and their parties
(agreements/partner_figures.py), so the partner lists read one column."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from partners.models import Organisation
from records import derived
from tests.factories import AgreementFactory, AgreementPartyFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def count(organisation):
    derived.flush_all()
    return Organisation.objects.get(pk=organisation.pk).published_agreements


def test_it_counts_the_published_agreements_only():
    organisation = OrganisationFactory()
    AgreementPartyFactory(organisation=organisation)
    AgreementPartyFactory(organisation=organisation, role="witness")
    AgreementPartyFactory(agreement=AgreementFactory(is_published=False), organisation=organisation)

    assert count(organisation) == 2
    assert Organisation.objects.public_partner_count() == 1
    assert Organisation.objects.public_partners().get().agreement_count == 2


def test_withdrawing_an_agreement_or_moving_a_party_changes_the_counts():
    first, second = OrganisationFactory(), OrganisationFactory()
    agreement = AgreementFactory()
    party = AgreementPartyFactory(agreement=agreement, organisation=first)
    assert count(first) == 1

    party.organisation = second
    party.save()
    assert (count(first), count(second)) == (0, 1)

    agreement.is_published = False
    agreement.review_state = "draft"
    agreement.save()
    assert count(second) == 0
    assert not Organisation.objects.public_partners().exists()


def test_a_deleted_party_no_longer_counts():
    organisation = OrganisationFactory()
    party = AgreementPartyFactory(organisation=organisation)
    assert count(organisation) == 1

    party.delete()

    assert count(organisation) == 0


def test_the_counts_are_written_when_the_transaction_commits(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            AgreementPartyFactory(organisation=organisation)
    assert Organisation.objects.filter(pk=organisation.pk, published_agreements=1).exists()


def test_rebuild_derived_rewrites_a_count_written_without_an_audit_record():
    organisation = OrganisationFactory()
    AgreementPartyFactory(organisation=organisation)
    derived.flush_all()
    Organisation.objects.filter(pk=organisation.pk).update(published_agreements=7)

    call_command("rebuild_derived", stdout=io.StringIO())

    assert Organisation.objects.get(pk=organisation.pk).published_agreements == 1


def test_the_partner_count_reads_no_party():
    AgreementPartyFactory()
    derived.flush_all()
    with CaptureQueriesContext(connection) as captured:
        assert Organisation.objects.public_partner_count() == 1
    assert len(captured) == 1
    assert "agreementparty" not in captured[0]["sql"]
