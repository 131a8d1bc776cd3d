import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Agreement, SearchDocument
from agreements.search import search_document_rebuild
from budgets.models import Programme
from partners.models import Organisation, Person
from tests.agreements.test_admin import (
    ADD_URL,
    agreement_post,
    management_form,
    party_row,
    three_parties,
    with_clauses,
    with_parties,
)
from tests.budgets.money import no_money_rows
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    AgreementPartyFactory,
    AllocationFactory,
    OrganisationFactory,
    PersonFactory,
    ResponsibilityFactory,
    ScopeClauseFactory,
    full_agreements,
)
from thai.text import fold
from tracking.figures import province_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]

MUKDAHAN = "MOU-2564-49-01"
RATCHABURI = "BUD-2566-70-01"
KORAT = "MOU-2567-30-01"


def found(text):
    return list(Agreement.objects.search(text).values_list("reference", flat=True))


def indexed(*agreements):
    """The agreements, with their search documents written as the admin would."""
    search_document_rebuild(agreements=agreements)
    return agreements


# What is found


def test_searching_baan_por_pieng_finds_the_mukdahan_agreement(demo):
    # Mukdahan names the programme in a duty and in its activities; Ratchaburi through the
    # programme of its allocations.
    assert {MUKDAHAN, RATCHABURI} <= set(found("บ้านพอเพียง"))
    assert KORAT not in found("บ้านพอเพียง")


def test_a_thai_word_inside_a_longer_word_matches():
    university = AgreementPartyFactory(
        organisation=OrganisationFactory(name_th="มหาวิทยาลัยราชภัฏกาญจนบุรี")
    ).agreement
    other = AgreementPartyFactory().agreement
    indexed(university, other)
    assert found("ราชภัฏ") == [university.reference]


def test_english_matches_whatever_the_case():
    [agreement] = indexed(AgreementFactory(title_en="Community Welfare Fund of Ratchaburi"))
    assert found("community WELFARE") == [agreement.reference]
    assert found("  Welfare   FUND ") == [agreement.reference]


def test_sara_am_typed_as_nikhahit_and_sara_aa_matches():
    [agreement] = indexed(AgreementFactory(title_th="การจัดทำแผนพัฒนาตำบล"))
    assert found("จัดท\u0e4d\u0e32แผน") == [agreement.reference]


def make_party_organisation(agreement):
    AgreementPartyFactory(agreement=agreement, organisation__name_th="สภาเกษตรกรจังหวัดมุกดาหาร")


def make_short_name(agreement):
    AgreementPartyFactory(agreement=agreement, organisation__short_name_en="CODI-NE")


def make_signatory(agreement):
    AgreementPartyFactory(agreement=agreement, signatory__name_th="รศ.ดร.อดิศร เนาวนนท์")


def make_clause(agreement):
    ScopeClauseFactory(agreement=agreement, text_en="Research on the poverty platform")


def make_duty(agreement):
    ResponsibilityFactory(party__agreement=agreement, text_th="จัดหาครูและวิทยากรที่มีคุณวุฒิ")


def make_programme(agreement):
    AllocationFactory(agreement=agreement, programme=Programme.objects.get(code="baan-mankong"))


def make_activity(agreement):
    ActivityFactory(agreement=agreement, title_th="เยี่ยมบ้านหนองแวง")


@pytest.mark.parametrize(
    ("make", "text"),
    [
        (make_party_organisation, "สภาเกษตรกร"),
        (make_short_name, "codi-ne"),
        (make_signatory, "อดิศร"),
        (make_clause, "poverty platform"),
        (make_duty, "วิทยากร"),
        (make_programme, "บ้านมั่นคง"),
        (make_activity, "หนองแวง"),
    ],
)
def test_it_finds_an_agreement_by_what_hangs_off_it(make, text):
    agreement, other = AgreementFactory(), AgreementFactory()
    make(agreement)
    indexed(agreement, other)
    assert found(text) == [agreement.reference]


def test_an_unpublished_activity_does_not_make_its_agreement_findable():
    activity = ActivityFactory(title_th="ประชุมภายในยังไม่เผยแพร่", is_published=False)
    indexed(activity.agreement)
    assert found("ประชุมภายใน") == []


def test_a_phrase_does_not_match_across_two_texts():
    [agreement] = indexed(ScopeClauseFactory(text_th="พัฒนาผู้นำ").agreement)
    ScopeClauseFactory(agreement=agreement, text_th="ชุมชนเข้มแข็ง")
    indexed(agreement)
    assert found("ผู้นำ ชุมชน") == []
    assert found("ผู้นำ") == [agreement.reference]


# Ranking


