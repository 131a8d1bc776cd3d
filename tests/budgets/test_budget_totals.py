"""BudgetTotal follows the allocations and the agreements they belong to (budgets/totals.py),
and RegionBudgetTotal their provinces' totals: the budget pages read provinces × years ×
programmes rows (regions × years × programmes for the whole country), never the allocations."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from budgets.models import Allocation, BudgetTotal, Programme, RegionBudgetTotal
from budgets.tables import budget_table, national_budget_table, national_budget_total
from tests.factories import AgreementFactory, AllocationFactory, province

pytestmark = pytest.mark.django_db


def totals():
    return {
        (t.province.slug, t.fiscal_year, t.programme.code): (t.amount, t.allocations)
        for t in BudgetTotal.objects.select_related("province", "programme")
    }


def region_totals():
    return {
        (t.region.code, t.fiscal_year, t.programme.code): (t.amount, t.allocations)
        for t in RegionBudgetTotal.objects.select_related("region", "programme")
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


def test_the_region_totals_follow_their_provinces_totals():
    west = province("ratchaburi").region.code
    AllocationFactory(amount=Decimal("100.00"))
    AllocationFactory(amount=Decimal("50.00"), province=province("kanchanaburi"))
    moving = AllocationFactory(amount=Decimal("7.00"), province=province("mukdahan"))
    AllocationFactory(amount=Decimal("999.00"), agreement=AgreementFactory(is_published=False))
    assert region_totals() == {
        (west, 2566, "community-welfare"): (Decimal("150.00"), 2),
        ("NORTHEAST", 2566, "community-welfare"): (Decimal("7.00"), 1),
    }

    moving.province = province("ratchaburi")
    moving.save()
    assert region_totals() == {(west, 2566, "community-welfare"): (Decimal("157.00"), 3)}

    Allocation.objects.get(amount=Decimal("50.00")).delete()
    assert region_totals() == {(west, 2566, "community-welfare"): (Decimal("107.00"), 2)}
    assert national_budget_total() == Decimal("107.00")


def test_the_national_table_from_the_region_totals_is_the_one_summed_from_the_provinces():
    for slug, year, amount in [
        ("ratchaburi", 2566, "10.00"),
        ("kanchanaburi", 2567, "20.50"),
        ("mukdahan", 2566, "3.25"),
        ("chiang-mai", 2568, "4.00"),
    ]:
        AllocationFactory(province=province(slug), fiscal_year=year, amount=Decimal(amount))
    AllocationFactory(province=province("mukdahan"), amount=Decimal("1.00"))

    stored = national_budget_table()
    summed = budget_table(BudgetTotal.objects.all(), by_province=True).by_region()

    def shown(table):
        return (
            [p.code for p in table.programmes],
            [(r.fiscal_year, r.region.code, r.region.name_th, r.cells) for r in table.rows],
            table.trail,
        )

    assert shown(stored) == shown(summed)
    assert len(stored.rows) == 4
    assert national_budget_total() == Decimal("38.75")

    other = Programme.objects.exclude(pk=stored.programmes[0].pk).first()
    AllocationFactory(province=province("mukdahan"), programme=other, amount=Decimal("5.00"))
    for programme in stored.programmes[0], other:
        one = budget_table(BudgetTotal.objects.filter(programme=programme), by_province=True)
        assert shown(national_budget_table(programme=programme)) == shown(one.by_region())
