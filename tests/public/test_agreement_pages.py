import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape

from agreements.models import Agreement, AgreementParty
from partners.models import Person
from tests.factories import (
    TODAY,
    AgreementFactory,
    AgreementPartyFactory,
    OrganisationFactory,
    full_agreements,
    province,
    rows_on,
)
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries
from tracking.figures import province_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]


def titles(response):
    return {a.title_th for a in response.context["agreements"]}


KANCHANABURI = (
    "บันทึกข้อตกลงความร่วมมือ (MOU) ว่าด้วย การประสานความร่วมมือทางวิชาการและปฏิบัติการเพื่อการพัฒนาองค์กรชุมชนท้องถิ่น"
)
KORAT = "บันทึกข้อตกลงความร่วมมือการเสริมสร้างและพัฒนาความเข้มแข็งของชุมชนท้องถิ่นอย่างบูรณาการ"
RATCHABURI = "บันทึกความร่วมมือรับงบประมาณและขับเคลื่อนงานพัฒนา โดยพื้นที่เป็นตัวตั้งชุมชนเป็นแกนหลัก ปี 2566"
MUKDAHAN = "บันทึกข้อตกลงความร่วมมือว่าด้วย “การพัฒนาชุมชนท้องถิ่นเพื่อความเข้มแข็งของชุมชนอย่างบูรณาการ”"


def test_searching_a_thai_word_inside_longer_words_finds_it(client, demo):
    found = titles(client.get("/agreements/", {"q": "ราชภัฏ"}))
    assert KANCHANABURI in found
    assert KORAT in found
    assert MUKDAHAN not in found


def test_search_reaches_signatories_and_clauses(client, demo):
    assert titles(client.get("/agreements/", {"q": "อดิศร"})) == {KORAT}
    assert KORAT in titles(client.get("/agreements/", {"q": "ความยากจน"}))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "NORTHEAST"}, {KORAT, MUKDAHAN}),
        ({"province": "mukdahan"}, {MUKDAHAN}),
        ({"status": "expired"}, {KANCHANABURI, RATCHABURI}),
        ({"status": "open_ended"}, {MUKDAHAN}),
        ({"year": "2567"}, {KORAT}),
        ({"kind": "budget", "region": "CENTRAL_WEST"}, {RATCHABURI}),
        ({"region": "NORTHEAST", "q": "ราชภัฏ"}, {KORAT}),
        ({"partner_kind": "farmers_council"}, {MUKDAHAN}),
        ({"theme": "poverty"}, {KORAT, RATCHABURI}),
        ({"theme": "poverty", "year": "2567"}, {KORAT}),
    ],
)
def test_filters_compose(client, demo, params, expected):
    assert titles(client.get("/agreements/", params)) == expected


def test_partner_filter_lists_that_partners_agreements(client, demo):
    university = (
        Agreement.objects.get(title_th=KORAT).parties.get(order=1, role="party").organisation
    )
    assert titles(client.get("/agreements/", {"partner": university.pk})) == {KORAT}


@pytest.mark.parametrize(
    "params",
    [
        {"region": "ATLANTIS"},
        {"province": "../../etc"},
        {"status": "dormant"},
        {"year": "twenty"},
        {"year": "99999999999999999999"},
        {"partner": "abc"},
        {"partner": "-1"},
        {"page": "9999"},
        {"page": "x"},
        {"q": "x" * 5000},
        {"unknown": "1"},
        {"q": "%_\\'\""},
    ],
)
def test_malformed_parameters_never_cause_a_server_error(client, demo, params):
    response = client.get("/agreements/", params)
    assert response.status_code in (200, 404)


def test_the_list_paginates_and_keeps_filters_in_page_links(client):
    for _ in range(25):
        AgreementFactory(province=province("mukdahan"))
    response = client.get("/agreements/", {"province": "mukdahan"})
    assert len(response.context["agreements"]) == 20
    assert "?province=mukdahan&amp;page=2" in response.text
    assert (
        len(client.get("/agreements/", {"province": "mukdahan", "page": 2}).context["agreements"])
        == 5
    )


