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
    published = Allocation.objects.published().filter(province__in=provinces)
    rows = _summed(published, BudgetTotal, "province", "province", Count("pk"))
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
    totals = BudgetTotal._base_manager.filter(province__region__in=regions)
    rows = _summed(totals, RegionBudgetTotal, "region", "province__region", Sum("allocations"))
    RegionBudgetTotal._base_manager.filter(region__in=regions).delete()
    RegionBudgetTotal._base_manager.bulk_create(rows)


def _summed(rows, model, place, place_key, allocations):
    """Unsaved `model` rows (a StoredSums): `rows` summed per `place_key` (their `place`),
    fiscal year and programme, with how many allocations each sum has (`allocations`)."""
    sums = (
        rows.order_by()
        .values(place_key, "fiscal_year", "programme")
        .annotate(
            **{f"summed_{name}": Sum(name) for name in model.SUMMED},
            summed_allocations=allocations,
        )
    )
    return [
        model(
            **{f"{place}_id": row[place_key]},
            fiscal_year=row["fiscal_year"],
            programme_id=row["programme"],
            allocations=row["summed_allocations"],
            **{name: row[f"summed_{name}"] for name in model.SUMMED},
        )
        for row in sums
    ]


def all_provinces():
    return global_apps.get_model("geography", "Province").objects.values_list("pk", flat=True)


budget_totals = Derived("budget totals", rebuild, everything=all_provinces)
budget_totals.follow("budgets.Allocation", _provinces_of_allocations)
budget_totals.follow("agreements.Agreement", _provinces_of_agreements)
