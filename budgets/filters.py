import django_filters
from django.db import connections
from django.utils.translation import gettext_lazy as _

from geography.filters import BilingualChoiceFilter, province_filter, region_filter
from records.filtersets import FormClassOnce
from records.years import YearChoiceFilter
from thai.calendar import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR, fiscal_year_label
from thai.forms import LanguageMarkedSelect

from .models import Allocation, Programme


def fiscal_year_choices():
    return [(year, fiscal_year_label(year)) for year in published_fiscal_years()]


def published_fiscal_years():
    """The fiscal years that have public allocations, newest first (see fiscal_years)."""
    return fiscal_years(published=True)


def fiscal_years(*, published, provinces=None):
    """The fiscal years that have allocations (public ones only, when `published`; of the
    provinces `provinces` only, a list of pks, when given), newest first, in one query that
    reads one entry of the index allocation_newest per year: a recursive query that asks for
    the newest year below the last one found ("loose index scan"), where DISTINCT would read
    every allocation."""
    allocation = Allocation._meta.db_table
    agreement = Allocation._meta.get_field("agreement").related_model._meta.db_table
    conditions = (
        ["a.is_published AND (a.agreement_id IS NULL OR g.is_published)"]
        if published
        else ["1 = 1"]
    )
    if provinces is not None:
        # ids from the database itself (the user's regions' provinces), never user input
        conditions.append(
            f"a.province_id IN ({', '.join(str(int(pk)) for pk in provinces) or 'NULL'})"
        )
    newest_below = f"""
        SELECT a.fiscal_year FROM {allocation} a
        LEFT JOIN {agreement} g ON g.id = a.agreement_id
        WHERE {" AND ".join(conditions)} {{below}}
        ORDER BY a.fiscal_year DESC LIMIT 1
    """
    sql = f"""
        WITH RECURSIVE years(year) AS (
            SELECT ({newest_below.format(below="")})
            UNION ALL
            SELECT ({newest_below.format(below="AND a.fiscal_year < years.year")})
            FROM years WHERE years.year IS NOT NULL
        )
        SELECT year FROM years WHERE year IS NOT NULL
    """
    with connections[Allocation.objects.db].cursor() as cursor:
        cursor.execute(sql)
        return [year for (year,) in cursor.fetchall()]


class AllocationFilter(FormClassOnce, django_filters.FilterSet):
    """The budget page's filters, shared by its exports and the open-data API."""

    region = region_filter()
    province = province_filter()
    fiscal_year = YearChoiceFilter(
        label=_("Fiscal year"),
        choices=fiscal_year_choices,
        widget=LanguageMarkedSelect,
        first=MIN_FISCAL_YEAR,
        last=MAX_FISCAL_YEAR,
    )
    programme = BilingualChoiceFilter(
        label=_("Programme"), to_field_name="code", queryset=Programme.objects.all()
    )

    class Meta:
        model = Allocation
        fields = []