def test_agreement_page_shows_parties_roles_clauses_duties_and_term(client, demo):
    agreement = Agreement.objects.get(title_th=MUKDAHAN)
    text = client.get(f"/agreements/{agreement.pk}/").text
    assert "ไม่กำหนดระยะเวลา" in text
    assert "นายเอกราช มณีกรรณ์" in text  # presiding official, shown apart from the parties
    assert text.index("ประธานในพิธี") > text.index("อำเภอนิคมคำสร้อย")
    assert "บ้านสร้างสุขมุกดาหาร" in text  # a duty of the provincial administration
    assert "นิคมคำสร้อย" in text and "หนองแวง" in text


def test_agreement_page_states_a_term_from_signing_in_words(client, demo):
    agreement = Agreement.objects.get(title_th=KORAT)
    text = client.get(f"/agreements/{agreement.pk}/").text
    assert "3 ปี นับจากวันลงนาม" in text
    assert "สักขีพยาน" in text
    english = client.get(f"/en/agreements/{agreement.pk}/").text
    assert "3 years from the date of signing" in english
    assert "23 May 2024" in english


def test_agreement_page_names_a_fiscal_year_term(client, demo):
    agreement = Agreement.objects.get(province__slug="ratchaburi")
    thai = client.get(f"/agreements/{agreement.pk}/").text
    english = client.get(f"/en/agreements/{agreement.pk}/").text
    # The fiscal year says when it runs, once: its label gives the period, so the term row adds
    # no dates of its own.
    assert "ปีงบประมาณ 2566 (1 ต.ค. 2565 – 30 ก.ย. 2566)</dd>" in thai
    assert "FY 2566 (Oct 2022 – Sep 2023)</dd>" in english


def test_both_languages_give_the_period_of_each_budget_rows_fiscal_year(client, demo):
    agreement = Agreement.objects.get(province__slug="ratchaburi")
    allocations = agreement.allocations.filter(fiscal_year=2566).count()

    def budget_rows(url):
        table = client.get(url).text.split('id="money-heading"')[1].split("</table>")[0]
        return table.split("<tbody>")[1]

    thai = budget_rows(f"/agreements/{agreement.pk}/")
    english = budget_rows(f"/en/agreements/{agreement.pk}/")
    assert allocations > 1
    assert thai.count("<td>ปีงบประมาณ 2566 (1 ต.ค. 2565 – 30 ก.ย. 2566)</td>") == allocations
    assert english.count("<td>FY 2566 (Oct 2022 – Sep 2023)</td>") == allocations


def listed_under(heading, text):
    """The entries of the list under a heading of an agreement page."""
    section = text.split(f"<h3>{heading}</h3>")[1].split("</ul>")[0]
    return re.findall(r"<li>(.*?)</li>", section, re.S)


def assert_named_as_on_the_document(party, entry):
    """As the signing parties are, and as the PDF and the exports name them: the organisation
    as written on the document (a link to its page), then the person, then their position."""
    organisation = entry.index(f">{escape(party.organisation_name)}</a>")
    person = entry.index(escape(party.signatory.name))
    assert organisation < person
    # (A position may repeat the organisation's name: "พัฒนาสังคม…" of "สำนักงานพัฒนาสังคม…".)
    assert escape(party.signatory_position) in entry[person:]
    assert f"/partners/{party.organisation_id}/" in entry


@pytest.mark.parametrize(
    "reference", ["MOU-2564-49-01", "MOU-2567-30-01"], ids=["mukdahan", "nakhon-ratchasima"]
)
@pytest.mark.parametrize(
    ("language", "prefix", "heading"),
    [("th", "", "ประธานในพิธี"), ("en", "/en", "Presiding")],
    ids=["thai", "english"],
)
def test_the_presiding_official_is_named_with_their_organisation(
    client, demo, reference, language, prefix, heading
):
    agreement = Agreement.objects.get(reference=reference)
    presiding = agreement.parties.get(role=AgreementParty.Role.PRESIDING)
    [entry] = listed_under(heading, client.get(f"{prefix}/agreements/{agreement.pk}/").text)
    # The demo gives the organisation's name as written in both languages.
    assert presiding.organisation_name_th and presiding.organisation_name_en
    with translation.override(language):
        assert_named_as_on_the_document(presiding, entry)


