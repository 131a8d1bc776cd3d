import datetime

import pytest

from agreements.models import Agreement
from public.views import PROVINCE_BUDGET_YEARS, PROVINCE_LATEST
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    AgreementPartyFactory,
    AllocationFactory,
    OrganisationFactory,
    ProgressUpdateFactory,
    ResponsibilityFactory,
    ScopeClauseFactory,
    province,
)
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]


def test_home_shows_figures_map_latest_signings_and_regions(client, demo):
    response = client.get("/")
    text = response.text
    assert response.status_code == 200
    assert text.count('class="province level-') == 77
    assert 'href="/provinces/nakhon-ratchasima/"' in text
    assert "Victor Cazanave" in text  # the map's CC BY credit
    assert "บันทึกข้อตกลงความร่วมมือการเสริมสร้างและพัฒนาความเข้มแข็งของชุมชนท้องถิ่นอย่างบูรณาการ" in text
    assert "สำนักงานภาคตะวันออกเฉียงเหนือ" in text
    assert "6,340,120.00" in text


def test_the_map_shades_provinces_by_agreements_in_force(client, demo):
    text = client.get("/").text
    assert 'class="province level-1" data-province="nakhon-ratchasima"' in text
    assert 'class="province level-1" data-province="mukdahan"' in text
    # Kanchanaburi's agreement expired in 2024.
    assert 'class="province level-0" data-province="kanchanaburi"' in text


def test_province_page_in_thai(client, demo):
    text = client.get("/provinces/nakhon-ratchasima/").text
    assert "23 พฤษภาคม 2567" in text
    assert "22 พฤษภาคม 2570" in text
    for party in (
        "มหาวิทยาลัยราชภัฏนครราชสีมา",
        "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)",
        "ขบวนองค์กรชุมชนจังหวัดนครราชสีมา",
    ):
        assert party in text
    assert "มีผลบังคับใช้" in text


def test_province_page_in_english(client, demo):
    response = client.get("/en/provinces/nakhon-ratchasima/")
    assert '<html lang="en">' in response.text
    assert "23 May 2024" in response.text
    assert "Nakhon Ratchasima" in response.text


def test_province_page_shows_budget_table_with_totals(client, demo):
    text = client.get("/provinces/ratchaburi/").text
    # The column is headed "ปีงบประมาณ" once; its cells show the year alone.
    assert '<th scope="col">ปีงบประมาณ</th>' in text
    assert '<th scope="row">2566</th>' in text
    assert "ปีงบประมาณ 2566" not in text.split('class="budget-table')[1].split("</table>")[0]
    for amount in ("468,690.00", "1,856,930.00", "506,000.00", "3,508,500.00", "6,340,120.00"):
        assert amount in text


def test_province_page_lists_activities_in_date_order(client, demo):
    korat = province("kanchanaburi")
    agreement = Agreement.objects.get(province=korat)
    ActivityFactory(
        agreement=agreement, title_th="ทบทวนความก้าวหน้า", starts_on=datetime.date(2020, 1, 5)
    )
    text = client.get("/provinces/kanchanaburi/").text
    assert text.index("อบรม") < text.index("ทบทวนความก้าวหน้า")


def test_region_page_lists_its_provinces_and_their_agreements(client, demo):
    text = client.get("/regions/NORTHEAST/").text
    assert "นครราชสีมา" in text
    assert "มุกดาหาร" in text
    assert "บันทึกข้อตกลงความร่วมมือว่าด้วย" in text  # Mukdahan's title
    assert "กาญจนบุรี" not in text


def test_region_page_rows_link_each_province_with_its_figures(client):
    mukdahan = province("mukdahan")
    AgreementFactory(province=mukdahan)  # in force
    AgreementFactory(province=mukdahan, signed_on=datetime.date(2020, 1, 1))  # expired
    AllocationFactory(province=mukdahan, amount="1234.50")
    text = client.get("/en/regions/NORTHEAST/").text
    assert (
        '<th scope="row"><a href="/en/provinces/mukdahan/">Mukdahan</a></th>'
        '\n          <td class="num">2</td>'
        '\n          <td class="num">1</td>'
        '\n          <td class="num">1,234.50</td>'
    ) in text
    assert (
        '<a href="/en/provinces/nakhon-ratchasima/">Nakhon Ratchasima</a></th>'
        '\n          <td class="num">0</td>'
        '\n          <td class="num">0</td>'
        '\n          <td class="num">–</td>'
    ) in text


