import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from geography.filters import province_filter, region_filter
from geography.views import public_agreements

from .models import Organisation


def public_partners():
    """Organisations with a role in at least one published agreement, with how many."""
    return (
        Organisation.objects.filter(agreement_roles__agreement__is_published=True)
        .annotate(
            agreement_count=Count(
                "agreement_roles__agreement",
                filter=Q(agreement_roles__agreement__is_published=True),
                distinct=True,
            )
        )
        .select_related("province__region", "parent")
    )


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organisation.Kind.choices)
    region = region_filter()
    province = province_filter()

    class Meta:
        model = Organisation
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class PartnerListView(FilterView):
    filterset_class = PartnerFilter
    template_name = "partners/organisation_list.html"
    context_object_name = "partners"
    paginate_by = 30

    def get_queryset(self):
        return public_partners().order_by("name_th")


class PartnerDetailView(DetailView):
    context_object_name = "partner"
    template_name = "partners/organisation_detail.html"

    def get_queryset(self):
        return public_partners()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreements"] = public_agreements().filter(
            pk__in=self.object.agreement_roles.values("agreement")
        )
        roles = self.object.agreement_roles.filter(agreement__is_published=True)
        context["roles"] = {r.agreement_id: r for r in roles}
        return context