def test_witnesses_are_named_as_the_presiding_official_is(client, demo):
    agreement = Agreement.objects.get(reference="MOU-2567-30-01")
    witnesses = agreement.parties.filter(role=AgreementParty.Role.WITNESS)
    entries = listed_under("สักขีพยาน", client.get(f"/agreements/{agreement.pk}/").text)
    pairs = list(zip(witnesses, entries, strict=True))
    named = [(witness, entry) for witness, entry in pairs if witness.signatory_id]
    assert named and all(witness.organisation_id for witness, _ in named)
    with translation.override("th"):
        for witness, entry in named:
            assert_named_as_on_the_document(witness, entry)


def test_unpublished_agreements_answer_404_and_are_not_listed(client):
    hidden = AgreementFactory(title_th="ร่างที่ยังไม่เผยแพร่", is_published=False)
    assert client.get(f"/agreements/{hidden.pk}/").status_code == 404
    assert "ร่างที่ยังไม่เผยแพร่" not in client.get("/agreements/").text
    assert "ร่างที่ยังไม่เผยแพร่" not in client.get("/agreements/", {"q": "ร่าง"}).text


def test_personal_contact_details_never_appear(client):
    party = AgreementPartyFactory()
    person = Person.objects.get(pk=party.signatory_id)
    person.email, person.phone, person.note = (
        "private.person@example.org",
        "081-234-5678",
        "บันทึกภายใน",
    )
    person.save()
    for url in (
        f"/agreements/{party.agreement_id}/",
        "/agreements/",
        f"/partners/{party.organisation_id}/",
        f"/provinces/{party.agreement.province.slug}/",
        f"/regions/{party.agreement.province.region.code}/",
        "/",
        "/agreements/export.csv",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = b"".join(response).decode() if response.streaming else response.text
        assert "private.person@example.org" not in text
        assert "081-234-5678" not in text
        assert "บันทึกภายใน" not in text
    # Nor can a visitor find the agreement by the signatory's e-mail or phone.
    for term in ("private.person@example.org", "081-234-5678"):
        assert titles(client.get("/agreements/", {"q": term})) == set()


def test_renewal_links_show_only_published_agreements(client):
    old = AgreementFactory(title_th="ข้อตกลงเดิม")
    AgreementFactory(title_th="ข้อตกลงต่ออายุ", renews=old)
    AgreementFactory(title_th="ข้อตกลงต่ออายุที่ยังไม่เผยแพร่", renews=old, is_published=False)
    text = client.get(f"/agreements/{old.pk}/").text
    assert "ข้อตกลงต่ออายุ" in text
    assert "ยังไม่เผยแพร่" not in text


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # how many are published (the stored province figures, with how many provinces
        # there are, in one query); the filters' regions, provinces, themes and signing years
        # (the partner filter lists only the chosen partner, here none); the page's agreements
        # (their ids in the list's order, then their cards); their signing parties
        ("/agreements/", 8),
        # the same, but the region of the filter is looked up and no agreement matches, so
        # there are no cards to read and no parties to fetch
        ("/agreements/?region=NORTHEAST&status=active&q=ทดสอบ", 6),
        ("/en/agreements/?partner_kind=community_network", 8),
    ],
)
def test_list_query_count_is_the_same_with_5_and_50_agreements(client, url, queries):
    full_agreements(5)()
    assert_constant_queries(client, url, full_agreements(45), exactly=PUBLIC_OVERHEAD + queries)


def test_detail_query_count_does_not_grow_with_parties_clauses_and_duties(client):
    agreement = AgreementFactory()
    url = f"/agreements/{agreement.pk}/"

    add_rows = rows_on(agreement, 10)
    add_rows()
    # the agreement with province, region and the agreement it renews; clauses; parties
    # with organisation and signatory; responsibilities; public attachments; published
    # activities; allocations with programme and province; published renewals; its
    # districts, sub-districts and themes (one query); the province's partnership (its
    # stored figures)
    assert_constant_queries(client, url, add_rows, exactly=PUBLIC_OVERHEAD + 10)


