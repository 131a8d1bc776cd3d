"""ProvinceFigures, each province's partnership figures, stored: derived data (records.derived)
so that the home page, the region pages and the national partnership dashboard read one row per
province instead of every agreement, follow-up, party and progress note of the country.

Two things keep a row right:

- any audited change of what it counts (an agreement, an activity, a party, a clause or duty
  and its progress, an organisation's kind) marks the provinces concerned, whose rows are
  rebuilt when the change commits (or before a read in the same transaction);
- the passing of time: a row holds for the days from `computed_on` to the day before
  `valid_until`, the first day a date in the province's records could change it (an
  agreement starting, ending or terminated; a follow-up coming or leaving the threshold's
  window). A read for a day outside that span rebuilds the rows concerned first, so the first
  visitor after such a day pays for one province, not the country.

`manage.py rebuild_derived` rewrites every row.
"""

import functools

from django.apps import apps as global_apps
from django.db import connections, transaction
from django.db.models.utils import create_namedtuple_class
from django.utils import timezone

from agreements.filters import AgreementFilter
from records.compiled import compiled
from records.derived import Derived, history_values

from .models import ProvinceFigures
from .partnership import computed_figures

# The valid rows of some provinces, and a few columns of every valid row: fixed-shape queries,
# compiled once (records/compiled.py).
_figures_of = compiled(
    lambda provinces, today: ProvinceFigures.objects.filter(
        province__in=provinces, computed_on__lte=today, valid_until__gt=today
    )
)


@functools.cache
def _values_of(fields):
    return compiled(
        lambda today: ProvinceFigures.objects.filter(
            computed_on__lte=today, valid_until__gt=today
        ).values_list("province", *fields, named=True)
    )


def province_figures(today, provinces=None) -> list:
    """The figures of `provinces` (pks or a queryset; every province when None) valid on
    `today`, rebuilding first those that are stale or missing."""
    province_figures_derived.flush()  # what this transaction changed is counted already
    if isinstance(provinces, list | tuple | set):
        wanted = set(provinces)
    else:
        Province = global_apps.get_model("geography", "Province")
        every = Province.objects.all()
        chosen = every if provinces is None else every.filter(pk__in=provinces)
        wanted = set(chosen.values_list("pk", flat=True))
    rows = {row.province_id: row for row in _figures_of.fetch(sorted(wanted), today)}
    stale = wanted - rows.keys()
    if stale:
        for row in write(stale, today):
            rows[row.province_id] = row
    return list(rows.values())


def province_counts(today, provinces) -> dict:
    """{province pk: (published agreements, in force)} of `provinces` (pks) on `today`: what
    the map and the region table show."""
    rows = province_values(today, provinces, "agreements", "in_force")
    return {pk: (row.agreements, row.in_force) for pk, row in rows.items()}


def province_values(today, provinces, *fields) -> dict:
    """{province pk: named tuple of `fields`} of `provinces` (pks) on `today`: a few columns of
    every valid row (77 at most) instead of model instances with all their JSON, which cost
    several times the query; the stale or missing rows rebuilt first."""
    province_figures_derived.flush()  # what this transaction changed is counted already
    wanted = set(provinces)
    rows = {row.province: row for row in _values_of(fields).fetch(today) if row.province in wanted}
    stale = wanted - rows.keys()
    if stale:
        Row = create_namedtuple_class("province", *fields)  # the class values_list() uses
        rows.update(
            (row.province_id, Row(row.province_id, *(getattr(row, f) for f in fields)))
            for row in write(stale, today)
        )
    return rows


def write(provinces, today=None):
    """Compute and store the figures of `provinces` (pks) as of `today`; returns the rows."""
    today = today or timezone.localdate()
    figures = computed_figures(today, provinces)
    rows = [ProvinceFigures(province_id=pk, **values) for pk, values in figures.items()]
    fields = [f.name for f in ProvinceFigures._meta.concrete_fields if not f.primary_key]
    with transaction.atomic():
        ProvinceFigures.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["province"], update_fields=fields
        )
    return rows


def _rebuild(provinces):
    return len(write(provinces))


def _province_of(model, pks):
    return history_values(model, pks, "province")


def _provinces_of_agreements(agreement_pks):
    Agreement = global_apps.get_model("agreements", "Agreement")
    return (
        Agreement.history.filter(id__in=list(agreement_pks))
        .values_list("province", flat=True)
        .distinct()
    )


def _via_agreement(model, pks):
    return _provinces_of_agreements(history_values(model, pks, "agreement"))


