import datetime

import pytest

from agreements.models import Agreement, AgreementParty
from opendata.agreements import IATI_ACTIVITY_STATUS, OCDS_PARTY_ROLE
from partners.models import Person
from tests.factories import (
    TODAY,
    AgreementFactory,
    AgreementPartyFactory,
    full_agreements,
    rows_on,
)
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]


def references(response):
    assert response.status_code == 200, response.content
    return {a["reference"] for a in response.json()["results"]}


KANCHANABURI = "MOU-2562-71-01"
MUKDAHAN = "MOU-2564-49-01"
RATCHABURI = "BUD-2566-70-01"
KORAT = "MOU-2567-30-01"


def test_the_list_gives_the_four_published_demo_agreements_newest_first(client, demo):
    body = client.get("/api/v1/agreements/").json()
    assert body["count"] == 4
    assert [a["reference"] for a in body["results"]] == [KORAT, RATCHABURI, MUKDAHAN, KANCHANABURI]
    assert body["next"] is None


def test_an_agreement_carries_its_term_status_province_parties_clauses_and_duties(client, demo):
    korat = Agreement.objects.get(reference=KORAT)
    data = client.get(f"/api/v1/agreements/{korat.pk}/").json()

    assert data["id"] == korat.pk
    assert data["kind"] == "mou"
    assert data["title_th"] == korat.title_th
    assert "32 districts" in data["summary_en"]
    assert data["signed_on"] == "2024-05-23"
    assert data["starts_on"] == "2024-05-23"
    assert data["ends_on"] == korat.ends_on.isoformat()
    assert data["terminated_on"] is None
    assert data["term_mode"] == "duration"
    assert data["status"] == "active"
    assert data["iati_activity_status"] == "2"
    assert data["province"] == {
        "code": "30",
        "slug": "nakhon-ratchasima",
        "name_th": "นครราชสีมา",
        "name_en": "Nakhon Ratchasima",
    }
    assert data["region"] == "NORTHEAST"
    assert set(data["themes"]) == {
        "poverty",
        "community-councils",
        "research-data",
        "education",
        "community-welfare",
        "housing",
    }
    assert [c["order"] for c in data["clauses"]] == [1, 2, 3, 4]
    assert data["clauses"][0]["text_en"].startswith("Integrated cooperation in research")

    roles = [(p["role"], p["ocds_role"]) for p in data["parties"]]
    # signing parties first, then the presiding official, then the witnesses (the presiding
    # official among them)
    assert (
        roles == [("party", None)] * 3 + [("presiding", None)] + [("witness", "otherWitness")] * 3
    )
    assert [p["order"] for p in data["parties"][:3]] == [1, 2, 3]
    university = next(
        p
        for p in data["parties"]
        if p["organisation"] and p["organisation"]["kind"] == "university"
    )
    assert university["organisation"]["name_en"] == "Nakhon Ratchasima Rajabhat University"
    assert university["signatory"] == {"name_th": "รศ.ดร.อดิศร เนาวนนท์", "name_en": ""}
    assert university["signatory_title"] == "อธิการบดี"


def test_duties_are_listed_under_the_party_that_owes_them(client, demo):
    mukdahan = Agreement.objects.get(reference=MUKDAHAN)
    data = client.get(f"/api/v1/agreements/{mukdahan.pk}/").json()
    network = next(p for p in data["parties"] if p["signatory"]["name_th"] == "นายบุญเพ็ง ยืนยง")
    assert [r["order"] for r in network["responsibilities"]] == [1, 2, 3, 4]
    assert network["responsibilities"][0]["text_en"].startswith("Jointly develop a curriculum")
    assert data["status"] == "open_ended"
    assert data["ends_on"] is None


def test_the_list_shows_the_same_fields_as_the_detail(client, demo):
    korat = Agreement.objects.get(reference=KORAT)
    listed = next(
        a for a in client.get("/api/v1/agreements/").json()["results"] if a["id"] == korat.pk
    )
    assert listed == client.get(f"/api/v1/agreements/{korat.pk}/").json()


