from django.db.models import Count, Prefetch, Q, Sum
from django.views.generic import DetailView, TemplateView

from agreements.models import Activity, Agreement, AgreementParty
from budgets.models import Allocation
from budgets.tables import budget_table
from partners.models import Organisation

from . import map as thailand_map
from .models import Province, Region

# Region and province pages show this many agreements and link to the full filtered list.
LATEST = 12


def public_agreements():
    """Published agreements with what a card shows: status, province, region and parties."""
    return (
        Agreement.objects.published()
        .with_status()
        .select_related("province__region")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=AgreementParty.objects.filter(role=AgreementParty.Role.PARTY)
                .select_related("organisation", "signatory")
                .order_by("order", "pk"),
                to_attr="signing_parties",
            )
        )
    )


def active_count_filter(prefix="agreements__"):
    """Counts only published agreements that are in force today (for annotations)."""
    active = Agreement.objects.published().active().values("pk")
    return Q(**{f"{prefix}in": active})


class HomeView(TemplateView):
    template_name = "geography/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provinces = list(
            Province.objects.select_related("region").annotate(
                active_agreements=Count("agreements", filter=active_count_filter(), distinct=True)
            )
        )
        by_code = {p.code: p for p in provinces}
        context["map_shapes"] = [
            (shape, by_code.get(shape.province_code)) for shape in thailand_map.shapes()
        ]
        context["map_view_box"] = thailand_map.VIEW_BOX
        published = Agreement.objects.published()
        context["figures"] = {
            "agreements": published.count(),
            "active": published.active().count(),
            "provinces": sum(1 for p in provinces if p.active_agreements),
            "partners": Organisation.objects.filter(agreement_roles__agreement__in=published)
            .distinct()
            .count(),
            "budget": Allocation.objects.published().total(),
        }
        context["latest"] = public_agreements()[:6]
        context["regions"] = Region.objects.annotate(
            province_count=Count("provinces", distinct=True),
            active_agreements=Count(
                "provinces__agreements",
                filter=active_count_filter("provinces__agreements__"),
                distinct=True,
            ),
        ).order_by("sort_order", "code")  # aggregation drops Meta.ordering
        return context


class RegionDetailView(DetailView):
    model = Region
    slug_field = "code"
    slug_url_kwarg = "code"
    context_object_name = "region"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        allocations = Allocation.objects.published().in_region(region)
        budget_by_province = dict(
            allocations.order_by()
            .values("province")
            .annotate(t=Sum("amount"))
            .values_list("province", "t")
        )
        provinces = list(
            region.provinces.annotate(
                agreement_count=Count(
                    "agreements", filter=Q(agreements__is_published=True), distinct=True
                ),
                active_agreements=Count("agreements", filter=active_count_filter(), distinct=True),
            ).order_by("name_th")
        )
        for province in provinces:
            province.budget_total = budget_by_province.get(province.pk)
        context["provinces"] = provinces
        # The latest few; the full list is one click away on the filterable list page.
        agreements = public_agreements().in_region(region)
        context["agreements"] = agreements[:LATEST]
        context["agreement_count"] = sum(p.agreement_count for p in provinces)
        context["budget"] = budget_table(allocations)
        return context


class ProvinceDetailView(DetailView):
    model = Province
    context_object_name = "province"

    def get_queryset(self):
        return Province.objects.select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        province = self.object
        agreements = list(public_agreements().filter(province=province))
        S = Agreement.Status
        in_force = {S.ACTIVE, S.EXPIRING, S.OPEN_ENDED}
        context["active_agreements"] = [a for a in agreements if a.status_code in in_force]
        context["upcoming_agreements"] = [a for a in agreements if a.status_code == S.UPCOMING]
        past = [a for a in agreements if a.status_code in {S.EXPIRED, S.TERMINATED}]
        context["past_agreements"] = past[:LATEST]
        context["past_count"] = len(past)
        context["partners"] = (
            Organisation.objects.filter(
                agreement_roles__agreement__in=Agreement.objects.published().filter(
                    province=province
                )
            )
            .annotate(
                agreement_count=Count(
                    "agreement_roles__agreement",
                    filter=Q(
                        agreement_roles__agreement__province=province,
                        agreement_roles__agreement__is_published=True,
                    ),
                    distinct=True,
                )
            )
            .order_by("name_th")
        )
        context["budget"] = budget_table(Allocation.objects.published().filter(province=province))
        context["activities"] = (
            Activity.objects.published()
            .filter(Q(province=province) | Q(agreement__province=province))
            .select_related("agreement")
            .order_by("starts_on", "pk")
        )
        return context