def test_unknown_region_and_province_answer_404(client, demo):
    assert client.get("/regions/ATLANTIS/").status_code == 404
    assert client.get("/provinces/atlantis/").status_code == 404


def test_unpublished_agreements_stay_off_the_public_pages(client, demo):
    AgreementFactory(
        province=province("nakhon-ratchasima"), title_th="ร่างข้อตกลงลับ", is_published=False
    )
    AllocationFactory(
        province=province("nakhon-ratchasima"),
        agreement=Agreement.objects.get(title_th="ร่างข้อตกลงลับ"),
        amount="999.99",
    )
    for url in ("/", "/regions/NORTHEAST/", "/provinces/nakhon-ratchasima/"):
        text = client.get(url).text
        assert "ร่างข้อตกลงลับ" not in text
        assert "999.99" not in text


def test_province_page_shows_the_latest_fiscal_years_and_links_to_all(client):
    for year in range(2560, 2567):  # seven fiscal years, 1,000 baht each
        AllocationFactory(province=province("mukdahan"), fiscal_year=year, amount="1000.00")
    text = client.get("/provinces/mukdahan/").text
    table = text.split('class="budget-table')[1].split("</table>")[0]

    shown = [year for year in range(2560, 2567) if f'<th scope="row">{year}</th>' in table]
    assert shown == list(range(2567 - PROVINCE_BUDGET_YEARS, 2567))
    assert "ปีงบประมาณล่าสุด 5 ปี จากทั้งหมด 7 ปี" in text
    assert 'href="/budgets/?province=mukdahan">งบประมาณทั้ง 7 ปีงบประมาณ ในหน้างบประมาณ ›' in text
    # The figure at the top is every year's.
    assert '<span class="figure">7,000.00</span>' in text


def test_province_page_with_few_fiscal_years_shows_them_all_without_a_link(client):
    for year in (2565, 2566):
        AllocationFactory(province=province("mukdahan"), fiscal_year=year, amount="1000.00")
    text = client.get("/provinces/mukdahan/").text

    assert '<th scope="row">2565</th>' in text and '<th scope="row">2566</th>' in text
    assert "/budgets/?province=mukdahan" not in text
    assert "จากทั้งหมด" not in text


def add_agreements(slug, n):
    def add():
        for i in range(n):
            agreement = AgreementFactory(province=province(slug))
            party = AgreementPartyFactory(agreement=agreement)
            AgreementPartyFactory(agreement=agreement)
            ActivityFactory(agreement=agreement)
            AllocationFactory(province=province(slug), agreement=agreement, fiscal_year=2560 + i)
            ProgressUpdateFactory(clause=ScopeClauseFactory(agreement=agreement))
            ProgressUpdateFactory(clause=None, responsibility=ResponsibilityFactory(party=party))

    return add


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # provinces; their stored figures (agreements, in force); partners; the budget total;
        # the latest agreements; their signing parties; regions
        ("/", 7),
        # the region; budget per province; its provinces; their stored figures (agreements,
        # in force); the budget pivot with its programmes; the latest agreements; their
        # signing parties
        ("/regions/NORTHEAST/", 7),
        # the province; its stored figures (partnership, partners, how many follow-ups and
        # agreements of each status, and the latest of them); the agreements shown; their
        # signing parties; its first partners; the budget pivot with its programmes; the
        # latest follow-ups; the commitments of the latest in force (clauses, duties); its
        # latest proposals, its way of working and its district councils (the section
        # "Proposals and development plans"; with proposals, one more for their plans:
        # tests/public/test_proposals.py)
        ("/provinces/nakhon-ratchasima/", 12),
        ("/en/provinces/nakhon-ratchasima/", 12),
        # provinces; their stored figures (of the provinces just read); budget of two fiscal
        # years; their stored proposal figures; the regions of the filter
        ("/partnerships/", 5),
        ("/en/partnerships/?sort=-last_followup", 5),
        # ... and the chosen region
        ("/partnerships/?region=NORTHEAST&status=stalled", 6),
    ],
)
def test_query_count_is_the_same_with_5_and_50_agreements(client, url, queries):
    add_agreements("nakhon-ratchasima", 5)()
    assert_constant_queries(
        client, url, add_agreements("nakhon-ratchasima", 45), exactly=PUBLIC_OVERHEAD + queries
    )