def _activity(model, pks):
    # Where it counts: its agreement's province, or where it was held.
    return {*_via_agreement(model, pks), *history_values(model, pks, "province")}


def _responsibility(model, pks):
    Party = global_apps.get_model("agreements", "AgreementParty")
    return _provinces_of_agreements(
        history_values(Party, history_values(model, pks, "party"), "agreement")
    )


def _progress(model, pks):
    Clause = global_apps.get_model("agreements", "ScopeClause")
    Responsibility = global_apps.get_model("agreements", "Responsibility")
    return {
        *_via_agreement(Clause, history_values(model, pks, "clause")),
        *_responsibility(Responsibility, history_values(model, pks, "responsibility")),
    }


def _organisation(model, pks):
    Party = global_apps.get_model("agreements", "AgreementParty")
    agreements = Party.objects.filter(organisation__in=pks).values_list("agreement", flat=True)
    return _provinces_of_agreements(agreements)


def _all_provinces():
    return global_apps.get_model("geography", "Province").objects.values_list("pk", flat=True)


province_figures_derived = Derived("province figures", _rebuild, everything=_all_provinces)
province_figures_derived.follow("agreements.Agreement", _province_of)
province_figures_derived.follow("agreements.AgreementParty", _via_agreement)
province_figures_derived.follow("agreements.Activity", _activity)
province_figures_derived.follow("agreements.ScopeClause", _via_agreement)
province_figures_derived.follow("agreements.Responsibility", _responsibility)
province_figures_derived.follow("tracking.ProgressUpdate", _progress)
province_figures_derived.follow("partners.Organisation", _organisation)


def published_agreement_total(today=None):
    """How many agreements are published, from the stored figures: 77 rows, not a COUNT.

    One statement written out rather than built with the ORM: it runs on every unfiltered
    list page and API answer, and compiling its filtered sums and subquery cost three times
    what PostgreSQL takes to run it."""
    today = today or timezone.localdate()
    province_figures_derived.flush()  # what this transaction changed is counted already
    connection = connections[ProvinceFigures.objects.db]
    day = connection.ops.adapt_datefield_value(today)
    quote = connection.ops.quote_name
    figures = quote(ProvinceFigures._meta.db_table)
    provinces = quote(global_apps.get_model("geography", "Province")._meta.db_table)
    fresh = f"{quote('computed_on')} <= %s AND {quote('valid_until')} > %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT SUM(CASE WHEN {fresh} THEN {quote('agreements')} ELSE 0 END), "
            f"SUM(CASE WHEN {fresh} THEN 1 ELSE 0 END), "
            f"(SELECT COUNT(*) FROM {provinces}) FROM {figures}",
            [day, day, day, day],
        )
        total, fresh_rows, province_count = cursor.fetchone()
    if (fresh_rows or 0) < province_count:  # a row missing or out of date
        return sum(row.agreements for row in province_figures(today))
    return total or 0


# Every province with its region, for counts by region (records.compiled).
_province_regions = compiled(
    lambda: (
        global_apps.get_model("geography", "Province")
        .objects.order_by()
        .values_list("pk", "region")
    )
)


def published_count_by_status(statuses, *, region=None, province=None, today=None):
    """How many published agreements have one of `statuses` (in `region`, or `province`, when
    given), from the stored figures' counts by status: 77 small rows, not the agreements."""
    today = today or timezone.localdate()
    provinces = [
        pk
        for pk, region_pk in _province_regions.rows()
        if (region is None or region_pk == region.pk) and (province is None or pk == province.pk)
    ]
    rows = province_values(today, provinces, "status_counts")
    return sum(row.status_counts.get(status, 0) for row in rows.values() for status in statuses)


class CountedAgreementFilter(AgreementFilter):
    """The agreement filters whose lists take their size from the stored figures: the
    unfiltered list (AgreementFilter.published_total) and one filtered by status, region or
    province only (the province pages' "All N in force" links): the public list and the
    open-data API."""

    published_total = staticmethod(published_agreement_total)

    @property
    def qs(self):
        queryset = super().qs
        if not self.is_bound or not self.form.is_valid():
            return queryset
        chosen = {name: value for name, value in self.form.cleaned_data.items() if value}
        status = chosen.get("status")
        if status and chosen.keys() <= {"status", "region", "province"}:
            statuses = self.statuses_of(status)
            region, province = chosen.get("region"), chosen.get("province")
            queryset.found_count = lambda: published_count_by_status(
                statuses, region=region, province=province
            )
        return queryset