def test_the_phrase_in_a_title_ranks_above_the_phrase_in_a_clause_only():
    in_title = AgreementFactory(
        title_th="ความร่วมมือเรื่องปลาทูแม่กลอง", signed_on=datetime.date(2019, 1, 1)
    )
    in_clause = AgreementFactory(signed_on=datetime.date(2024, 1, 1))
    ScopeClauseFactory(agreement=in_clause, text_th="ส่งเสริมการอนุรักษ์ปลาทูแม่กลอง")
    indexed(in_title, in_clause)
    assert found("ปลาทูแม่กลอง") == [in_title.reference, in_clause.reference]


def test_among_equal_matches_the_newest_comes_first():
    dates = [datetime.date(2019, 1, 1), datetime.date(2024, 1, 1), datetime.date(2021, 1, 1)]
    agreements = indexed(
        *(AgreementFactory(title_th="ความร่วมมือเรื่องปลาทู", title_en="", signed_on=d) for d in dates)
    )
    newest_first = sorted(agreements, key=lambda a: a.signed_on, reverse=True)
    assert found("ปลาทู") == [a.reference for a in newest_first]


def test_the_public_list_and_the_api_show_ranked_results(client):
    older = AgreementFactory(title_th="ข้อตกลงเรื่องปลาทูแม่กลอง", signed_on=datetime.date(2019, 1, 1))
    newer = ScopeClauseFactory(
        agreement=AgreementFactory(signed_on=datetime.date(2024, 1, 1)), text_th="ปลาทูแม่กลอง"
    ).agreement
    indexed(older, newer)
    page = client.get("/agreements/", {"q": "ปลาทูแม่กลอง"}).context["agreements"]
    assert [a.reference for a in page] == [older.reference, newer.reference]
    results = client.get("/api/v1/agreements/", {"q": "ปลาทูแม่กลอง"}).json()["results"]
    assert [a["reference"] for a in results] == [older.reference, newer.reference]
    # Without a search, the list is newest first.
    page = client.get("/agreements/").context["agreements"]
    assert [a.reference for a in page] == [newer.reference, older.reference]


# Public pages


def test_unpublished_agreements_are_never_found_on_public_pages(client):
    [draft] = indexed(AgreementFactory(title_th="ร่างข้อตกลงลับเฉพาะ", is_published=False))
    assert found("ร่างข้อตกลงลับ") == [draft.reference]  # the document is there
    response = client.get("/agreements/", {"q": "ร่างข้อตกลงลับ"})
    assert list(response.context["agreements"]) == []
    assert "ร่างข้อตกลงลับเฉพาะ" not in response.text
    api = client.get("/api/v1/agreements/", {"q": "ร่างข้อตกลงลับ"}).json()
    assert api["results"] == []


def test_the_list_makes_as_many_queries_with_a_search_as_without(client):
    full_agreements(5)()
    province_figures(timezone.localdate())  # as the day's first visitor left them

    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/agreements/", params)
        assert len(response.context["agreements"]) == 5  # the search matched every one
        return len(captured)

    # the data version; the filters' regions, provinces, themes and signing years; the page's
    # agreements (their ids, then their cards); their signing parties; and how many there are:
    # without a search from the stored province figures (one query: their sum and how many
    # provinces there are), with one from the search's walk of the newest agreements (whose
    # answer needs no count)
    assert queries({"q": "ทดสอบ"}) == queries({}) == 9


# Keeping the documents current


def test_an_agreement_added_in_the_admin_is_found_by_its_parties_clauses_and_duties(
    admin_client,
):
    data = with_clauses(
        with_parties(agreement_post(), three_parties()), ["งานวิจัยแพลตฟอร์มขจัดความยากจน"]
    )
    assert admin_client.post(ADD_URL, data).status_code == 302
    [agreement] = Agreement.objects.all()
    for text in ("อดิศร", "ขบวนองค์กรชุมชน", "ขจัดความยากจน", "ถ่ายทอดองค์ความรู้", "knowledge"):
        assert found(text) == [agreement.reference], text