def test_region_page_shows_the_latest_agreements_and_links_to_all(client):
    for _ in range(15):
        AgreementFactory(province=province("mukdahan"))
    response = client.get("/regions/NORTHEAST/")
    assert len(response.context["agreements"]) == 12
    assert 'href="/agreements/?region=NORTHEAST"' in response.text


def test_the_province_links_to_exactly_its_agreements_in_force_and_ended(client):
    for _ in range(13):
        AgreementFactory(province=province("mukdahan"))  # ends within 90 days: in force
    AgreementFactory(
        province=province("mukdahan"),
        signed_on=datetime.date(2020, 1, 1),
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 1, 1),
    )
    page = client.get("/provinces/mukdahan/").text
    assert "?province=mukdahan&amp;status=in_force" in page
    in_force = client.get("/agreements/", {"province": "mukdahan", "status": "in_force"})
    assert in_force.context["paginator"].count == 13
    ended = client.get("/agreements/", {"province": "mukdahan", "status": "ended"})
    assert ended.context["paginator"].count == 1


def test_the_province_shows_the_newest_in_force_of_every_status_in_force(client):
    mukdahan = province("mukdahan")
    D = datetime.date

    def add(n, signed_on, **kwargs):
        return [
            AgreementFactory(
                province=mukdahan, signed_on=signed_on + datetime.timedelta(i), **kwargs
            )
            for i in range(n)
        ]

    half = PROVINCE_LATEST // 2  # the page shows PROVINCE_LATEST: these two halves
    expiring = add(half, D(2024, 1, 15))  # three-year terms ending within 90 days
    active = add(half, D(2025, 1, 1))
    add(half, D(2023, 1, 1), term_mode=Agreement.TermMode.OPEN, ends_on=None)  # older, open-ended
    add(3, D(2026, 12, 1))  # upcoming
    add(2, D(2020, 1, 1))  # expired
    page = client.get("/provinces/mukdahan/").context
    newest_first = [a.pk for a in reversed(expiring + active)]
    assert [a.pk for a in page["active_agreements"]] == newest_first
    assert {a.status for a in page["active_agreements"]} == {
        Agreement.Status.ACTIVE,
        Agreement.Status.EXPIRING,
    }
    counts = (page["active_count"], page["upcoming_count"], page["past_count"])
    assert counts == (3 * half, 3, 2)
    assert len(page["upcoming_agreements"]) == 3


def test_the_province_lists_its_partners_linked_with_their_kind(client):
    agreement = AgreementFactory(province=province("mukdahan"))
    university = OrganisationFactory(kind="university", name_th="มหาวิทยาลัยทดสอบ", name_en="")
    AgreementPartyFactory(agreement=agreement, organisation=university)
    english = client.get("/en/provinces/mukdahan/").text
    assert (
        f'<li><a href="/en/partners/{university.pk}/"><span lang="th">มหาวิทยาลัยทดสอบ</span></a>'
        ' <span class="muted small">university</span></li>'
    ) in english
    thai = client.get("/provinces/mukdahan/").text
    assert f'<li><a href="/partners/{university.pk}/">มหาวิทยาลัยทดสอบ</a>' in thai


def test_the_province_page_shows_only_what_is_published_even_when_its_stored_figures_lag(client):
    """The stored figures name the latest agreements and follow-ups; a write that leaves no
    audit record (a bulk update) leaves them naming rows that are no longer public. The page
    reads those rows again as published ones, and still answers."""
    from django.utils import timezone

    from tracking.figures import province_figures

    mukdahan = province("mukdahan")
    agreement = AgreementFactory(province=mukdahan, title_th="ข้อตกลงที่จะถอนออก")
    activity = ActivityFactory(agreement=agreement, title_th="กิจกรรมที่จะถอนออก")
    (figures,) = province_figures(timezone.localdate(), [mukdahan.pk])
    assert agreement.pk in [pk for pk, _status, _count in figures.latest_agreements]
    assert activity.pk in figures.latest_followups

    Agreement.objects.filter(pk=agreement.pk).update(  # no audit record
        is_published=False, review_state=Agreement.ReviewState.DRAFT
    )

    response = client.get("/provinces/mukdahan/")
    assert response.status_code == 200
    assert "ข้อตกลงที่จะถอนออก" not in response.text
    assert "กิจกรรมที่จะถอนออก" not in response.text
