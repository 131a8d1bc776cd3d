"""BudgetTotal follows the allocations and the agreements they belong to (budgets/totals.py):
the budget pages read provinces × years × programmes rows, never the allocations."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from budgets.models import Allocation, BudgetTotal
from tests.factories import AgreementFactory, AllocationFactory, province

pytestmark = pytest.mark.django_db


def totals():
    return {
        (t.province.slug, t.fiscal_year, t.programme.code): (t.amount, t.allocations)
        for t in BudgetTotal.objects.select_related("province", "programme")
    }


def test_the_totals_sum_the_published_allocations_per_province_year_and_programme():
    AllocationFactory(amount=Decimal("100.50"))
    AllocationFactory(amount=Decimal("200.00"))
    AllocationFactory(amount=Decimal("7.00"), fiscal_year=2567)
    AllocationFactory(amount=Decimal("999.00"), agreement=AgreementFactory(is_published=False))

    assert totals() == {
        ("ratchaburi", 2566, "community-welfare"): (Decimal("300.50"), 2),
        ("ratchaburi", 2567, "community-welfare"): (Decimal("7.00"), 1),
    }


def test_moving_changing_or_deleting_an_allocation_moves_the_totals():
    allocation = AllocationFactory(amount=Decimal("100.00"))
    allocation.province = province("kanchanaburi")
    allocation.amount = Decimal("150.00")
    allocation.save()
    assert totals() == {("kanchanaburi", 2566, "community-welfare"): (Decimal("150.00"), 1)}

    allocation.delete()
    assert totals() == {}


def test_publishing_the_agreement_makes_its_allocations_count():
    agreement = AgreementFactory(is_published=False)
    AllocationFactory(agreement=agreement, amount=Decimal("42.00"))
    assert totals() == {}

    agreement.is_published = True
    agreement.review_state = "published"
    agreement.save()

    assert totals() == {("ratchaburi", 2566, "community-welfare"): (Decimal("42.00"), 1)}


def test_the_totals_are_written_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            AllocationFactory.create_batch(3)
    assert BudgetTotal._base_manager.get().allocations == 3


def test_rebuild_derived_rewrites_totals_of_allocations_written_without_an_audit_record():
    Allocation.objects.bulk_create(
        [
            Allocation(
                province=province("ratchaburi"),
                fiscal_year=2566,
                amount=Decimal("5"),
                programme=AllocationFactory.build().programme,
                is_published=True,
            )
        ]  # fmt: skip
    )
    assert totals() == {}

    call_command("rebuild_derived", stdout=io.StringIO())

    assert totals() == {("ratchaburi", 2566, "community-welfare"): (Decimal("5.00"), 1)}


def test_the_budget_page_and_home_figure_read_the_totals_not_the_allocations(client):
    AllocationFactory.create_batch(5)
    BudgetTotal.objects.exists()  # rebuilt, as a commit would

    region = province("ratchaburi").region.code
    for url in ("/budgets/", "/", f"/regions/{region}/", "/provinces/ratchaburi/"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        reads = [q["sql"] for q in captured if "budgets_allocation" in q["sql"]]
        assert reads == [] or all("fiscal_year" in sql and "LIMIT 1" in sql for sql in reads), url

    assert "500,000" in client.get("/budgets/").text
