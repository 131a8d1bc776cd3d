"""/api/v1/proposals/ and /api/v1/events/: published proposals with their steps and what came
of them, the events they came from; filters, 404s for what is not public, flat query counts,
and every answer as the OpenAPI document says."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from agreements.models import Theme
from geography.models import Subdistrict
from opendata.proposals import EventSerializer, ProposalSerializer
from proposals.models import Event, Proposal, ProposalTotal
from tests import documents
from tests.api.test_open_data import assert_matches_schema
from tests.factories import (
    AgreementFactory,
    AllocationFactory,
    EventFactory,
    OrganisationFactory,
    PlanFactory,
    ProposalFactory,
    ProposalStepFactory,
    province,
)
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]

D = datetime.date
S = Proposal.Status
LIST = "/api/v1/proposals/"
EVENTS = "/api/v1/events/"


@pytest.fixture
def schema(client):
    return client.get("/api/schema/", {"format": "json"}).json()


def funded_proposal(title_th="ข้อเสนอเรื่องที่อยู่อาศัยชุมชนริมโขง", proposer=None, **fields):
    """A Mukdahan proposal submitted, adopted into a plan and funded, with a proposer, a
    theme, its forum, and an agreement and an allocation that came of it."""
    proposal = ProposalFactory(
        title_th=title_th, event=EventFactory(title_th="เวทีสมัชชาจังหวัดมุกดาหาร"), **fields
    )
    proposal.proposed_by.add(proposer or OrganisationFactory(name_th="สภาองค์กรชุมชนจังหวัดมุกดาหาร"))
    proposal.themes.add(Theme.objects.get(slug="housing"))
    plan = PlanFactory(title_th="แผนพัฒนาจังหวัดมุกดาหาร พ.ศ. 2566–2570")
    ProposalStepFactory(proposal=proposal, step=S.SUBMITTED, taken_on=D(2024, 3, 15))
    ProposalStepFactory(
        proposal=proposal,
        step=S.ADOPTED,
        taken_on=D(2024, 6, 1),
        plan=plan,
        plan_line_th="โครงการบ้านมั่นคงริมโขง",
        note_th="บรรจุในแผนพัฒนาจังหวัด",
    )
    ProposalStepFactory(
        proposal=proposal,
        step=S.FUNDED,
        taken_on=D(2024, 10, 1),
        amount=Decimal("1500000"),
        funding_source_th="งบพัฒนาจังหวัด",
    )
    proposal.agreements.add(AgreementFactory())
    proposal.allocations.add(AllocationFactory(province=province("mukdahan")))
    return proposal


def test_a_published_proposal_is_listed_with_its_steps_and_what_came_of_it(client, schema):
    proposal = funded_proposal()
    body = client.get(LIST).json()
    assert_matches_schema(schema, "/api/v1/proposals/", body)
    [record] = body["results"]
    assert record["id"] == proposal.pk
    assert record["title_th"] == "ข้อเสนอเรื่องที่อยู่อาศัยชุมชนริมโขง"
    assert record["text_th"] == "เสนอต่อผู้ว่าราชการจังหวัดให้บรรจุในแผนพัฒนาจังหวัด"
    assert (record["level"], record["region"]) == ("province", "NORTHEAST")
    assert record["province"]["slug"] == "mukdahan"
    assert record["province"]["code"] == province("mukdahan").code
    assert record["district"] is None
    assert [o["name_th"] for o in record["proposed_by"]] == ["สภาองค์กรชุมชนจังหวัดมุกดาหาร"]
    assert record["themes"] == ["housing"]
    assert record["event"] == proposal.event_id
    assert (record["status"], record["status_on"]) == ("funded", "2024-10-01")
    assert [step["step"] for step in record["steps"]] == ["submitted", "adopted", "funded"]
    adopted, funded = record["steps"][1], record["steps"][2]
    assert adopted["plan"]["title_th"] == "แผนพัฒนาจังหวัดมุกดาหาร พ.ศ. 2566–2570"
    assert (adopted["plan"]["first_year"], adopted["plan"]["last_year"]) == (2566, 2570)
    assert adopted["plan_line_th"] == "โครงการบ้านมั่นคงริมโขง"
    assert adopted["amount"] is None
    assert (funded["amount"], funded["funding_source_th"]) == ("1500000.00", "งบพัฒนาจังหวัด")
    assert record["agreements"] == list(proposal.agreements.values_list("pk", flat=True))
    assert record["allocations"] == list(proposal.allocations.values_list("pk", flat=True))
    detail = client.get(f"{LIST}{proposal.pk}/").json()
    assert_matches_schema(schema, "/api/v1/proposals/{id}/", detail)
    assert detail == record


def test_unpublished_proposals_are_neither_listed_nor_found(client):
    ProposalFactory(title_th="ข้อเสนอที่เผยแพร่แล้ว")
    draft = ProposalFactory(title_th="ข้อเสนอที่ยังไม่เผยแพร่", is_published=False)
    ProposalStepFactory(proposal=draft, note_th="ขั้นตอนของข้อเสนอที่ยังไม่เผยแพร่")
    response = client.get(LIST)
    assert [r["title_th"] for r in response.json()["results"]] == ["ข้อเสนอที่เผยแพร่แล้ว"]
    assert response.json()["count"] == 1
    assert "ยังไม่เผยแพร่" not in response.content.decode()
    assert client.get(f"{LIST}{draft.pk}/").status_code == 404
    assert client.get(f"{LIST}999999/").status_code == 404
    assert client.get(f"{LIST}abc/").status_code == 404


def test_the_unfiltered_count_is_a_stored_total_kept_current_with_every_change(client):
    """The unfiltered list's count is read from ProposalTotal, not counted: it follows
    publishing, unpublishing, a national proposal with no province, and a deletion, and
    agrees with what a filter that chooses everything counts."""

    def counts():
        everything = client.get(LIST, {"year": "", "q": ""}).json()["count"]
        return client.get(LIST).json()["count"], everything

    first = ProposalFactory()
    draft = ProposalFactory(is_published=False)
    ProposalFactory(level=Proposal.Level.NATIONAL, province=None, region=None)
    assert counts() == (2, 2)
    draft.is_published = True
    draft.save()
    assert counts() == (3, 3)
    first.is_published = False
    first.save()
    assert counts() == (2, 2)
    draft.delete()
    assert counts() == (1, 1)
    assert ProposalTotal.objects.get().published == 1


def test_what_is_not_public_around_a_published_proposal_stays_out(client):
    proposal = ProposalFactory(event=EventFactory(is_published=False))
    hidden_plan = PlanFactory(title_th="แผนที่ยังไม่เผยแพร่", is_published=False)
    step = ProposalStepFactory(
        proposal=proposal, step=S.ADOPTED, plan=hidden_plan, evidence_is_public=False
    )
    step.evidence = SimpleUploadedFile("letter.pdf", documents.pdf())
    step.save()
    proposal.agreements.add(AgreementFactory(is_published=False))
    proposal.allocations.add(AllocationFactory(is_published=False))
    proposal.allocations.add(AllocationFactory(agreement=AgreementFactory(is_published=False)))
    response = client.get(f"{LIST}{proposal.pk}/")
    record = response.json()
    assert record["event"] is None
    assert record["steps"][0]["plan"] is None
    assert (record["agreements"], record["allocations"]) == ([], [])
    text = response.content.decode()
    assert "แผนที่ยังไม่เผยแพร่" not in text
    assert "letter" not in text and ".pdf" not in text  # no path of any evidence file


def test_a_national_proposal_has_no_area_and_a_tambon_one_names_all_of_it(client):
    ProposalFactory(level=Proposal.Level.NATIONAL, province=None, region=None)
    subdistrict = Subdistrict.objects.filter(district__province=province("mukdahan")).first()
    tambon = ProposalFactory(
        level=Proposal.Level.TAMBON,
        subdistrict=subdistrict,
        district=subdistrict.district,
        proposed_on=D(2025, 1, 1),
    )
    first, national = client.get(LIST).json()["results"]
    assert first["id"] == tambon.pk  # newest first
    assert first["district"]["code"] == subdistrict.district.code
    assert first["subdistrict"] == {
        "code": subdistrict.code,
        "name_th": subdistrict.name_th,
        "name_en": subdistrict.name_en,
    }
    assert (national["region"], national["province"], national["level"]) == (
        None,
        None,
        "national",
    )


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"region": "NORTHEAST"}, ["มุกดาหาร"]),
        ({"region": "SOUTH"}, ["สงขลา"]),
        ({"province": "mukdahan"}, ["มุกดาหาร"]),
        ({"level": "national"}, ["ระดับชาติ"]),
        ({"status": "funded"}, ["มุกดาหาร"]),
        ({"status": "drafted"}, ["สงขลา", "ระดับชาติ"]),
        ({"theme": "housing"}, ["มุกดาหาร"]),
        ({"year": "2567"}, ["มุกดาหาร"]),
        ({"year": "2565"}, ["ระดับชาติ"]),
        ({"q": "จังหวัดจัดการตนเอง"}, ["สงขลา"]),
        ({"q": "Mekong"}, ["มุกดาหาร"]),
        ({"q": "ไม่มีคำนี้"}, []),
        ({"region": "NORTHEAST", "status": "drafted"}, []),
    ],
)
def test_the_filters_choose_the_proposals(client, params, titles):
    funded_proposal(title_th="มุกดาหาร", title_en="Mekong riverside housing")
    ProposalFactory(
        title_th="สงขลา",
        province=province("songkhla"),
        text_th="ขับเคลื่อนจังหวัดจัดการตนเอง",
        proposed_on=D(2025, 5, 1),
    )
    ProposalFactory(
        title_th="ระดับชาติ",
        level=Proposal.Level.NATIONAL,
        province=None,
        region=None,
        proposed_on=D(2022, 9, 11),
    )
    ProposalFactory(title_th="ยังไม่เผยแพร่", is_published=False)
    body = client.get(LIST, params).json()
    assert [record["title_th"] for record in body["results"]] == titles
    assert body["count"] == len(titles)


@pytest.mark.parametrize(
    "params",
    [
        {"level": "planet"},
        {"status": "dreamt"},
        {"year": "abc"},
        {"year": "1999"},  # a CE year: Buddhist Era years start at 2400
        {"event": "0"},
        {"event": "x"},
    ],
)
def test_a_malformed_filter_value_is_a_400(client, params):
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


@pytest.mark.parametrize(
    "params",
    [
        {"region": "ATLANTIS"},
        {"province": "atlantis"},
        {"theme": "nothing-like-it"},
        {"year": "2570"},  # no published proposal was made that year
        {"event": "999999"},
    ],
)
def test_a_well_formed_filter_value_that_names_nothing_is_an_empty_list(client, params):
    ProposalFactory()  # something the filter could have found
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert (response.json()["count"], response.json()["results"]) == (0, [])


def test_an_event_lists_its_published_proposals(client, schema):
    organiser = OrganisationFactory(name_th="สำนักประสานเครือข่ายสภาองค์กรชุมชน")
    forum = EventFactory(
        title_th="เวทีสมัชชาสภาองค์กรชุมชน",
        starts_on=D(2022, 9, 10),
        ends_on=D(2022, 9, 11),
        venue_th="สถาบันพัฒนาองค์กรชุมชน\nโรงแรมรามาการ์เด้นส์",
        organiser=organiser,
        participants_th="ผู้แทนสภาองค์กรชุมชนจากห้าภาค",
    )
    shown = ProposalFactory(event=forum, level=Proposal.Level.NATIONAL, province=None, region=None)
    ProposalFactory(event=forum, is_published=False)
    EventFactory(title_th="เวทีที่ยังไม่เผยแพร่", is_published=False)
    body = client.get(EVENTS).json()
    assert_matches_schema(schema, "/api/v1/events/", body)
    [record] = body["results"]
    assert record["title_th"] == "เวทีสมัชชาสภาองค์กรชุมชน"
    assert (record["starts_on"], record["ends_on"]) == ("2022-09-10", "2022-09-11")
    assert record["venues_th"] == ["สถาบันพัฒนาองค์กรชุมชน", "โรงแรมรามาการ์เด้นส์"]
    assert record["organiser"]["id"] == organiser.pk
    assert record["participants_th"] == "ผู้แทนสภาองค์กรชุมชนจากห้าภาค"
    assert record["proposals"] == [shown.pk]
    assert [p["id"] for p in client.get(LIST, {"event": forum.pk}).json()["results"]] == [shown.pk]
    assert client.get(f"{EVENTS}{forum.pk}/").json() == record
    hidden = EventFactory(is_published=False)
    assert client.get(f"{EVENTS}{hidden.pk}/").status_code == 404


def test_the_schema_documents_the_proposal_filters_and_code_lists(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/v1/proposals/"]["get"]["parameters"]}
    assert parameters == {
        "q",
        "region",
        "province",
        "level",
        "status",
        "theme",
        "year",
        "event",
        "page",
        "page_size",
    }
    components = schema["components"]["schemas"]
    assert components["ProposalStatusEnum"]["enum"] == [
        "drafted",
        "submitted",
        "acknowledged",
        "adopted",
        "funded",
        "implemented",
        "not_adopted",
    ]
    assert "evidence" not in str(components["Proposal"])


def test_the_query_counts_do_not_grow_with_proposals_steps_and_links(client):
    def add_rows():
        for _ in range(4):
            funded_proposal(proposer=OrganisationFactory())

    def add_events():
        for _ in range(4):
            forum = EventFactory(organiser=OrganisationFactory())
            ProposalFactory(event=forum)
            ProposalFactory(event=forum)

    add_rows()
    # count; proposals with their region, province, district, sub-district and event; proposers;
    # themes; steps with their plans; agreements and allocations (one union)
    assert_constant_queries(client, f"{LIST}?page_size=200", add_rows, exactly=PUBLIC_OVERHEAD + 6)
    # the region of the filter, then the same
    assert_constant_queries(
        client, f"{LIST}?region=NORTHEAST&status=funded", add_rows, exactly=PUBLIC_OVERHEAD + 7
    )
    proposal = Proposal.objects.first()

    def add_to_proposal():
        for day in range(1, 4):
            ProposalStepFactory(proposal=proposal, step=S.IMPLEMENTED, taken_on=D(2025, 1, day))
            proposal.proposed_by.add(OrganisationFactory())
            proposal.agreements.add(AgreementFactory())
            proposal.allocations.add(AllocationFactory())

    # the proposal, then its four relations
    assert_constant_queries(
        client, f"{LIST}{proposal.pk}/", add_to_proposal, exactly=PUBLIC_OVERHEAD + 5
    )
    add_events()
    # count; events with organiser, region and province; their published proposals
    assert_constant_queries(client, EVENTS, add_events, exactly=PUBLIC_OVERHEAD + 3)


def test_steps_come_in_date_order_whatever_the_order_they_were_entered_in(client):
    proposal = ProposalFactory()
    ProposalStepFactory(proposal=proposal, step=S.ACKNOWLEDGED, taken_on=D(2024, 5, 1))
    ProposalStepFactory(proposal=proposal, step=S.SUBMITTED, taken_on=D(2024, 4, 1))
    record = client.get(f"{LIST}{proposal.pk}/").json()
    assert [step["step"] for step in record["steps"]] == ["submitted", "acknowledged"]
    assert (record["status"], record["status_on"]) == ("acknowledged", "2024-05-01")


@pytest.fixture
def field_by_field(monkeypatch, rf):
    """What DRF's serializers write field by field from an instance, for records whose every
    relation is public (those records write out the same, from rows)."""
    request = rf.get("/api/v1/")

    def write(serializer_class, instance):
        with monkeypatch.context() as drf_only:
            for written_out in (ProposalSerializer, EventSerializer):
                drf_only.setattr(
                    written_out, "to_representation", serializers.Serializer.to_representation
                )
            data = serializer_class(instance, context={"request": request}).data
        return json.loads(JSONRenderer().render(data))

    return write


def test_the_records_are_what_the_serializers_write_field_by_field(client, field_by_field):
    proposal = funded_proposal()
    forum = proposal.event
    forum.venue_th = "สถาบันพัฒนาองค์กรชุมชน\nโรงแรมรามาการ์เด้นส์"
    forum.organiser = OrganisationFactory()
    forum.save()
    record = client.get(f"{LIST}{proposal.pk}/").json()
    assert record == field_by_field(ProposalSerializer, Proposal.objects.get(pk=proposal.pk))
    event = client.get(f"{EVENTS}{forum.pk}/").json()
    assert event == field_by_field(EventSerializer, Event.objects.get(pk=forum.pk))