def partner_options(response):
    select = re.search(r'<select name="partner".*?</select>', response.text, re.S)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0)) if select else None


def test_partners_are_found_by_name_and_only_a_chosen_partner_is_listed(client):
    chosen = OrganisationFactory(name_th="มหาวิทยาลัยราชภัฏที่เลือก")
    other = OrganisationFactory(name_th="เทศบาลอื่น")
    AgreementPartyFactory(organisation=chosen)
    AgreementPartyFactory(organisation=other)

    # No drop-down of every partner: a search box instead.
    page = client.get("/agreements/")
    assert partner_options(page) is None
    assert 'name="partner_name"' in page.text

    found = client.get("/agreements/", {"partner_name": "ราชภัฏ"})
    assert [a.parties.get().organisation for a in found.context["agreements"]] == [chosen]

    chosen_page = client.get("/agreements/", {"partner": chosen.pk})
    assert partner_options(chosen_page) == ["ทั้งหมด", "มหาวิทยาลัยราชภัฏที่เลือก"]
    assert len(chosen_page.context["agreements"]) == 1


def test_the_page_names_the_districts_sub_districts_and_themes_in_order(client):
    from agreements.models import Theme
    from geography.models import District, Subdistrict

    agreement = AgreementFactory()
    first, second = District.objects.filter(province=agreement.province).order_by("code")[:2]
    agreement.districts.add(second, first)
    subdistrict = Subdistrict.objects.filter(district=second).order_by("code").first()
    agreement.subdistricts.add(subdistrict)
    housing = Theme.objects.create(slug="housing-test", title_th="ที่อยู่อาศัย", title_en="Housing")
    land = Theme.objects.create(slug="land-test", title_th="ที่ดิน", title_en="")
    agreement.themes.add(housing, land)

    thai = client.get(f"/agreements/{agreement.pk}/").text
    english = client.get(f"/en/agreements/{agreement.pk}/").text

    places = f"{first.name_th} · {second.name_th} · {subdistrict.name_th}"
    assert places in re.sub(r"\s+", " ", thai)
    # Themes by Thai name (ที่ดิน before ที่อยู่อาศัย), each a link to the list of its theme.
    assert thai.index('href="/agreements/?theme=land-test"') < thai.index("?theme=housing-test")
    assert ">ที่อยู่อาศัย</a>" in thai
    assert f"{first.name_en} · {second.name_en}" in re.sub(r"\s+", " ", english)
    assert ">Housing</a>" in english
    # A theme with no English name shows its Thai name, marked as Thai.
    assert '<span lang="th">ที่ดิน</span></a>' in english


@pytest.mark.parametrize(
    "params",
    [
        {"status": "active"},
        {"status": "in_force"},
        {"status": "ended"},
        {"status": "upcoming", "region": "NORTHEAST"},
        {"status": "in_force", "province": "mukdahan"},
        {"status": "active", "region": "NORTHEAST", "province": "ratchaburi"},
    ],
)
def test_a_list_by_status_region_and_province_is_counted_from_the_stored_figures(client, params):
    day = TODAY
    for slug in ("mukdahan", "ratchaburi", "nakhon-ratchasima"):
        for years_ago, length in ((0, 3), (1, 1), (3, 1), (-1, 2)):
            starts = day.replace(year=day.year - years_ago) - datetime.timedelta(days=40)
            AgreementFactory(
                province=province(slug),
                signed_on=min(starts, day),
                starts_on=starts,
                ends_on=starts.replace(year=starts.year + length),
            )
    AgreementFactory(province=province("mukdahan"), is_published=False)
    province_figures(day)  # as the day's first visitor left them

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/agreements/", params)
    shown = response.context["paginator"].count
    assert not any("COUNT(" in query["sql"] for query in captured)
    expected = Agreement.objects.published()
    if "region" in params:
        expected = expected.filter(province__region__code=params["region"])
    if "province" in params:
        expected = expected.filter(province__slug=params["province"])
    statuses = {"in_force": Agreement.IN_FORCE, "ended": Agreement.ENDED}.get(
        params["status"], {params["status"]}
    )
    assert shown == expected.with_status_in(statuses).count() == len(response.context["agreements"])
