"""The public pages of proposals: /proposals/, a proposal, an event, the province page's section
"ข้อเสนอและแผนพัฒนา" and the feed of steps. Only published records are ever shown."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from agreements.models import Theme
from proposals.models import Proposal, ProposalStep
from tests import documents
from tests.factories import (
    AgreementFactory,
    AllocationFactory,
    DistrictCouncilFactory,
    EventFactory,
    OrganisationFactory,
    PlanFactory,
    ProposalFactory,
    ProposalStepFactory,
    ProvinceWorkingModeFactory,
    province,
)
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries
from thai.calendar import local_date_span

# Today is pinned: the province page's agreements in force, which the counts include, depend on it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]

S = ProposalStep.Step


def adopted_and_funded(proposal, plan):
    ProposalStepFactory(proposal=proposal, step=S.SUBMITTED, taken_on=datetime.date(2024, 3, 15))
    ProposalStepFactory(
        proposal=proposal,
        step=S.ADOPTED,
        taken_on=datetime.date(2024, 6, 1),
        plan=plan,
        plan_line_th="โครงการพัฒนาที่อยู่อาศัยชุมชนริมโขง",
    )
    ProposalStepFactory(
        proposal=proposal,
        step=S.FUNDED,
        taken_on=datetime.date(2024, 10, 20),
        amount=Decimal("1250000.00"),
        funding_source_th="งบพัฒนาจังหวัด",
    )


@pytest.fixture
def forum():
    return EventFactory(
        title_th="สมัชชาสภาองค์กรชุมชนระดับชาติ",
        title_en="National assembly of community organisation councils",
        starts_on=datetime.date(2022, 9, 10),
        ends_on=datetime.date(2022, 9, 11),
        venue_th="โรงแรมมิราเคิล แกรนด์\nสถาบันพัฒนาองค์กรชุมชน",
        organiser=OrganisationFactory(name_th="สำนักประสานเครือข่ายสภาองค์กรชุมชน"),
        participants_th="ผู้แทนสภาองค์กรชุมชนจาก 5 ภาค",
        participant_count=250,
    )


@pytest.fixture
def mukdahan_proposal(forum):
    proposal = ProposalFactory(
        title_th="ข้อเสนอการจัดการที่อยู่อาศัยริมโขง",
        title_en="Housing along the Mekong",
        text_th="เสนอต่อผู้ว่าราชการจังหวัดให้บรรจุแผนที่อยู่อาศัยชุมชนในแผนพัฒนาจังหวัด",
        event=forum,
        addressed_to=Proposal.Addressee.GOVERNOR,
    )
    proposal.proposed_by.add(OrganisationFactory(name_th="สภาองค์กรชุมชนจังหวัดมุกดาหาร"))
    plan = PlanFactory(title_th="แผนพัฒนาจังหวัดมุกดาหาร พ.ศ. 2566–2570")
    adopted_and_funded(proposal, plan)
    return proposal


# -- the pages answer, in Thai and in English


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_pages_answer_in_thai_and_english(client, mukdahan_proposal, forum, prefix):
    for path in (
        "/proposals/",
        f"/proposals/{mukdahan_proposal.pk}/",
        f"/events/{forum.pk}/",
        "/provinces/mukdahan/",
        "/feeds/proposals/",
    ):
        response = client.get(prefix + path)
        assert response.status_code == 200, path


def test_the_list_shows_each_proposal_with_its_level_area_status_and_event(
    client, mukdahan_proposal, forum
):
    text = client.get("/proposals/").text
    assert f'href="/proposals/{mukdahan_proposal.pk}/">ข้อเสนอการจัดการที่อยู่อาศัยริมโขง</a>' in text
    assert '<span class="status proposal-funded">ได้รับงบประมาณ</span>' in text
    assert "20 ตุลาคม 2567" in text  # the status's date, in BE
    assert 'href="/provinces/mukdahan/">มุกดาหาร</a>' in text
    assert f'href="/events/{forum.pk}/">สมัชชาสภาองค์กรชุมชนระดับชาติ</a>' in text

    english = client.get("/en/proposals/").text
    assert f'href="/en/proposals/{mukdahan_proposal.pk}/">Housing along the Mekong</a>' in english
    assert "funded" in english
    assert "20 October 2024" in english


def test_the_site_navigation_links_the_proposals(client, db):
    assert '<a href="/proposals/"' in client.get("/").text
    assert '<a href="/en/proposals/"' in client.get("/en/").text


# -- only what is published


def test_an_unpublished_proposal_is_404_and_listed_nowhere(client, forum):
    hidden = ProposalFactory(title_th="ข้อเสนอที่ยังไม่เผยแพร่", event=forum, is_published=False)
    ProposalStepFactory(proposal=hidden, note_th="บันทึกที่ยังไม่เผยแพร่")
    assert client.get(f"/proposals/{hidden.pk}/").status_code == 404
    assert client.get(f"/en/proposals/{hidden.pk}/").status_code == 404
    for url in ("/proposals/", f"/events/{forum.pk}/", "/provinces/mukdahan/", "/feeds/proposals/"):
        text = client.get(url).text
        assert "ข้อเสนอที่ยังไม่เผยแพร่" not in text, url
        assert "บันทึกที่ยังไม่เผยแพร่" not in text, url


def test_an_unpublished_event_is_404_and_not_linked(client):
    hidden = EventFactory(title_th="เวทีที่ยังไม่เผยแพร่", is_published=False)
    proposal = ProposalFactory(event=hidden)
    assert client.get(f"/events/{hidden.pk}/").status_code == 404
    for url in ("/proposals/", f"/proposals/{proposal.pk}/"):
        assert "เวทีที่ยังไม่เผยแพร่" not in client.get(url).text, url


def test_the_proposal_page_names_published_plans_agreements_and_allocations_only(client):
    proposal = ProposalFactory()
    hidden_plan = PlanFactory(title_th="แผนที่ยังไม่เผยแพร่", is_published=False)
    ProposalStepFactory(proposal=proposal, step=S.ADOPTED, plan=hidden_plan)
    proposal.agreements.add(
        AgreementFactory(title_th="ข้อตกลงที่เกิดจากข้อเสนอ"),
        AgreementFactory(title_th="ข้อตกลงที่ยังไม่เผยแพร่", is_published=False),
    )
    proposal.allocations.add(
        AllocationFactory(province=province("mukdahan"), amount="777000.00"),
        AllocationFactory(province=province("mukdahan"), amount="999.99", is_published=False),
    )
    text = client.get(f"/proposals/{proposal.pk}/").text
    assert "บรรจุในแผนแล้ว" in text  # the step itself is public with the proposal
    assert "แผนที่ยังไม่เผยแพร่" not in text
    assert "ข้อตกลงที่เกิดจากข้อเสนอ" in text
    assert "ข้อตกลงที่ยังไม่เผยแพร่" not in text
    assert "777,000.00" in text
    assert "999.99" not in text
    # Nor on the province page, which names the plans of its proposals.
    assert "แผนที่ยังไม่เผยแพร่" not in client.get("/provinces/mukdahan/").text


# -- the proposal page


def test_the_proposal_page_shows_its_text_people_and_steps_as_a_timeline(
    client, mukdahan_proposal, forum
):
    text = client.get(f"/proposals/{mukdahan_proposal.pk}/").text
    assert "เสนอต่อผู้ว่าราชการจังหวัดให้บรรจุแผนที่อยู่อาศัยชุมชนในแผนพัฒนาจังหวัด" in text
    assert "สภาองค์กรชุมชนจังหวัดมุกดาหาร" in text  # who proposed it
    assert "ผู้ว่าราชการจังหวัด" in text  # to whom
    assert f'<a href="/events/{forum.pk}/">' in text
    timeline = text.split('class="timeline proposal-steps"')[1].split("</ol>")[0]
    # In date order, dates in BE, the plan named once (its title gives its period), the money.
    assert timeline.index("15 มีนาคม 2567") < timeline.index("1 มิถุนายน 2567")
    assert timeline.index("1 มิถุนายน 2567") < timeline.index("20 ตุลาคม 2567")
    assert "แผนพัฒนาจังหวัดมุกดาหาร พ.ศ. 2566–2570</p>" in timeline
    assert "โครงการพัฒนาที่อยู่อาศัยชุมชนริมโขง" in timeline
    assert '<span class="figure">1,250,000.00</span> บาท' in timeline
    assert "งบพัฒนาจังหวัด" in timeline


def test_a_plan_whose_title_lacks_its_period_is_given_it(client):
    proposal = ProposalFactory()
    plan = PlanFactory(
        title_th="แผนพัฒนาตำบล", title_en="Tambon plan", first_year=2567, last_year=2570
    )
    ProposalStepFactory(proposal=proposal, step=S.ADOPTED, plan=plan)
    assert "แผนพัฒนาตำบล (พ.ศ. 2567–2570)" in client.get(f"/proposals/{proposal.pk}/").text
    assert "Tambon plan (BE 2567–2570)" in client.get(f"/en/proposals/{proposal.pk}/").text


@pytest.mark.usefixtures("media_in_tmp")
@pytest.mark.parametrize("evidence_is_public", [True, False], ids=["public", "private"])
def test_evidence_is_linked_and_served_only_when_public(client, evidence_is_public):
    step = ProposalStepFactory(
        evidence=SimpleUploadedFile("letter.pdf", documents.pdf()),
        evidence_is_public=evidence_is_public,
    )
    url = f"/attachments/proposal-steps/{step.pk}/"
    page = client.get(f"/proposals/{step.proposal.pk}/").text
    assert (f'href="{url}"' in page) is evidence_is_public
    response = client.get(url)
    assert response.status_code == (200 if evidence_is_public else 404)
    if evidence_is_public:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.usefixtures("media_in_tmp")
def test_the_evidence_of_an_unpublished_proposal_is_for_its_regions_staff_only(
    client, northeast, centralwest
):
    step = ProposalStepFactory(
        proposal=ProposalFactory(is_published=False),
        evidence=SimpleUploadedFile("letter.pdf", documents.pdf()),
        evidence_is_public=True,
    )
    url = f"/attachments/proposal-steps/{step.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(centralwest)
    assert client.get(url).status_code == 404
    client.force_login(northeast)  # Mukdahan is in the Northeast
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_step_without_evidence_has_no_file(client):
    step = ProposalStepFactory()
    assert client.get(f"/attachments/proposal-steps/{step.pk}/").status_code == 404


# -- the event page


def test_the_event_page_shows_dates_venues_organiser_participants_and_proposals(
    client, forum, mukdahan_proposal
):
    national = ProposalFactory(
        title_th="ข้อเสนอให้มีทีมทำงานและเลขานุการ",
        level=Proposal.Level.NATIONAL,
        province=None,
        event=forum,
    )
    text = client.get(f"/events/{forum.pk}/").text
    assert "10–11 กันยายน 2565" in text
    assert "โรงแรมมิราเคิล แกรนด์<br>สถาบันพัฒนาองค์กรชุมชน" in text
    assert "สำนักประสานเครือข่ายสภาองค์กรชุมชน" in text
    assert "ผู้แทนสภาองค์กรชุมชนจาก 5 ภาค" in text
    assert "250" in text
    assert f'href="/proposals/{mukdahan_proposal.pk}/"' in text
    assert f'href="/proposals/{national.pk}/"' in text
    assert "ทั่วประเทศ" in text  # the national proposal's area
    # Its cards do not link back to the page they are on.
    assert text.count(f'href="/events/{forum.pk}/"') == 0
    english = client.get(f"/en/events/{forum.pk}/").text
    assert "National assembly of community organisation councils" in english
    assert "10–11 September 2022" in english


# -- filters and search


def test_each_filter_narrows_the_list(client):
    housing = Theme.objects.get(slug="housing")  # seeded by a migration
    mukdahan = ProposalFactory(title_th="ข้อเสนอมุกดาหาร", proposed_on=datetime.date(2024, 3, 1))
    mukdahan.themes.add(housing)
    ProposalStepFactory(proposal=mukdahan, step=S.ADOPTED, plan=PlanFactory())
    ProposalFactory(
        title_th="ข้อเสนอกาญจนบุรี",
        province=province("kanchanaburi"),
        proposed_on=datetime.date(2022, 9, 10),
    )
    ProposalFactory(
        title_th="ข้อเสนอระดับชาติ",
        level=Proposal.Level.NATIONAL,
        province=None,
        proposed_on=datetime.date(2022, 9, 10),
    )

    def titles(**filters):
        response = client.get("/proposals/", filters)
        assert response.status_code == 200
        return sorted(p.title_th for p in response.context["proposals"])

    assert titles() == ["ข้อเสนอกาญจนบุรี", "ข้อเสนอมุกดาหาร", "ข้อเสนอระดับชาติ"]
    assert titles(region="NORTHEAST") == ["ข้อเสนอมุกดาหาร"]
    assert titles(province="kanchanaburi") == ["ข้อเสนอกาญจนบุรี"]
    assert titles(level="national") == ["ข้อเสนอระดับชาติ"]
    assert titles(status="adopted") == ["ข้อเสนอมุกดาหาร"]
    assert titles(status="drafted") == ["ข้อเสนอกาญจนบุรี", "ข้อเสนอระดับชาติ"]
    assert titles(theme="housing") == ["ข้อเสนอมุกดาหาร"]
    assert titles(year="2565") == ["ข้อเสนอกาญจนบุรี", "ข้อเสนอระดับชาติ"]
    assert titles(year="2567") == ["ข้อเสนอมุกดาหาร"]
    # The years offered are those of published proposals, newest first.
    years = (
        client.get("/proposals/", {"page": 1}).text.split('name="year"')[1].split("</select>")[0]
    )
    assert '<option value="2567">2567</option><option value="2565">2565</option>' in years


def test_the_list_is_newest_first(client):
    older = ProposalFactory(proposed_on=datetime.date(2023, 1, 1))
    newer = ProposalFactory(proposed_on=datetime.date(2024, 1, 1))
    proposals = client.get("/proposals/").context["proposals"]
    assert [p.pk for p in proposals] == [newer.pk, older.pk]


def test_the_search_finds_a_thai_substring_of_the_title_or_the_text(client):
    ProposalFactory(title_th="ธรรมนูญตำบลนาโพธิ์", text_th="ให้ชุมชนจัดการตนเอง")
    ProposalFactory(title_th="แผนพัฒนาจังหวัด", text_th="ส่งเสริมสภาองค์กรชุมชนในระดับอำเภอ")
    ProposalFactory(title_th="อื่น ๆ", text_th="ไม่เกี่ยวข้อง")

    def found(q):
        return sorted(p.title_th for p in client.get("/proposals/", {"q": q}).context["proposals"])

    assert found("ธรรมนูญ") == ["ธรรมนูญตำบลนาโพธิ์"]
    assert found("ระดับอำเภอ") == ["แผนพัฒนาจังหวัด"]  # in the text
    # SARA AM typed as NIKHAHIT + SARA AA still finds ตำบล.
    assert found("ต\u0e4d\u0e32บล") == ["ธรรมนูญตำบลนาโพธิ์"]
    assert found("ไม่มีคำนี้") == []


def test_the_event_filter_lists_the_proposals_of_one_event(client, forum):
    ours = ProposalFactory(event=forum)
    ProposalFactory()
    response = client.get("/proposals/", {"event": forum.pk})
    assert [p.pk for p in response.context["proposals"]] == [ours.pk]
    assert "สมัชชาสภาองค์กรชุมชนระดับชาติ" in response.text


@pytest.mark.parametrize(
    "query", [{"year": "999999"}, {"event": str(10**30)}, {"province": "atlantis"}, {"q": "%"}]
)
def test_a_filter_that_makes_no_sense_answers_200(client, query):
    ProposalFactory()
    assert client.get("/proposals/", query).status_code == 200


# -- the province page


def test_the_province_shows_its_proposals_their_plans_and_its_way_of_working(
    client, mukdahan_proposal
):
    ProvinceWorkingModeFactory(
        agreed_on=datetime.date(2023, 6, 1), has_provincial_council=True, has_working_team=False
    )
    DistrictCouncilFactory()
    DistrictCouncilFactory()
    DistrictCouncilFactory(is_published=False)
    text = client.get("/provinces/mukdahan/").text
    section = text.split('id="proposals-heading"')[1].split("</section>")[0]
    assert "ข้อเสนอและแผนพัฒนา" in text
    assert "ข้อเสนอการจัดการที่อยู่อาศัยริมโขง" in section
    assert "แผนพัฒนาจังหวัดมุกดาหาร พ.ศ. 2566–2570" in section  # the plan it was adopted into
    assert "จังหวัดจัดการตนเอง" in section
    assert "1 มิถุนายน 2566" in section
    assert "<dd>2</dd>" in section  # published district councils
    assert 'href="/proposals/?province=mukdahan"' in section
    english = client.get("/en/provinces/mukdahan/").text
    assert "Proposals and development plans" in english
    assert "Self-governing province" in english


def test_a_province_shows_its_latest_way_of_working(client):
    ProvinceWorkingModeFactory(agreed_on=datetime.date(2020, 1, 1), mode="integrated")
    ProvinceWorkingModeFactory(agreed_on=datetime.date(2023, 6, 1), mode="self_governing")
    ProvinceWorkingModeFactory(
        agreed_on=datetime.date(2024, 6, 1), mode="integrated", is_published=False
    )
    context = client.get("/provinces/mukdahan/").context
    assert context["working_mode"].agreed_on == datetime.date(2023, 6, 1)


# -- the feed


def test_the_feed_has_the_latest_steps_of_published_proposals(client, mukdahan_proposal):
    response = client.get("/feeds/proposals/")
    assert response["Content-Type"].startswith("application/atom+xml")
    text = response.text
    assert "ข้อเสนอการจัดการที่อยู่อาศัยริมโขง: ได้รับงบประมาณ" in text
    assert f"/proposals/{mukdahan_proposal.pk}/#step-" in text
    assert "20 ตุลาคม 2567" in text


# -- work bounded by what the pages show


def more_proposals(n, event=None):
    """A function that adds `n` proposals of Mukdahan with everything a page shows of one: an
    organisation that proposed it, a theme, three steps (one adopted into a plan), an
    agreement and an allocation."""

    def add():
        theme = Theme.objects.get(slug="housing")
        for _ in range(n):
            proposal = ProposalFactory(event=event)
            proposal.proposed_by.add(OrganisationFactory())
            proposal.themes.add(theme)
            adopted_and_funded(proposal, PlanFactory())
            proposal.agreements.add(AgreementFactory(province=province("mukdahan")))
            proposal.allocations.add(AllocationFactory(province=province("mukdahan")))

    return add


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the regions, provinces, themes and years of the filters; the count (at most 1,001
        # rows); the page's proposals (their ids in the list's order, then their cards with
        # their areas and events)
        ("/proposals/", 7),
        ("/en/proposals/?q=ข้อเสนอ", 7),
        # ... and the chosen region, province and theme
        ("/proposals/?region=NORTHEAST&province=mukdahan&theme=housing&status=funded", 10),
        # the province; its stored figures; the agreements shown; their signing parties; the
        # budget pivot; the commitments' clauses (no follow-ups, partners or duties here: see
        # tests/public/test_region_and_province_pages.py); its latest proposals; the plans
        # they were adopted into; its way of working; its district councils
        ("/provinces/mukdahan/", 10),
        # the latest steps with their proposals
        ("/feeds/proposals/", 1),
    ],
)
def test_query_count_is_the_same_with_3_and_30_proposals(client, url, queries):
    more_proposals(3)()
    assert_constant_queries(client, url, more_proposals(27), exactly=PUBLIC_OVERHEAD + queries)


def test_the_proposal_page_makes_as_many_queries_however_much_hangs_off_it(client):
    proposal = ProposalFactory(event=EventFactory())

    def add():
        for _ in range(10):
            proposal.proposed_by.add(OrganisationFactory())
            proposal.agreements.add(AgreementFactory(province=province("mukdahan")))
            proposal.allocations.add(AllocationFactory(province=province("mukdahan")))
            adopted_and_funded(proposal, PlanFactory())

    # the proposal with its area and event; who proposed it; its themes; its steps with their
    # plans; its published agreements; its published allocations
    assert_constant_queries(client, f"/proposals/{proposal.pk}/", add, exactly=PUBLIC_OVERHEAD + 6)


def test_the_event_page_makes_as_many_queries_however_many_proposals_it_has(client, forum):
    more_proposals(3, event=forum)()
    # the event with its organiser and area; its proposals with theirs
    assert_constant_queries(
        client,
        f"/events/{forum.pk}/",
        more_proposals(27, event=forum),
        exactly=PUBLIC_OVERHEAD + 2,
    )


@pytest.mark.parametrize(
    ("first", "last", "thai"),
    [
        (datetime.date(2022, 9, 10), None, "10 กันยายน 2565"),
        (datetime.date(2022, 9, 10), datetime.date(2022, 9, 10), "10 กันยายน 2565"),
        (datetime.date(2022, 9, 10), datetime.date(2022, 9, 11), "10–11 กันยายน 2565"),
        (datetime.date(2022, 9, 30), datetime.date(2022, 10, 1), "30 กันยายน 2565 – 1 ตุลาคม 2565"),
    ],
)
def test_an_events_days_are_written_as_one_span(first, last, thai):
    with translation.override("th"):
        assert local_date_span(first, last) == thai
