"""The open-data endpoints beside agreements: organisations, activities, coverage, renewals,
public attachments and duties, and the complete agreement record.

Every answer is checked against the OpenAPI document the site serves, so what the schema
promises is what the API gives.
"""

import datetime
import json
from decimal import Decimal

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Case, IntegerField, Prefetch, Value, When
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from agreements.models import (
    Activity,
    Agreement,
    AgreementParty,
    Attachment,
    Responsibility,
    ScopeClause,
    Theme,
)
from budgets.models import Allocation
from geography.models import District, Province, Region, Subdistrict
from opendata.agreements import (
    ActivitySerializer,
    AgreementSerializer,
    AttachmentSerializer,
    CoverageRowSerializer,
    DutySerializer,
    RenewalSerializer,
)
from opendata.budgets import AllocationSerializer
from opendata.geography import ProvinceSerializer, RegionSerializer
from opendata.partners import OrganisationSerializer
from partners.models import Organisation, Person
from tests import documents
from tests.factories import (
    TODAY,
    ActivityFactory,
    AgreementFactory,
    AgreementPartyFactory,
    AllocationFactory,
    OrganisationFactory,
    ProgressUpdateFactory,
    ResponsibilityFactory,
    ScopeClauseFactory,
    full_agreements,
    province,
    rows_on,
)
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today", "media_in_tmp")]

LISTS = [
    "/api/v1/organisations/",
    "/api/v1/activities/",
    "/api/v1/coverage/",
    "/api/v1/renewals/",
    "/api/v1/attachments/",
    "/api/v1/duties/",
]

PRIVATE_EMAIL = "private.person@example.org"
PRIVATE_PHONE = "081-234-5678"
PRIVATE_NOTE = "บันทึกภายในสำหรับเจ้าหน้าที่"


def attachment_on(agreement, *, is_public=True, title="สำเนาบันทึกข้อตกลง", activity=None):
    attachment = Attachment(
        agreement=agreement,
        kind=Attachment.Kind.SIGNED_COPY,
        title_th=title,
        is_public=is_public,
        activity=activity,
        file=SimpleUploadedFile("mou.pdf", documents.pdf()),
    )
    attachment.full_clean()
    attachment.save()
    return attachment


def everything_on(agreement, *, person=None):
    """One of each record the new endpoints list, hanging off `agreement`."""
    party = AgreementPartyFactory(
        agreement=agreement, signatory=person or Person.objects.create(name_th="นายผู้ลงนาม ทดสอบ")
    )
    duty = ResponsibilityFactory(party=party, text_th="หน้าที่ของภาคี")
    activity = ActivityFactory(agreement=agreement, title_th="กิจกรรมติดตามผล")
    attachment = attachment_on(agreement, activity=activity)
    district = District.objects.filter(province=agreement.province).first()
    agreement.districts.add(district)
    agreement.subdistricts.add(Subdistrict.objects.filter(district=district).first())
    return party, duty, activity, attachment


# -- the schema ---------------------------------------------------------------------------


@pytest.fixture
def schema(client):
    return client.get("/api/schema/", {"format": "json"}).json()


