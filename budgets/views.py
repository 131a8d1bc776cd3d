from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_filters.views import FilterView

from reports.renderers import respond

from . import exports
from .filters import AllocationFilter
from .models import Allocation, BudgetTotal
from .tables import BudgetTable, budget_table, national_budget_table


class BudgetView(FilterView):
    """Allocations by province × fiscal year × programme, with totals."""

    filterset_class = AllocationFilter
    template_name = "budgets/budget_list.html"

    def get_queryset(self):
        # The derived totals (budgets/totals.py): the budget filters work on them as on the
        # allocations, and there are provinces × years × programmes of them at most.
        return BudgetTotal.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = context["object_list"]
        # The whole country is a row per region and year, summed in the database; choosing a
        # region, a province or a year shows its provinces. 77 provinces × every year would
        # make the page grow by a screenful each year.
        chosen = self.filterset.form.cleaned_data if self.filterset.is_valid() else {}
        if any(chosen.get(name) for name in ("region", "province", "fiscal_year")):
            context["budget"] = budget_table(totals, by_province=True)
            context["rows_by"] = "province"
        elif self.filterset.is_bound and not self.filterset.is_valid():
            context["budget"], context["rows_by"] = BudgetTable(programmes=[]), "region"
        else:
            # The stored region totals as they are (RegionBudgetTotal), of the chosen programme.
            table = national_budget_table(programme=chosen.get("programme"))
            context["budget"], context["rows_by"] = table, "region"
        return context


def _filtered(request, queryset=None):
    """The budget page's filters applied to the published allocations (or to `queryset`), or
    None when they are malformed."""
    queryset = Allocation.objects.published() if queryset is None else queryset
    filterset = AllocationFilter(request.GET, queryset=queryset)
    return filterset.qs if filterset.is_valid() else None


def _bad_filters():
    return HttpResponseBadRequest(_("The filters are not valid; check the budgets page."))


@require_GET
def allocation_export(request, extension):
    queryset = _filtered(request)
    if queryset is None:
        return _bad_filters()
    return respond(exports.allocation_report(queryset), "allocations", extension)


@require_GET
def budget_summary_export(request, extension):
    queryset = _filtered(request, BudgetTotal.objects.all())
    if queryset is None:
        return _bad_filters()
    return respond(
        exports.budget_summary(queryset),
        "budget-summary",
        extension,
        title=_("CODI budget allocations: summary"),
    )
