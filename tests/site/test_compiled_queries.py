"""records/compiled.py: a fixed-shape query compiled once per process gives the rows Django
gives, refuses to reuse SQL whose shape depends on more than its values, and is not compiled
again on later calls."""

import datetime
from unittest import mock

import pytest
from django.db.models import Prefetch
from django.db.models.sql.compiler import SQLCompiler
from django.utils import translation

from agreements.models import Activity, Agreement, AgreementParty
from records.compiled import compiled
from records.derived import flush_all
from tests.factories import ActivityFactory, AgreementFactory, AgreementPartyFactory, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements(db):
    made = [
        AgreementFactory(signed_on=datetime.date(2024, 1, n + 1), province=province(slug))
        for n, slug in enumerate(["kanchanaburi", "mukdahan", "ratchaburi", "mukdahan"])
    ]
    AgreementFactory(is_published=False, province=province("mukdahan"))
    for agreement in made:
        AgreementPartyFactory.create_batch(2, agreement=agreement)
    ActivityFactory(agreement=made[1], starts_on=datetime.date(2025, 3, 1))
    ActivityFactory(agreement=made[1], starts_on=datetime.date(2025, 5, 1))
    return made


def rows(queryset):
    """What a page reads of each row, related objects included."""
    out = []
    for item in queryset:
        if isinstance(item, Agreement):
            parties = [party.name for party in getattr(item, "signing_parties", [])]
            out.append((item.pk, item.title_th, item.province.name_th, parties))
        else:
            out.append(item)
    return out


def test_models_with_related_rows_and_card_parties_are_the_rows_django_gives(agreements):
    cards = compiled(lambda pks: Agreement.objects.published().filter(pk__in=pks).for_cards())
    repeated = [agreements[1].pk, agreements[3].pk, agreements[1].pk]  # IN leaves repeats out
    for pks in (
        [a.pk for a in agreements],
        [agreements[1].pk],
        [agreements[2].pk, 10**6],
        repeated,
    ):
        expected = rows(Agreement.objects.published().filter(pk__in=pks).for_cards())
        assert rows(cards(pks)) == expected
        assert rows(cards(pks)) == expected  # reused, the second time
    assert all(row[3] for row in rows(cards([a.pk for a in agreements])))


def test_values_dates_and_text_are_bound_to_their_places(agreements):
    mukdahan = province("mukdahan").pk
    query = compiled(
        lambda place, day, title: (
            Agreement.objects.filter(province=place, signed_on__gte=day)
            .exclude(title_th=title)
            .order_by("pk")
            .values_list("pk", "signed_on")
        )
    )
    for day in (datetime.date(2024, 1, 1), datetime.date(2024, 1, 3), datetime.date(2030, 1, 1)):
        expected = list(
            Agreement.objects.filter(province=mukdahan, signed_on__gte=day)
            .exclude(title_th=agreements[1].title_th)
            .order_by("pk")
            .values_list("pk", "signed_on")
        )
        assert list(query(mukdahan, day, agreements[1].title_th)) == expected


def test_prefetches_on_a_compiled_query_still_run(agreements):
    query = compiled(
        lambda pks: (
            Agreement.objects.filter(pk__in=pks)
            .order_by("pk")
            .prefetch_related(
                Prefetch("activities", queryset=Activity.objects.order_by("starts_on"))
            )
        )
    )
    found = query([agreements[1].pk, agreements[2].pk])
    assert [len(a.activities.all()) for a in found] == [2, 0]


def test_a_shape_is_compiled_once_and_then_only_run(agreements, settings):
    settings.COMPILED_QUERIES_CHECK = False  # the check compiles every call on purpose
    parties = compiled(
        lambda pks: (
            AgreementParty.objects.filter(agreement__in=pks).order_by("pk").values_list("pk")
        )
    )
    with mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    ) as spy:
        parties([agreements[0].pk, agreements[1].pk])
        first = spy.call_count
        parties([agreements[2].pk, agreements[3].pk])
        parties([agreements[1].pk, agreements[3].pk])
    assert first == 2  # the two stand-in compiles of the shape
    assert spy.call_count == first  # later calls of the shape compile nothing
    with mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    ) as spy:
        assert len(parties([agreements[0].pk])) == 2  # another length is another shape
    assert spy.call_count == 2