def json_schema(node):
    """An OpenAPI 3.0 schema as JSON Schema: `nullable: true` becomes "or null"."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def assert_matches_schema(schema, path, body):
    """`body` is what the schema says GET `path` answers with 200."""
    response = schema["paths"][path]["get"]["responses"]["200"]
    expected = response["content"]["application/json"]["schema"]
    document = {**json_schema(expected), "components": json_schema(schema["components"])}
    jsonschema.validate(body, document, cls=jsonschema.Draft202012Validator)


# -- every endpoint -----------------------------------------------------------------------


@pytest.mark.parametrize("url", LISTS)
def test_each_new_list_answers_200_and_matches_its_schema(client, schema, url):
    agreement = AgreementFactory()
    everything_on(agreement)
    AgreementFactory(renews=agreement)
    body = client.get(url).json()
    assert body["count"] >= 1, url
    assert_matches_schema(schema, url, body)
    first = body["results"][0]
    detail = client.get(f"{url}{first['id']}/")
    assert detail.status_code == 200
    assert detail.json() == first
    assert_matches_schema(schema, f"{url}{{id}}/", detail.json())


def test_the_agreement_detail_is_complete_and_matches_its_schema(client, schema):
    earlier = AgreementFactory(reference="MOU-EARLIER")
    agreement = AgreementFactory(
        reference="MOU-LATER", renews=earlier, source_url="https://codi.or.th/mou.pdf"
    )
    party, duty, activity, attachment = everything_on(agreement)
    AgreementPartyFactory(agreement=agreement, role=AgreementParty.Role.PRESIDING, order=1)
    AgreementPartyFactory(agreement=agreement, role=AgreementParty.Role.WITNESS, order=1)
    allocation = AllocationFactory(agreement=agreement, province=agreement.province)
    renewal = AgreementFactory(reference="MOU-RENEWAL", renews=agreement)

    data = client.get(f"/api/v1/agreements/{agreement.pk}/").json()
    assert_matches_schema(schema, "/api/v1/agreements/{id}/", data)

    assert [p["role"] for p in data["parties"]] == ["party", "presiding", "witness"]
    assert data["parties"][0]["signatory"]["name_th"] == "นายผู้ลงนาม ทดสอบ"
    assert data["parties"][0]["signatory_title"] == party.signatory_title
    assert data["parties"][0]["responsibilities"][0]["text_th"] == "หน้าที่ของภาคี"
    assert (data["term_mode"], data["term_length"], data["term_fiscal_year"]) == (
        "dates",
        None,
        None,
    )
    district = agreement.districts.get()
    assert data["coverage"]["districts"] == [
        {"code": district.code, "name_th": district.name_th, "name_en": district.name_en}
    ]
    assert len(data["coverage"]["subdistricts"]) == 1
    assert data["renews"]["reference"] == "MOU-EARLIER"
    assert [r["reference"] for r in data["renewals"]] == ["MOU-RENEWAL"]
    assert data["renewals"][0]["id"] == renewal.pk
    [listed] = data["attachments"]
    assert listed["id"] == attachment.pk
    assert listed["activity"] == activity.pk
    assert listed["media_type"] == "application/pdf"
    assert listed["url"] == f"http://testserver/attachments/{attachment.pk}/"
    assert [a["id"] for a in data["activities"]] == [activity.pk]
    [money] = data["allocations"]
    assert money["id"] == allocation.pk
    assert money["amount"] == "100000.00"
    assert money["programme"]["code"] == "community-welfare"
    assert data["source_url"] == "https://codi.or.th/mou.pdf"


# The serializers whose records are written out from rows (opendata/rows.py).
WRITTEN_OUT = [
    AgreementSerializer,
    ActivitySerializer,
    AllocationSerializer,
    AttachmentSerializer,
    CoverageRowSerializer,
    DutySerializer,
    OrganisationSerializer,
    ProvinceSerializer,
    RegionSerializer,
    RenewalSerializer,
]


@pytest.fixture
def field_by_field(monkeypatch, rf):
    """A function giving what DRF's serializers write field by field from an instance: what
    the API gave before its records were written out from rows."""
    request = rf.get("/api/v1/")

    def write(serializer_class, instance):
        with monkeypatch.context() as drf_only:
            for written_out in WRITTEN_OUT:
                drf_only.setattr(
                    written_out, "to_representation", serializers.Serializer.to_representation
                )
            data = serializer_class(instance, context={"request": request}).data
        return json.loads(JSONRenderer().render(data))

    return write


def prefetched_agreement(pk):
    """Agreement `pk` with what AgreementSerializer reads, in the orders the API gives."""
    role_order = Case(
        *(When(role=role, then=Value(rank)) for rank, role in enumerate(AgreementParty.Role)),
        output_field=IntegerField(),
    )
    parties = (
        AgreementParty.objects.select_related("organisation", "signatory")
        .prefetch_related(
            Prefetch("responsibilities", queryset=Responsibility.objects.order_by("order", "pk"))
        )
        .order_by(role_order, "order", "pk")
    )
    return (
        Agreement.objects.with_status()
        .select_related("province__region", "renews")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("slug")),
            Prefetch("parties", queryset=parties),
            Prefetch("clauses", queryset=ScopeClause.objects.order_by("order", "pk")),
            Prefetch("districts", queryset=District.objects.order_by("code")),
            Prefetch("subdistricts", queryset=Subdistrict.objects.order_by("code")),
            Prefetch(
                "renewals",
                queryset=Agreement.objects.published().order_by("signed_on", "reference"),
                to_attr="public_renewals",
            ),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.shown().order_by("kind", "pk"),
                to_attr="public_attachments",
            ),
            Prefetch(
                "activities",
                queryset=Activity.objects.filter(is_published=True).order_by("starts_on", "pk"),
                to_attr="public_activities",
            ),
            Prefetch(
                "allocations",
                queryset=Allocation.objects.filter(is_published=True).order_by(
                    "-fiscal_year", "programme__sort_order", "pk"
                ),
            ),
        )
        .get(pk=pk)
    )


@pytest.fixture
def one_of_everything():
    """An agreement with every kind of row its record holds, some of them private, and the
    published agreement it renews."""
    earlier = AgreementFactory(reference="MOU-EARLIER")
    agreement = AgreementFactory(
        reference="MOU-LATER", renews=earlier, term_mode="open", ends_on=None
    )
    party, _duty, _activity, _attachment = everything_on(agreement)
    ProgressUpdateFactory(clause=None, responsibility=ResponsibilityFactory(party=party, order=0))
    AgreementPartyFactory(agreement=agreement, role=AgreementParty.Role.WITNESS, order=0)
    AgreementPartyFactory(agreement=agreement, role=AgreementParty.Role.PRESIDING, order=1)
    AgreementPartyFactory(agreement=agreement, organisation=None, order=0)
    agreement.themes.set(Theme.objects.all()[:3])
    agreement.districts.add(*District.objects.filter(province=agreement.province)[:3])
    handover = ActivityFactory(
        agreement=agreement, kind=Activity.Kind.BUDGET_HANDOVER, amount_handed_over=Decimal("12.5")
    )
    attachment_on(agreement, activity=handover, title="ภาพ")
    attachment_on(agreement, is_public=False, title="ส่วนตัว")
    attachment_on(agreement, activity=ActivityFactory(agreement=agreement, is_published=False))
    ActivityFactory(agreement=None, province=province("mukdahan"))
    AllocationFactory(agreement=agreement, province=agreement.province, public_note="หมายเหตุ")
    AllocationFactory(agreement=None, province=agreement.province, fiscal_year=2566)
    AgreementFactory(reference="MOU-RENEWAL-2", renews=agreement, signed_on=TODAY)
    AgreementFactory(reference="MOU-RENEWAL-1", renews=agreement)
    AgreementFactory(reference="MOU-DRAFT", renews=agreement, is_published=False)
    return agreement, earlier


def test_the_agreement_records_are_what_the_serializers_write_field_by_field(
    client, field_by_field, one_of_everything
):
    for agreement in one_of_everything:
        written = client.get(f"/api/v1/agreements/{agreement.pk}/").json()
        assert written == field_by_field(AgreementSerializer, prefetched_agreement(agreement.pk))
    listed = client.get("/api/v1/agreements/").json()["results"]
    assert len(listed) == 4
    for row in listed:
        assert row == field_by_field(AgreementSerializer, prefetched_agreement(row["id"]))


@pytest.mark.parametrize(
    ("url", "serializer_class", "instance"),
    [
        ("activities", ActivitySerializer, lambda pk: Activity.objects.get(pk=pk)),
        ("allocations", AllocationSerializer, lambda pk: Allocation.objects.get(pk=pk)),
        ("attachments", AttachmentSerializer, lambda pk: Attachment.objects.get(pk=pk)),
        ("coverage", CoverageRowSerializer, lambda pk: Agreement.objects.get(pk=pk)),
        (
            "duties",
            DutySerializer,
            lambda pk: Responsibility.objects.with_progress().get(pk=pk),
        ),
        (
            "organisations",
            OrganisationSerializer,
            lambda pk: Organisation.objects.public_partners().get(pk=pk),
        ),
        ("provinces", ProvinceSerializer, lambda code: Province.objects.get(code=code)),
        (
            "regions",
            RegionSerializer,
            lambda code: Region.objects.prefetch_related(
                Prefetch("provinces", queryset=Province.objects.order_by("code"))
            ).get(code=code),
        ),
        ("renewals", RenewalSerializer, lambda pk: Agreement.objects.get(pk=pk)),
    ],
)
def test_the_other_records_are_what_the_serializers_write_field_by_field(
    client, field_by_field, one_of_everything, url, serializer_class, instance
):
    body = client.get(f"/api/v1/{url}/", {"page_size": 500}).json()
    listed = body if isinstance(body, list) else body["results"]
    assert listed
    key = "id" if "id" in listed[0] else "code"
    for row in listed:
        assert row == field_by_field(serializer_class, instance(row[key]))


@pytest.mark.parametrize(
    ("url", "public"),
    [
        ("agreements", lambda: Agreement.objects.published()),
        ("activities", lambda: Activity.objects.published()),
        ("coverage", lambda: Agreement.objects.published()),
    ],
)
def test_an_unfiltered_list_counts_what_it_lists_from_the_stored_figures(
    client, one_of_everything, url, public
):
    ActivityFactory(agreement=Agreement.objects.get(reference="MOU-DRAFT"))
    ActivityFactory(agreement=None, province=province("nakhon-ratchasima"), is_published=False)
    body = client.get(f"/api/v1/{url}/", {"page_size": 500}).json()
    assert body["count"] == len(body["results"]) == public().count()
    filtered = client.get(f"/api/v1/{url}/", {"page_size": 500, "region": ""}).json()
    assert filtered == body


def test_a_public_attachments_url_downloads_its_file(client):
    attachment = attachment_on(AgreementFactory())
    [listed] = client.get("/api/v1/attachments/").json()["results"]
    response = client.get(listed["url"].removeprefix("http://testserver"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert listed["id"] == attachment.pk


# -- what must never appear ---------------------------------------------------------------


def test_organisations_and_activities_carry_no_email_or_phone_field(client):
    person = Person.objects.create(
        name_th="นางสาวทดสอบ ส่วนตัว", email=PRIVATE_EMAIL, phone=PRIVATE_PHONE, note=PRIVATE_NOTE
    )
    everything_on(AgreementFactory(), person=person)
    for url in ("/api/v1/organisations/", "/api/v1/activities/"):
        response = client.get(url)
        assert response.status_code == 200
        rows = response.json()["results"]
        assert rows
        for row in rows:
            assert not {"email", "phone", "e_mail", "telephone", "contact"} & set(row), url


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/agreements/"])
def test_personal_contact_details_appear_in_no_answer(client, url):
    person = Person.objects.create(
        name_th="นางสาวทดสอบ ส่วนตัว", email=PRIVATE_EMAIL, phone=PRIVATE_PHONE, note=PRIVATE_NOTE
    )
    agreement = AgreementFactory()
    everything_on(agreement, person=person)
    AgreementFactory(renews=agreement)
    content = client.get(url).content
    assert content.count(b'"id"') >= 1
    assert PRIVATE_EMAIL.encode() not in content
    assert PRIVATE_PHONE.encode() not in content
    assert PRIVATE_NOTE.encode() not in content
    assert b'"email"' not in content
    assert b'"phone"' not in content


def test_nothing_of_an_unpublished_agreement_is_listed(client):
    hidden = AgreementFactory(is_published=False, reference="DRAFT-1")
    hidden_organisation = OrganisationFactory(name_th="องค์กรของร่างเท่านั้น")
    party, duty, activity, attachment = everything_on(hidden)
    party.organisation = hidden_organisation
    party.save()
    AgreementFactory(renews=hidden, reference="PUBLIC-RENEWAL")
    visible = AgreementFactory(reference="PUBLIC-1")
    AgreementFactory(is_published=False, renews=visible)

    for url in LISTS:
        body = client.get(url).json()
        text = str(body)
        assert "DRAFT-1" not in text, url
        assert all(row.get("agreement") != hidden.pk for row in body["results"]), url
    assert client.get("/api/v1/renewals/").json()["count"] == 0
    assert client.get("/api/v1/coverage/").json()["count"] == 2
    names = {o["name_th"] for o in client.get("/api/v1/organisations/").json()["results"]}
    assert "องค์กรของร่างเท่านั้น" not in names
    for url in (
        f"/api/v1/activities/{activity.pk}/",
        f"/api/v1/attachments/{attachment.pk}/",
        f"/api/v1/duties/{duty.pk}/",
        f"/api/v1/coverage/{hidden.pk}/",
        f"/api/v1/organisations/{hidden_organisation.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    data = client.get(f"/api/v1/agreements/{visible.pk}/").json()
    assert data["renewals"] == []
    renewal = Agreement.objects.get(reference="PUBLIC-RENEWAL")
    assert client.get(f"/api/v1/agreements/{renewal.pk}/").json()["renews"] is None


def test_private_attachments_and_unpublished_activities_stay_hidden(client):
    agreement = AgreementFactory()
    public = attachment_on(agreement, title="เอกสารเผยแพร่")
    private = attachment_on(agreement, is_public=False, title="เอกสารภายในห้ามเผยแพร่")
    draft_activity = ActivityFactory(agreement=agreement, is_published=False, title_th="ร่างกิจกรรม")
    of_draft = attachment_on(agreement, title="ภาพของกิจกรรมร่าง", activity=draft_activity)

    listed = client.get("/api/v1/attachments/").json()["results"]
    # A photo of an unpublished activity stays with it, public box or not: an activity awaiting
    # review does not show its photos first (records.publication).
    assert {a["id"] for a in listed} == {public.pk}
    assert client.get(f"/api/v1/attachments/{of_draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/attachments/{private.pk}/").status_code == 404
    assert "ร่างกิจกรรม" not in client.get("/api/v1/activities/").content.decode()
    assert client.get(f"/api/v1/activities/{draft_activity.pk}/").status_code == 404

    data = client.get(f"/api/v1/agreements/{agreement.pk}/").json()
    assert {a["id"] for a in data["attachments"]} == {public.pk}
    assert data["activities"] == []
    assert "เอกสารภายในห้ามเผยแพร่" not in str(data)


# -- contents and filters -----------------------------------------------------------------


def test_an_activity_without_an_agreement_is_listed_with_the_province_it_was_held_in(client):
    activity = ActivityFactory(agreement=None, province=province("mukdahan"))
    [listed] = client.get("/api/v1/activities/", {"province": "mukdahan"}).json()["results"]
    assert listed["id"] == activity.pk
    assert listed["agreement"] is None
    assert listed["province"]["slug"] == "mukdahan"


def test_activities_filter_by_agreement_kind_and_year(client):
    agreement = AgreementFactory()
    training = ActivityFactory(agreement=agreement, starts_on=datetime.date(2024, 3, 1))
    meeting = ActivityFactory(
        agreement=agreement, kind=Activity.Kind.MEETING, starts_on=datetime.date(2025, 3, 1)
    )
    ActivityFactory()

    def ids(params):
        return {a["id"] for a in client.get("/api/v1/activities/", params).json()["results"]}

    assert ids({"agreement": agreement.pk}) == {training.pk, meeting.pk}
    assert ids({"agreement": agreement.pk, "kind": "meeting"}) == {meeting.pk}
    assert ids({"agreement": agreement.pk, "year": 2567}) == {training.pk}


def test_a_budget_handover_gives_its_amount(client):
    allocation = AllocationFactory(province=province("kanchanaburi"))
    ActivityFactory(
        kind=Activity.Kind.BUDGET_HANDOVER,
        amount_handed_over=Decimal("2500.50"),
        allocation=allocation,
    )
    [listed] = client.get("/api/v1/activities/").json()["results"]
    assert (listed["amount_handed_over"], listed["allocation"]) == ("2500.50", allocation.pk)


def test_organisations_are_those_with_a_published_role_with_their_count(client):
    university = OrganisationFactory(name_th="มหาวิทยาลัยทดสอบ", kind="university")
    AgreementPartyFactory(organisation=university)
    AgreementPartyFactory(organisation=university)
    AgreementPartyFactory(organisation=university, agreement__is_published=False)
    OrganisationFactory(name_th="องค์กรที่ไม่มีข้อตกลง")
    body = client.get("/api/v1/organisations/").json()
    assert [(o["name_th"], o["agreement_count"]) for o in body["results"]] == [
        ("มหาวิทยาลัยทดสอบ", 2)
    ]
    assert client.get("/api/v1/organisations/", {"kind": "college"}).json()["count"] == 0
    assert client.get("/api/v1/organisations/", {"q": "ทดสอบ"}).json()["count"] == 1


def test_duties_give_their_party_and_latest_progress(client):
    duty = ResponsibilityFactory(text_th="จัดอบรมผู้นำชุมชน")
    ProgressUpdateFactory(clause=None, responsibility=duty, recorded_on=datetime.date(2026, 1, 5))
    ProgressUpdateFactory(
        clause=None,
        responsibility=duty,
        recorded_on=datetime.date(2026, 6, 1),
        status="done",
        note_th="เสร็จแล้ว",
    )
    untracked = ResponsibilityFactory()
    body = client.get("/api/v1/duties/", {"agreement": duty.party.agreement_id}).json()
    [listed] = body["results"]
    assert listed["party"]["organisation"]["id"] == duty.party.organisation_id
    assert listed["progress"] == {
        "status": "done",
        "recorded_on": "2026-06-01",
        "note_th": "เสร็จแล้ว",
        "note_en": "",
    }
    assert client.get(f"/api/v1/duties/{untracked.pk}/").json()["progress"] is None


def test_clauses_give_their_latest_progress_as_duties_do(client):
    clause = ScopeClauseFactory(text_th="พัฒนาที่อยู่อาศัย")
    ProgressUpdateFactory(clause=clause, recorded_on=datetime.date(2026, 1, 5))
    ProgressUpdateFactory(
        clause=clause, recorded_on=datetime.date(2026, 6, 1), status="done", note_th="เสร็จแล้ว"
    )
    ScopeClauseFactory(agreement=clause.agreement)
    data = client.get(f"/api/v1/agreements/{clause.agreement_id}/").json()
    tracked, untracked = data["clauses"]
    assert tracked["progress"] == {
        "status": "done",
        "recorded_on": "2026-06-01",
        "note_th": "เสร็จแล้ว",
        "note_en": "",
    }
    assert untracked["progress"] is None


def test_coverage_filters_by_a_district_or_one_of_its_subdistricts(client):
    kanchanaburi = District.objects.filter(province__slug="kanchanaburi").order_by("code")
    first, second = kanchanaburi[0], kanchanaburi[1]
    by_district = AgreementFactory()
    by_district.districts.add(first)
    by_subdistrict = AgreementFactory()
    by_subdistrict.subdistricts.add(Subdistrict.objects.filter(district=first).first())
    elsewhere = AgreementFactory()
    elsewhere.districts.add(second)
    body = client.get("/api/v1/coverage/", {"district": first.code}).json()
    assert {row["id"] for row in body["results"]} == {by_district.pk, by_subdistrict.pk}


def test_renewals_link_the_later_agreement_to_the_earlier(client):
    earlier = AgreementFactory(reference="MOU-2560-71-01")
    later = AgreementFactory(reference="MOU-2563-71-01", renews=earlier)
    [row] = client.get("/api/v1/renewals/").json()["results"]
    assert row["id"] == later.pk
    assert (row["agreement"]["reference"], row["renews"]["reference"]) == (
        "MOU-2563-71-01",
        "MOU-2560-71-01",
    )


@pytest.mark.parametrize("url", [url for url in LISTS if url != "/api/v1/renewals/"])
@pytest.mark.parametrize("params", [{"province": "atlantis"}, {"region": "ATLANTIS"}])
def test_an_unknown_province_or_region_is_an_empty_list(client, url, params):
    AgreementFactory()  # something the filter could have found
    response = client.get(url, params)
    assert response.status_code == 200
    assert (response.json()["count"], response.json()["results"]) == (0, [])


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/duties/", {"organisation": "0"}),
        ("/api/v1/activities/", {"year": "2024"}),
        ("/api/v1/activities/", {"kind": "party"}),
        ("/api/v1/attachments/", {"agreement": "x", "province": "atlantis"}),
    ],
)
def test_a_malformed_filter_value_is_still_a_400(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response.json()


# -- query counts -------------------------------------------------------------------------


def add_everything(n):
    def add():
        for _ in range(n):
            agreement = AgreementFactory()
            everything_on(agreement)
            AgreementFactory(renews=agreement)
            AllocationFactory(agreement=agreement, province=agreement.province)

    return add


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # count, organisations with their province and region
        ("/api/v1/organisations/?page_size=200", 2),
        # how many (the stored province figures: which provinces there are, their rows),
        # activities with their province
        ("/api/v1/activities/?page_size=200", 3),
        # count (the stored province figures, one query), agreements with province and
        # region, districts, sub-districts
        ("/api/v1/coverage/?page_size=200", 3),
        # count, agreements with the one they renew
        ("/api/v1/renewals/?page_size=200", 2),
        # count, attachments with their activity
        ("/api/v1/attachments/?page_size=200", 2),
        # count, duties with party, organisation and signatory, progress as subqueries
        ("/api/v1/duties/?page_size=200", 2),
    ],
)
def test_list_query_counts_do_not_grow_with_the_rows(client, url, queries):
    add_everything(3)()
    assert_constant_queries(client, url, add_everything(12), exactly=PUBLIC_OVERHEAD + queries)


def test_the_agreement_list_query_count_does_not_grow_with_everything_on_each(client):
    url = "/api/v1/agreements/?page_size=200"
    full_agreements(3)()
    add_everything(3)()
    # how many are published (the stored province figures, one query), agreements with
    # province and region, and the seven queries of their records (tests/api/test_agreements.py)
    assert_constant_queries(client, url, add_everything(12), exactly=PUBLIC_OVERHEAD + 9)


def test_the_agreement_detail_query_count_does_not_grow_with_its_rows(client):
    agreement = AgreementFactory()
    url = f"/api/v1/agreements/{agreement.pk}/"

    def add_rows():
        rows_on(agreement, 5)()
        for _ in range(5):
            attachment_on(agreement)
            AgreementFactory(renews=agreement)

    add_rows()
    assert_constant_queries(client, url, add_rows, exactly=PUBLIC_OVERHEAD + 8)


@pytest.mark.parametrize(
    "url", ["/api/v1/agreements/", "/api/v1/organisations/", "/api/v1/duties/"]
)
def test_search_is_refused_naming_q_rather_than_ignored(client, url):
    response = client.get(url, {"search": "ราชบุรี"})
    assert response.status_code == 400
    assert "?q=" in response.json()["search"][0]


def test_a_parameter_given_twice_is_refused_naming_it(client):
    for url in ("/api/v1/events/", "/api/v1/agreements/"):
        response = client.get(url, {"year": ["2566", "2567"], "page_size": ["5", "6"]})
        assert response.status_code == 400
        assert set(response.json()) == {"year", "page_size"}