def test_a_clause_changed_in_the_admin_is_found_and_the_old_text_is_not(admin_client):
    party = AgreementPartyFactory()
    agreement = party.agreement
    clause = ScopeClauseFactory(agreement=agreement, text_th="ส่งเสริมการเลี้ยงปลานิล")
    indexed(agreement)
    assert found("ปลานิล") == [agreement.reference]

    data = agreement_post(
        title_th=agreement.title_th,
        reference=agreement.reference,
        province=str(agreement.province_id),
        term_mode="dates",
        starts_on="15/01/2567",
        ends_on="14/01/2570",
        signed_on="15/01/2567",
    )
    row = party_row(1, party.organisation, party.signatory, party.signatory_title)
    with_parties(data, [{**row, "id": str(party.pk), "agreement": str(agreement.pk)}])
    data.update(management_form("parties", 1, initial=1))
    data.update(management_form("clauses", 1, initial=1))
    data.update(
        {
            "clauses-0-id": str(clause.pk),
            "clauses-0-agreement": str(agreement.pk),
            "clauses-0-order": "1",
            "clauses-0-text_th": "ส่งเสริมการปลูกผักอินทรีย์",
            "clauses-0-text_en": "",
        }
    )
    response = admin_client.post(f"/admin/agreements/agreement/{agreement.pk}/change/", data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert found("ผักอินทรีย์") == [agreement.reference]
    assert found("ปลานิล") == []


def test_renaming_an_organisation_in_the_admin_updates_the_agreements_it_is_party_to(
    admin_client,
):
    party = AgreementPartyFactory(organisation__name_th="เครือข่ายชื่อเดิม")
    indexed(party.agreement)
    organisation = party.organisation
    response = admin_client.post(
        f"/admin/partners/organisation/{organisation.pk}/change/",
        {
            "name_th": "เครือข่ายชื่อใหม่",
            "name_en": "",
            "short_name_th": "",
            "short_name_en": "",
            "kind": organisation.kind,
            "province": str(organisation.province_id),
            "parent": "",
            "website": "",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).name_th == "เครือข่ายชื่อใหม่"
    assert found("ชื่อใหม่") == [party.agreement.reference]
    # The agreement was signed under the old name, which its party keeps as written.
    assert found("ชื่อเดิม") == [party.agreement.reference]


def test_moving_an_allocation_in_the_admin_moves_its_programme_between_documents(admin_client):
    allocation = AllocationFactory(
        agreement=AgreementFactory(), programme=Programme.objects.get(code="baan-mankong")
    )
    before, after = allocation.agreement, AgreementFactory()
    indexed(before, after)
    response = admin_client.post(
        f"/admin/budgets/allocation/{allocation.pk}/change/",
        {
            "province": str(allocation.province_id),
            "fiscal_year": "2566",
            "programme": str(allocation.programme_id),
            "amount": "100000.00",
            "agreement": str(after.pk),
            "recipient": "",
            "public_note": "",
            "staff_note": "",
            **no_money_rows(),
        },
    )
    assert response.status_code == 302
    assert found("บ้านมั่นคง") == [after.reference]


def test_deleting_an_activity_in_the_admin_removes_it_from_the_document(admin_client):
    activity = ActivityFactory(title_th="อบรมผู้นำรุ่นที่หนึ่ง")
    indexed(activity.agreement)
    url = f"/admin/agreements/activity/{activity.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert found("อบรมผู้นำ") == []


def test_after_agreement_load_every_demo_agreement_has_its_document(demo):
    assert SearchDocument.objects.count() == Agreement.objects.count() == 4
    korat = SearchDocument.objects.get(agreement__reference=KORAT)
    assert "อดิศร" in korat.text


def test_rebuild_search_writes_every_document_and_running_it_twice_changes_nothing(
    monkeypatch,
):
    monkeypatch.setattr("agreements.search.BATCH_SIZE", 2)  # several batches
    for name in ("นางสาวหนึ่ง", "นายสอง", "นางสาม"):
        AgreementPartyFactory(signatory=PersonFactory(name_th=name))

    def rebuild():
        out = io.StringIO()
        call_command("rebuild_search", stdout=out)
        return out.getvalue(), list(SearchDocument.objects.values_list("agreement", "text"))

    first = rebuild()
    assert "3 agreements" in first[0]
    assert len(first[1]) == 3
    assert found("นายสอง")
    assert rebuild() == first

    # A name changed behind the admin's back (as a bulk load would) is picked up by the rebuild.
    Person.objects.filter(name_th="นายสอง").update(name_th="นายสองใหม่")
    assert not found("นายสองใหม่")
    second = rebuild()
    assert found("นายสองใหม่")
    assert len(second[1]) == 3 and second[1] != first[1]


def test_rebuilding_takes_the_same_number_of_queries_for_2_or_20_agreements():
    def queries(n):
        full_agreements(n)()
        agreements = list(Agreement.objects.all())
        with CaptureQueriesContext(connection) as captured:
            search_document_rebuild(agreements=agreements)
        return len(captured)

    # savepoint; the agreements; clauses; duties; parties with organisations and
    # signatories; programmes of allocations; published activities; the upsert; release
    assert queries(2) == queries(18) == 9


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_on_postgresql_the_search_uses_the_documents_trigram_index(demo):
    with transaction.atomic(), connection.cursor() as cursor:
        # Tiny test tables make scans cheapest; forbid them to see that the index serves.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        # The documents' LIKE, which the bounded search's probe runs joined to the agreements
        # (tests/agreements/test_search_bounded.py): on tables this small the planner may as
        # well start from the published agreements' partial index, so the documents' own
        # lookup is what shows the index.
        plan = SearchDocument.objects.filter(text__contains=fold("ราชภัฏ")).explain()
        # The partner list's search still has its own indexes (migration 0005).
        organisations = Organisation.objects.search("ราชภัฏ").explain()
    assert "Bitmap Index Scan on searchdocument_text_trgm" in plan, plan
    assert "Seq Scan" not in plan
    assert "Bitmap Index Scan on partners_organisation_name_th_trgm" in organisations