def test_unpublished_agreements_are_not_listed_and_answer_404(client):
    AgreementFactory(reference="PUBLIC-1")
    hidden = AgreementFactory(reference="DRAFT-1", title_th="ร่างที่ยังไม่เผยแพร่", is_published=False)
    assert references(client.get("/api/v1/agreements/")) == {"PUBLIC-1"}
    assert references(client.get("/api/v1/agreements/", {"q": "ร่าง"})) == set()
    response = client.get(f"/api/v1/agreements/{hidden.pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_personal_contact_details_never_appear(client):
    person = Person.objects.create(
        name_th="นางสาวทดสอบ ส่วนตัว",
        email="private.person@example.org",
        phone="081-234-5678",
        note="บันทึกภายในสำหรับเจ้าหน้าที่",
    )
    party = AgreementPartyFactory(signatory=person)
    AgreementPartyFactory(agreement=party.agreement, signatory=person, role="witness")
    for url in ("/api/v1/agreements/", f"/api/v1/agreements/{party.agreement_id}/"):
        content = client.get(url).content
        assert "นางสาวทดสอบ ส่วนตัว".encode() in content  # the name is public
        assert b"private.person@example.org" not in content
        assert b"081-234-5678" not in content
        assert "บันทึกภายในสำหรับเจ้าหน้าที่".encode() not in content
        assert b'"email"' not in content
        assert b'"phone"' not in content


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "NORTHEAST"}, {KORAT, MUKDAHAN}),
        ({"province": "mukdahan"}, {MUKDAHAN}),
        ({"status": "expired"}, {KANCHANABURI, RATCHABURI}),
        ({"status": "open_ended"}, {MUKDAHAN}),
        ({"status": "active"}, {KORAT}),
        ({"year": "2567"}, {KORAT}),
        ({"kind": "budget", "region": "CENTRAL_WEST"}, {RATCHABURI}),
        ({"theme": "poverty", "year": "2567"}, {KORAT}),
        ({"partner_kind": "farmers_council"}, {MUKDAHAN}),
        ({"region": "NORTHEAST", "q": "ราชภัฏ"}, {KORAT}),
    ],
)
def test_filters_work_as_on_the_public_list_page(client, demo, params, expected):
    assert references(client.get("/api/v1/agreements/", params)) == expected


def test_searching_a_thai_word_inside_longer_words_finds_it(client, demo):
    found = references(client.get("/api/v1/agreements/", {"q": "ราชภัฏ"}))
    assert {KANCHANABURI, KORAT} <= found
    assert MUKDAHAN not in found


def test_the_partner_filter_takes_an_organisation_id(client, demo):
    university = AgreementParty.objects.get(
        agreement__reference=KORAT, organisation__kind="university"
    ).organisation
    assert references(client.get("/api/v1/agreements/", {"partner": university.pk})) == {KORAT}


@pytest.mark.parametrize(
    "params",
    [
        {"status": "dormant"},
        {"kind": "treaty"},
        {"year": "twenty"},
        {"year": "99999999999999999999"},
        {"year": "2024"},  # a CE year: Buddhist Era years start at 2400
        {"partner": "abc"},
        {"partner": "-1"},
        {"partner": "0"},
        {"partner_kind": "cartel"},
        {"region": "ATLANTIS", "partner": "abc"},  # one malformed value refuses the request
    ],
)
def test_a_malformed_filter_value_is_a_400_with_a_json_reason(client, demo, params):
    response = client.get("/api/v1/agreements/", params)
    assert response.status_code == 400
    assert set(response.json()) <= set(params)
    assert response.json()


@pytest.mark.parametrize(
    "params",
    [
        {"region": "ATLANTIS"},
        {"region": " "},
        {"province": "../../etc"},
        {"theme": "nothing-like-it"},
        {"year": "2400"},
        {"partner": "999999"},
        {"region": "ATLANTIS", "status": "active"},
    ],
)
def test_a_well_formed_filter_value_that_names_nothing_is_an_empty_list(client, demo, params):
    # As on the public list page: nothing matches, which is not the client's mistake.
    response = client.get("/api/v1/agreements/", params)
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize(
    "params",
    [
        {"page": "9999"},
        {"page": "x"},
        {"page": "0"},
        {"page_size": "x"},
        {"page_size": "-5"},
        {"page_size": "100000"},
        {"q": "x" * 5000},
        {"q": "%_\\'\""},
        {"q": "\x00"},
        {"unknown": "1"},
        {"format": "xml"},
    ],
)
def test_malformed_parameters_never_cause_a_server_error(client, demo, params):
    response = client.get("/api/v1/agreements/", params)
    assert response.status_code in (200, 400, 404)
    response.json()


@pytest.mark.parametrize("url", ["/api/v1/agreements/abc/", "/api/v1/agreements/99999999999/"])
def test_unknown_detail_addresses_answer_404(client, url):
    assert client.get(url).status_code == 404