def test_a_build_that_depends_on_more_than_its_values_is_caught_by_the_check(agreements):
    chosen = {"province": "mukdahan"}
    query = compiled(
        lambda: Agreement.objects.filter(province=province(chosen["province"])).values_list("pk")
    )
    query()
    chosen["province"] = "ratchaburi"
    with pytest.raises(AssertionError, match="depends on more than its values"):
        query()


def test_values_the_orm_rewrites_and_empty_lists_run_as_django_runs_them(agreements):
    containing = compiled(
        lambda text: (
            Agreement.objects.filter(title_th__icontains=text).order_by("pk").values_list("pk")
        )
    )
    assert containing._shapes == {}
    expected = list(
        Agreement.objects.filter(title_th__icontains="ทดสอบ").order_by("pk").values_list("pk")
    )
    assert list(containing("ทดสอบ")) == expected
    assert list(containing._shapes.values()) == [None]  # not reused: the ORM wrapped it in %
    by_pk = compiled(lambda pks: Agreement.objects.filter(pk__in=pks))
    assert list(by_pk([])) == []


def test_each_language_has_its_own_shape(agreements):
    query = compiled(lambda pks: Activity.objects.filter(agreement__in=pks).values_list("pk"))
    with translation.override("th"):
        thai = list(query([agreements[1].pk]))
    with translation.override("en"):
        english = list(query([agreements[1].pk]))
    assert thai == english and len(thai) == 2
    assert {shape[1] for shape in query._shapes} == {"th", "en"}


def counting_builds(make):
    """A compiled query of `make` (pks -> queryset), and the list of the calls of its build."""
    built = []

    def build(pks):
        built.append(pks)
        return make(pks)

    return compiled(build), built


def card_rows(pks):
    return Agreement.objects.published().filter(pk__in=pks).for_cards()


def party_rows(pks):
    return (
        AgreementParty.objects.filter(agreement__in=pks)
        .order_by("pk")
        .values_list("pk", "agreement_id", "role")
    )


@pytest.mark.parametrize(
    ("make", "read", "kind", "expect", "count"),
    [
        (party_rows, "rows", tuple, lambda found: found, 4),  # values_list(): tuples
        (card_rows, "fetch", list, rows, 2),  # models, with their card parties
    ],
    ids=["rows", "fetch"],
)
def test_a_compiled_shape_is_read_without_building_its_queryset_again(
    agreements, settings, make, read, kind, expect, count
):
    settings.COMPILED_QUERIES_CHECK = False
    flush_all()  # the rows just made: with derived data waiting, build() runs (below)
    query, built = counting_builds(make)
    for pks in ([agreements[0].pk, agreements[1].pk], [agreements[3].pk, agreements[2].pk]):
        found = getattr(query, read)(pks)
        assert isinstance(found, kind)  # nothing can be chained onto the reused SQL
        expected = expect(kind(make(pks)))
        assert expect(found) == expected and len(expected) == count
    assert len(built) == 3  # the first call, and the two stand-ins of its shape; then none


def test_fetch_builds_the_queryset_while_derived_data_waits_to_be_rebuilt(agreements, settings):
    """A queryset whose manager rebuilds stale derived data before reading (the partner
    counts here) must see this transaction's change: fetch() builds it then."""
    from partners.models import Organisation

    settings.COMPILED_QUERIES_CHECK = False
    partners = compiled(
        lambda: (
            Organisation.objects.partners().order_by("pk").values_list("pk", "published_agreements")
        )
    )
    flush_all()
    before = dict(partners.fetch())
    party = AgreementPartyFactory(agreement=agreements[0])  # a new partner, counted on commit
    after = dict(partners.fetch())
    assert party.organisation_id not in before
    assert after[party.organisation_id] == 1


@pytest.mark.parametrize("pk", [2**31, 10**30, -(2**63) - 1])
def test_an_id_out_of_a_columns_range_finds_nothing_as_in_django(agreements, pk):
    by_pk = compiled(lambda pk: Agreement.objects.filter(pk=pk))
    assert list(by_pk(agreements[0].pk))  # a shape compiled for ints
    assert list(by_pk(pk)) == [] and by_pk.fetch(pk) == []
