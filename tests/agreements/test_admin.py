import datetime

import pytest
from django.conf import settings
from django.test import Client

from agreements.models import Agreement, AgreementParty, Responsibility, ScopeClause
from agreements.search import search_document_rebuild
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    OrganisationFactory,
    PersonFactory,
    full_agreements,
    province,
    rows_on,
)
from tests.queries import ADMIN_OVERHEAD, assert_constant_queries

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/agreements/agreement/add/"
LIST_URL = "/admin/agreements/agreement/"

EMPTY_INLINES = ["clauses", "attachments", "activities", "allocations"]


def management_form(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def agreement_post(**overrides):
    korat = province("nakhon-ratchasima")
    data = {
        "title_th": "บันทึกข้อตกลงความร่วมมือการเสริมสร้างความเข้มแข็งของชุมชน",
        "title_en": "",
        "kind": "mou",
        "reference": "",
        "signed_on": "23/05/2567",
        "venue_th": "มหาวิทยาลัยราชภัฏนครราชสีมา",
        "province": str(korat.pk),
        "term_mode": "duration",
        "term_length": "3",
        "term_unit": "years",
        "starts_on": "",
        "ends_on": "",
        "term_fiscal_year": "",
        "terminated_on": "",
        "summary_th": "",
        "summary_en": "",
        "source_url": "",
        "_save": "Save",
    }
    for prefix in EMPTY_INLINES:
        data.update(management_form(prefix, 0))
    data.update(overrides)
    return data


def with_parties(data, parties):
    data.update(management_form("parties", len(parties)))
    for i, party in enumerate(parties):
        for key, value in party.items():
            data[f"parties-{i}-{key}"] = value
    return data


def with_clauses(data, clauses):
    data.update(management_form("clauses", len(clauses)))
    for i, text in enumerate(clauses):
        data[f"clauses-{i}-order"] = str(i + 1)
        data[f"clauses-{i}-text_th"] = text
    return data


def party_row(order, organisation, person, title, duties_th="", duties_en="", role="party"):
    return {
        "order": str(order),
        "role": role,
        "organisation": str(organisation.pk),
        "signatory": str(person.pk) if person else "",
        "signatory_title": title,
        "signatory_title_en": "",
        "responsibilities_th": duties_th,
        "responsibilities_en": duties_en,
    }


def three_parties():
    university = OrganisationFactory(name_th="มหาวิทยาลัยราชภัฏนครราชสีมา")
    codi = OrganisationFactory(name_th="สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)", province=None)
    network = OrganisationFactory(name_th="ขบวนองค์กรชุมชนจังหวัดนครราชสีมา")
    return [
        party_row(
            1,
            university,
            PersonFactory(name_th="รศ.ดร.อดิศร เนาวนนท์"),
            "อธิการบดี",
            duties_th="1. จัดทำงานวิจัย\n2. ถ่ายทอดองค์ความรู้",
            duties_en="1. Research\n2. Knowledge transfer",
        ),
        party_row(
            2,
            codi,
            PersonFactory(name_th="นายกฤษดา สมประสงค์"),
            "ผู้อำนวยการ",
            duties_th="๑. สนับสนุนงบประมาณ",
        ),
        party_row(3, network, PersonFactory(name_th="นายสมพงษ์ แสงศิริ"), "ประธาน"),
    ]


def test_staff_add_a_three_party_agreement_with_clauses_and_duties_in_one_save(admin_client):
    data = with_clauses(
        with_parties(agreement_post(), three_parties()),
        ["งานวิจัยแพลตฟอร์มขจัดความยากจน", "เสริมความเข้มแข็งเครือข่าย", "การศึกษา"],
    )
    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    agreement = Agreement.objects.get()
    assert agreement.reference == "MOU-2567-30-01"
    assert agreement.signed_on == datetime.date(2024, 5, 23)
    assert agreement.ends_on == datetime.date(2027, 5, 22)
    assert list(agreement.parties.values_list("order", "signatory_title")) == [
        (1, "อธิการบดี"),
        (2, "ผู้อำนวยการ"),
        (3, "ประธาน"),
    ]
    assert ScopeClause.objects.filter(agreement=agreement).count() == 3
    university = agreement.parties.get(order=1)
    assert list(university.responsibilities.values_list("order", "text_th", "text_en")) == [
        (1, "จัดทำงานวิจัย", "Research"),
        (2, "ถ่ายทอดองค์ความรู้", "Knowledge transfer"),
    ]
    codi = agreement.parties.get(order=2)
    assert list(codi.responsibilities.values_list("text_th", flat=True)) == ["สนับสนุนงบประมาณ"]
    assert not agreement.parties.get(order=3).responsibilities.exists()


def test_editing_duties_replaces_the_list_and_an_unchanged_save_keeps_the_rows(admin_client):
    admin_client.post(ADD_URL, with_parties(agreement_post(), three_parties()))
    agreement = Agreement.objects.get()
    change_url = f"/admin/agreements/agreement/{agreement.pk}/change/"
    form = admin_client.get(change_url).context["adminform"].form
    assert form.initial["reference"] == "MOU-2567-30-01"
    ids_before = set(Responsibility.objects.values_list("pk", flat=True))

    parties = []
    for party in agreement.parties.all():
        row = party_row(party.order, party.organisation, party.signatory, party.signatory_title)
        row["id"] = str(party.pk)
        row["agreement"] = str(agreement.pk)
        items = list(party.responsibilities.all())
        row["responsibilities_th"] = "\n".join(f"{r.order}. {r.text_th}" for r in items)
        english = [f"{r.order}. {r.text_en}" for r in items if r.text_en]
        row["responsibilities_en"] = "\n".join(english)
        parties.append(row)
    data = agreement_post(reference=agreement.reference)
    with_parties(data, parties)
    data.update(management_form("parties", 3, initial=3))
    response = admin_client.post(change_url, data)
    assert response.status_code == 302
    assert set(Responsibility.objects.values_list("pk", flat=True)) == ids_before

    parties[2]["responsibilities_th"] = "1. ประสานเครือข่าย\n2. ติดตามผล"
    with_parties(data, parties)
    data.update(management_form("parties", 3, initial=3))
    assert admin_client.post(change_url, data).status_code == 302
    network = agreement.parties.get(order=3)
    assert list(network.responsibilities.values_list("text_th", flat=True)) == [
        "ประสานเครือข่าย",
        "ติดตามผล",
    ]


def test_an_agreement_ending_before_it_starts_is_refused_with_a_thai_message(admin_client):
    data = with_parties(
        agreement_post(term_mode="dates", starts_on="01/06/2567", ends_on="31/05/2567"),
        three_parties(),
    )
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "วันสิ้นสุดต้องไม่อยู่ก่อนวันเริ่มต้น" in response.text
    assert Agreement.objects.count() == 0


def test_mismatched_english_duties_are_refused_and_nothing_is_saved(admin_client):
    parties = three_parties()
    parties[0]["responsibilities_en"] = "only one item"
    response = admin_client.post(ADD_URL, with_parties(agreement_post(), parties))
    assert response.status_code == 200
    assert Agreement.objects.count() == 0
    assert AgreementParty.objects.count() == 0


def test_the_same_organisation_signing_twice_on_one_agreement_is_refused(admin_client):
    parties = three_parties()
    parties[2]["organisation"] = parties[0]["organisation"]
    parties[2]["role"] = "party"
    response = admin_client.post(ADD_URL, with_parties(agreement_post(), parties))
    assert response.status_code == 200
    assert "หน่วยงาน/องค์กรนี้เป็นภาคีของบันทึกข้อตกลงนี้แล้ว" in response.text
    assert Agreement.objects.count() == 0


def test_a_bad_date_is_explained_in_thai(admin_client):
    data = with_parties(agreement_post(signed_on="31/02/2567"), three_parties())
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "23/05/2567" in response.text  # the example in the Thai error message
    assert Agreement.objects.count() == 0


def test_deleting_a_province_in_use_is_refused_in_the_admin(admin_client):
    AgreementFactory(province=province("mukdahan"))
    mukdahan = province("mukdahan")
    url = f"/admin/geography/province/{mukdahan.pk}/delete/"
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "ไม่สามารถ" in response.text  # Django's Thai "cannot delete ... protected"
    assert province("mukdahan")


def test_the_change_form_shows_dates_in_be(admin_client):
    agreement = AgreementFactory(signed_on=datetime.date(2024, 5, 23))
    response = admin_client.get(f"/admin/agreements/agreement/{agreement.pk}/change/")
    assert 'value="23/05/2567"' in response.text


def test_the_changelist_shows_be_dates_status_and_thai_search(admin_client):
    AgreementFactory(
        title_th="ความร่วมมือกับมหาวิทยาลัยราชภัฏกาญจนบุรี",
        signed_on=datetime.date(2019, 6, 12),
        starts_on=datetime.date(2019, 6, 1),
        ends_on=datetime.date(2024, 5, 31),
    )
    AgreementFactory(title_th="ความร่วมมือกับสภาเกษตรกร")
    search_document_rebuild(agreements=Agreement.objects.all())  # as the admin writes them
    response = admin_client.get(LIST_URL, {"q": "ราชภัฏ"})
    assert response.status_code == 200
    assert "มหาวิทยาลัยราชภัฏกาญจนบุรี" in response.text
    assert "สภาเกษตรกร" not in response.text
    assert "12 มิ.ย. 2562" in response.text
    assert "หมดอายุ" in response.text  # status "expired" in Thai


def test_the_changelist_search_reads_the_parties_signatories_and_names_as_written(admin_client):
    university = OrganisationFactory(
        name_th="มหาวิทยาลัยราชภัฏกาญจนบุรี", short_name_th="มรภ.กจ.", name_en="Kanchanaburi RU"
    )
    signed = AgreementFactory(title_th="ความร่วมมือพัฒนาที่อยู่อาศัย", reference="KB-001")
    AgreementPartyFactory(
        agreement=signed,
        organisation=university,
        signatory=PersonFactory(name_th="นางสาวสมศรี ใจดี"),
    )
    other = AgreementFactory(title_th="ความร่วมมือกับสภาเกษตรกร", reference="KB-002")
    AgreementPartyFactory(agreement=other)
    # Renamed after signing: the document's name stays as written, the record's changes.
    university.name_th = "มหาวิทยาลัยกาญจนบุรี"
    university.save()
    search_document_rebuild(agreements=[signed, other])

    def found(term):
        page = admin_client.get(LIST_URL, {"q": term}).text
        return {reference for reference in ("KB-001", "KB-002") if reference in page}

    assert found("ราชภัฏกาญจนบุรี") == {"KB-001"}  # as written on the document
    assert found("มหาวิทยาลัยกาญจนบุรี") == {"KB-001"}  # as known now
    assert found("มรภ.กจ.") == {"KB-001"}
    assert found("kanchanaburi ru") == {"KB-001"}
    assert found("สมศรี") == {"KB-001"}
    assert found('"สมศรี ใจดี" ที่อยู่อาศัย') == {"KB-001"}  # each word or phrase must match
    assert found("สมศรี เกษตรกร") == set()
    assert found("kb-00") == {"KB-001", "KB-002"}


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the filters' regions, signing years (first and last only), provinces and themes
        # (from the reference tables, not from the agreements); the count (no second count
        # of the whole table); the page of agreements with status and party count
        (LIST_URL, 6),
        # the same, searching: the bounded search's walk of the newest agreements first
        (LIST_URL + "?q=ทดสอบ", 7),
    ],
)
def test_the_changelist_query_count_does_not_grow_with_rows(admin_client, url, queries):
    def add_rows():
        for _ in range(20):
            AgreementPartyFactory(agreement=AgreementFactory())

    for _ in range(3):
        AgreementPartyFactory(agreement=AgreementFactory())
    assert_constant_queries(admin_client, url, add_rows, exactly=ADMIN_OVERHEAD + queries)