def test_the_api_is_read_only(client):
    agreement = AgreementFactory()
    assert (
        client.post("/api/v1/agreements/", {}, content_type="application/json").status_code == 405
    )
    url = f"/api/v1/agreements/{agreement.pk}/"
    assert client.delete(url).status_code == 405
    assert client.put(url, {}, content_type="application/json").status_code == 405
    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_pages_hold_10_agreements_and_page_size_goes_up_to_500(client):
    AgreementFactory.create_batch(55)
    first = client.get("/api/v1/agreements/").json()
    assert first["count"] == 55
    assert len(first["results"]) == 10
    assert first["next"].endswith("/api/v1/agreements/?page=2")
    assert len(client.get("/api/v1/agreements/", {"page": 6}).json()["results"]) == 5
    assert len(client.get("/api/v1/agreements/", {"page_size": 50}).json()["results"]) == 50
    assert len(client.get("/api/v1/agreements/", {"page_size": 1000}).json()["results"]) == 55
    assert client.get("/api/v1/agreements/", {"page": 7}).status_code == 404


def test_every_status_has_an_iati_activity_status_and_every_role_an_ocds_entry():
    assert set(IATI_ACTIVITY_STATUS) == set(Agreement.Status)
    assert set(OCDS_PARTY_ROLE) == set(AgreementParty.Role)


@pytest.mark.parametrize(
    ("fields", "status", "iati"),
    [
        ({"signed_on": TODAY, "starts_on": TODAY + datetime.timedelta(days=30)}, "upcoming", "1"),
        ({"signed_on": datetime.date(2026, 1, 1)}, "active", "2"),
        (
            {
                "signed_on": datetime.date(2024, 1, 1),
                "ends_on": TODAY + datetime.timedelta(days=10),
            },
            "expiring",
            "2",
        ),
        ({"term_mode": "open", "ends_on": None}, "open_ended", "2"),
        (
            {"signed_on": datetime.date(2020, 1, 1), "ends_on": datetime.date(2021, 1, 1)},
            "expired",
            "4",
        ),
        ({"terminated_on": datetime.date(2025, 6, 1)}, "terminated", "5"),
    ],
)
def test_each_status_maps_to_its_iati_activity_status(client, fields, status, iati):
    agreement = AgreementFactory(**fields)
    data = client.get(f"/api/v1/agreements/{agreement.pk}/").json()
    assert (data["status"], data["iati_activity_status"]) == (status, iati)


@pytest.mark.parametrize(
    ("role", "ocds_role"), [("party", None), ("presiding", None), ("witness", "otherWitness")]
)
def test_each_party_role_maps_to_its_ocds_role_or_null(client, role, ocds_role):
    party = AgreementPartyFactory(role=role)
    [listed] = client.get(f"/api/v1/agreements/{party.agreement_id}/").json()["parties"]
    assert (listed["role"], listed["ocds_role"]) == (role, ocds_role)


def test_a_person_attending_in_their_own_name_has_no_organisation(client):
    party = AgreementPartyFactory(organisation=None, role="witness")
    [listed] = client.get(f"/api/v1/agreements/{party.agreement_id}/").json()["parties"]
    assert listed["organisation"] is None
    assert listed["signatory"]["name_th"] == party.signatory.name_th


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # how many are published (the stored province figures: their sum and how many
        # provinces there are, one query), agreements with province and region; the records
        # (agreement_records):
        # themes, districts and sub-districts in one; parties with organisation, signatory
        # and duties; clauses; attachments; activities; allocations; renewed and renewing
        ("/api/v1/agreements/?page_size=100", 9),
        # the region lookup of the filter form and the search's probe instead of the figures;
        # the factory's agreements end within 90 days of TODAY, hence "expiring"
        ("/api/v1/agreements/?region=NORTHEAST&status=expiring&q=ทดสอบ&page_size=100", 10),
        ("/api/v1/agreements/?partner_kind=community_network&page_size=100", 9),  # a COUNT
    ],
)
def test_list_query_count_is_the_same_with_5_and_50_agreements(client, url, queries):
    full_agreements(5)()
    assert_constant_queries(client, url, full_agreements(45), exactly=PUBLIC_OVERHEAD + queries)
    assert client.get(url).json()["count"] == 50


def test_detail_query_count_does_not_grow_with_parties_clauses_and_duties(client):
    agreement = AgreementFactory()
    url = f"/api/v1/agreements/{agreement.pk}/"

    add_rows = rows_on(agreement, 10)
    add_rows()
    # the agreement with province and region, then the seven queries of its record (as in
    # the list above)
    assert_constant_queries(client, url, add_rows, exactly=PUBLIC_OVERHEAD + 8)
