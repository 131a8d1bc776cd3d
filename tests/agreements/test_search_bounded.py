"""A search ranks a bounded number of matches, so a broad word costs what a rare one does
(AgreementQuerySet.search): the newest matches of a broad word, every match of a rare one."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.filters import AgreementFilter
from agreements.models import Agreement
from public.views import AgreementListView
from records.derived import flush_all
from records.paging import CappedCountPaginator
from tests.factories import AgreementFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]

LIMIT = 3  # the walk then reads the newest 9 agreements, in halves of 4 and 5


def signed(days_ago, title):
    return AgreementFactory(
        title_th=title, signed_on=datetime.date(2024, 6, 1) - datetime.timedelta(days=days_ago)
    )


def registry(titles):
    """Agreements newest first, one per title, and their search documents."""
    made = [signed(index, title) for index, title in enumerate(titles)]
    flush_all()
    return made


def search(text, limit=LIMIT):
    return Agreement.objects.published().search(text, limit=limit)


def test_a_broad_word_ranks_only_its_newest_matches_and_says_there_are_more():
    made = registry(["ข้อตกลงชุมชนเมือง"] * 12)

    answer = search("ชุมชน")

    assert answer.found_capped is True
    assert answer.found_count == LIMIT
    assert set(answer) == set(made[:LIMIT])  # the three newest


def test_a_rare_word_finds_every_match_exactly_however_old():
    made = registry(["ข้อตกลงทั่วไป"] * 10 + ["ข้อตกลงหนองบัวแดง"] * 2)

    answer = search("หนองบัวแดง")

    assert answer.found_capped is False
    assert answer.found_count == 2
    assert set(answer) == set(made[10:])


def test_a_word_between_ranks_what_the_walk_and_the_index_found_and_says_there_are_more():
    # Too sparse among the newest nine for the walk, too common for the limit.
    made = registry(["ข้อตกลงมั่นคง"] + ["ข้อตกลงทั่วไป"] * 9 + ["ข้อตกลงมั่นคง"] * 4)

    answer = search("มั่นคง")

    assert answer.found_capped is True
    assert made[0] in set(answer)  # the newest match is never lost
    assert answer.found_count == LIMIT
    assert all("มั่นคง" in agreement.title_th for agreement in answer)


def test_a_small_filtered_set_is_searched_completely():
    made = registry(["ข้อตกลงชุมชน"] * 5)

    answer = search("ชุมชน")

    assert answer.found_capped is False
    assert set(answer) == set(made)


def test_bounded_and_unbounded_searches_rank_the_same_when_every_match_fits():
    registry(["ข้อตกลงบ้านมั่นคง", "บ้านมั่นคงชนบท", "ข้อตกลงทั่วไป", "ข้อตกลงบ้านมั่นคงเมือง"])

    bounded = list(search("บ้านมั่นคง", limit=10))

    assert bounded == list(search("บ้านมั่นคง", limit=None))
    assert len(bounded) == 3


def test_the_search_costs_a_fixed_number_of_queries_for_a_broad_and_a_rare_word():
    registry(["ข้อตกลงชุมชน"] * 12 + ["ข้อตกลงหนองบัวแดง"])

    def queries(text):
        with CaptureQueriesContext(connection) as captured:
            list(search(text))
        return len(captured)

    # Broad: the walk's first half, which also tells that the set fills the walk, and the
    # ranked page. Rare: the walk's first half, the index (which has every match), the
    # ranked page.
    assert queries("ชุมชน") == 2
    assert queries("หนองบัวแดง") == 3


def test_the_list_page_says_more_were_found_and_needs_no_count(client, monkeypatch):
    registry(["ข้อตกลงชุมชน"] * 12)
    monkeypatch.setattr(AgreementFilter, "search_limit", LIMIT)

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/agreements/", {"q": "ชุมชน"})

    assert len(response.context["agreements"]) == LIMIT
    assert "มากกว่า 3" in response.text
    assert not any("COUNT(" in query["sql"] for query in captured)


def test_the_downloads_hold_every_match_of_a_broad_word(client, monkeypatch):
    registry(["ข้อตกลงชุมชน"] * 12)
    monkeypatch.setattr(AgreementFilter, "search_limit", LIMIT)

    response = client.get("/agreements/export.csv", {"q": "ชุมชน"})

    rows = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 1 + 12  # header and every match


def test_a_filter_that_matches_more_than_the_cap_counts_only_to_the_cap(client, monkeypatch):
    registry(["ข้อตกลงทั่วไป"] * 5)
    monkeypatch.setattr(CappedCountPaginator, "cap", 2)

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/agreements/", {"kind": "mou", "page": 1})

    counts = [query["sql"] for query in captured if "COUNT(" in query["sql"]]
    assert len(counts) == 1 and "LIMIT 3" in counts[0]  # stops after cap + 1 rows
    assert "พบมากกว่า 2 ฉบับ: แสดง 2 ฉบับล่าสุด" in response.text
    assert len(response.context["agreements"]) == 2
    assert client.get("/agreements/", {"kind": "mou", "page": 2}).status_code == 404


def test_a_set_smaller_than_the_walk_ranks_every_match_even_when_the_first_half_has_enough():
    # Seven agreements, all matching: the first half (4) has enough, but the whole set is
    # smaller than the walk (9), so every match is ranked, as before the walk had halves.
    made = registry(["ข้อตกลงชุมชน"] * 7)

    answer = search("ชุมชน")

    assert answer.found_capped is False
    assert answer.found_count == 7
    assert set(answer) == set(made)


def test_the_second_half_of_the_walk_starts_after_the_first_even_on_the_same_day():
    # Every agreement signed the same day: the walk goes on by reference, none seen twice.
    made = [
        AgreementFactory(title_th=title, signed_on=datetime.date(2024, 6, 1))
        for title in ["ข้อตกลงทั่วไป"] * 6 + ["ข้อตกลงมั่นคง"] * 2
    ]
    flush_all()

    answer = search("มั่นคง")

    assert answer.found_capped is False
    assert sorted(a.pk for a in answer) == sorted(a.pk for a in made[6:])


def test_a_word_dense_enough_in_the_first_half_walks_the_second_before_the_index():
    # Two matches of four in the first half: the second half is walked first and has the
    # third, so the index is not asked.
    made = registry(["ข้อตกลงมั่นคง", "ข้อตกลงทั่วไป"] * 6)

    with CaptureQueriesContext(connection) as captured:
        answer = search("มั่นคง")
        newest = set(answer)

    assert answer.found_capped is True
    assert newest == {made[0], made[2], made[4]}
    assert not any(
        "LIKE" in query["sql"].upper() and "LIMIT 4" in query["sql"] for query in captured
    )
    assert len(captured) == 3  # the walk's two halves, the ranked page


@pytest.mark.parametrize("word", ["ชุมชน", "มั่นคง", "หนองบัวแดง", "ไม่มีที่ไหน"])
def test_a_search_of_every_published_agreement_answers_the_same_compiled(word):
    registry(
        ["ข้อตกลงชุมชนมั่นคง"] * 4
        + ["ข้อตกลงทั่วไป"] * 5
        + ["ข้อตกลงชุมชน"] * 4
        + ["ข้อตกลงหนองบัวแดง", "บ้านมั่นคงชุมชน"]
    )

    plain = search(word)
    compiled = Agreement.objects.published().search(word, limit=LIMIT, published_only=True)

    assert list(compiled) == list(plain)
    assert compiled.ranked_pks() == [agreement.pk for agreement in plain]
    assert (compiled.found_count, compiled.found_capped) == (plain.found_count, plain.found_capped)


def test_the_list_pages_a_search_alone_through_its_ranked_ids(client, monkeypatch):
    made = registry(["ข้อตกลงชุมชน"] * 12)
    monkeypatch.setattr(AgreementFilter, "search_limit", 5)
    monkeypatch.setattr(AgreementListView, "paginate_by", 4)

    pages = [client.get("/agreements/", {"q": "ชุมชน", "page": n}) for n in (1, 2, 3)]

    shown = [agreement.pk for page in pages for agreement in page.context["agreements"]]
    assert shown == [agreement.pk for agreement in search("ชุมชน", limit=5)]
    assert sorted(shown) == sorted(agreement.pk for agreement in made)  # each once