def test_the_change_form_makes_the_same_queries_with_more_inline_rows(admin_client):
    full_agreements(1)()
    agreement = Agreement.objects.get()
    url = f"/admin/agreements/agreement/{agreement.pk}/change/"
    admin_client.get(url)  # content types are cached after the first page

    add_rows = rows_on(agreement, 5)
    # the agreement with its party count; its districts, sub-districts and themes; the chosen
    # organisations, signatories and activity provinces of every row at once; the programmes
    # of the drop-down; the provinces offered for a new organisation in the party rows; the
    # agreement's activities for the attachments' drop-down; the chosen allocation provinces
    # and recipients; the inline rows: parties, their duties, clauses, attachments,
    # activities, allocations; the chosen province of the agreement; the themes to choose from;
    # its review steps with their users
    assert_constant_queries(admin_client, url, add_rows, exactly=ADMIN_OVERHEAD + 21)


def test_admin_pages_load_the_shipped_thai_font(admin_client):
    """Without Sarabun from the site, Thai in the admin is boxes on machines with no Thai font."""
    for response in (admin_client.get("/admin/"), Client().get("/admin/login/")):
        assert response.status_code == 200
        text = response.text
        assert '/static/css/fonts.css"' in text
        assert '/static/css/admin-font.css"' in text
        assert 'id="site-name"' in text  # Django's own admin header is still there
    css = (settings.BASE_DIR / "static" / "css" / "admin-font.css").read_text()
    assert '--font-family-primary: "Sarabun"' in css


def test_every_field_of_the_agreements_table_rows_is_named_for_screen_readers(admin_client):
    """A tabular inline's fields have no <label>: each carries its column's label as aria-label,
    foreign keys in the admin's wrapper and autocompletes included (axe: select-name)."""
    import re

    from tests.factories import ActivityFactory, AllocationFactory, ScopeClauseFactory

    agreement = AgreementFactory()
    ScopeClauseFactory(agreement=agreement)
    activity = ActivityFactory(agreement=agreement)
    AllocationFactory(agreement=agreement, province=agreement.province)
    from agreements.models import Attachment

    Attachment.objects.create(
        agreement=agreement, activity=activity, kind=Attachment.Kind.PHOTO, title_th="ภาพ"
    )

    page = admin_client.get(f"/admin/agreements/agreement/{agreement.pk}/change/").text

    for name in [
        "clauses-0-text_th",
        "attachments-0-activity",
        "allocations-0-programme",
        "allocations-0-recipient",
        "activities-0-province",
    ]:
        tag = re.search(rf'<(select|input|textarea)[^>]*name="{name}"[^>]*>', page)
        assert tag, name
        assert 'aria-label="' in tag.group(0), tag.group(0)
