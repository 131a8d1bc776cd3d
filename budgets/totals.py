"""BudgetTotal, the published allocations summed per province × fiscal year × programme (the
amounts allocated, and the money trail: transferred, reported spent, returned):
derived data (records.derived), rebuilt per province after every audited change of an
allocation (its amount, year, programme or province) or of an agreement (publishing one makes
its allocations public). `manage.py rebuild_derived` rewrites them all.

RegionBudgetTotal, the same sums per region, is rewritten with them: the regions of the
provinces rebuilt are summed again from their provinces' totals.
"""

from django.apps import apps as global_apps
from django.db.models import Count, Sum

from records.derived import Derived, history_values


def _provinces_of_allocations(model, pks):
    return history_values(model, pks, "province")


def _provinces_of_agreements(model, pks):
    Allocation = global_apps.get_model("budgets", "Allocation")
    return Allocation.objects.filter(agreement__in=pks).values_list("province", flat=True)


def rebuild(provinces):
    """Rewrite the totals of `provinces` (pks) from the published allocations."""
    Allocation = global_apps.get_model("budgets", "Allocation")
    BudgetTotal = global_apps.get_model("budgets", "BudgetTotal")
    provinces = list(provinces)
    sums = (
        Allocation.objects.published()
        .filter(province__in=provinces)
        .order_by()
        .values("province", "fiscal_year", "programme")
        .annotate(
            amount=Sum("amount"),
            transferred_amount=Sum("transferred_amount"),
            reported_amount=Sum("reported_amount"),
            returned_amount=Sum("returned_amount"),
            allocations=Count("pk"),
        )
    )
    rows = [
        BudgetTotal(
            province_id=row["province"],
            fiscal_year=row["fiscal_year"],
            programme_id=row["programme"],
            amount=row["amount"],
            transferred_amount=row["transferred_amount"],
            reported_amount=row["reported_amount"],
            returned_amount=row["returned_amount"],
            allocations=row["allocations"],
        )
        for row in sums
    ]
    BudgetTotal._base_manager.filter(province__in=provinces).delete()
    BudgetTotal._base_manager.bulk_create(rows)
    Province = global_apps.get_model("geography", "Province")
    rebuild_regions(Province.objects.filter(pk__in=provinces).values_list("region", flat=True))
    return len(rows)


def rebuild_regions(regions):
    """Rewrite the RegionBudgetTotal rows of `regions` (pks) from their provinces' totals."""
    BudgetTotal = global_apps.get_model("budgets", "BudgetTotal")
    RegionBudgetTotal = global_apps.get_model("budgets", "RegionBudgetTotal")
    regions = sorted(set(regions))
    sums = (
        BudgetTotal._base_manager.filter(province__region__in=regions)
        .order_by()
        .values("province__region", "fiscal_year", "programme")
        .annotate(
            total_amount=Sum("amount"),
            total_transferred=Sum("transferred_amount"),
            total_reported=Sum("reported_amount"),
            total_returned=Sum("returned_amount"),
            total_allocations=Sum("allocations"),
        )
    )
    rows = [
        RegionBudgetTotal(
            region_id=row["province__region"],
            fiscal_year=row["fiscal_year"],
            programme_id=row["programme"],
            amount=row["total_amount"],
            transferred_amount=row["total_transferred"],
            reported_amount=row["total_reported"],
            returned_amount=row["total_returned"],
            allocations=row["total_allocations"],
        )
        for row in sums
    ]
    RegionBudgetTotal._base_manager.filter(region__in=regions).delete()
    RegionBudgetTotal._base_manager.bulk_create(rows)


def all_provinces():
    return global_apps.get_model("geography", "Province").objects.values_list("pk", flat=True)


budget_totals = Derived("budget totals", rebuild, everything=all_provinces)
budget_totals.follow("budgets.Allocation", _provinces_of_allocations)
budget_totals.follow("agreements.Agreement", _provinces_of_agreements)
