"""Entering an agreement with few windows: a new organisation and a new signatory typed into the
party row itself, a change form grouped so the common path comes first, and province fields
that say which regions' provinces they offer."""

import pytest

from agreements.models import Agreement, AgreementParty
from partners.models import Organisation, Person
from tests.agreements.test_admin import ADD_URL, agreement_post, with_parties
from tests.factories import (
    AgreementFactory,
    OrganisationFactory,
    PersonFactory,
    province,
    regional_staff,
)

pytestmark = pytest.mark.django_db

NORTHEAST_ONLY = "เลือกได้เฉพาะจังหวัดในภาค: สำนักงานภาคตะวันออกเฉียงเหนือ"
EVERY_REGION = "เลือกได้จังหวัดในภาค: ทุกภาค"


def new_party_row(order, **fields):
    row = {
        "order": str(order),
        "role": "party",
        "organisation": "",
        "signatory": "",
        "new_organisation_name": "",
        "new_organisation_kind": "",
        "new_organisation_province": "",
        "new_signatory_name": "",
        "signatory_title": "",
        "signatory_title_en": "",
        "responsibilities_th": "",
        "responsibilities_en": "",
    }
    row.update(fields)
    return row


def korat_university_row(order=1, **fields):
    return new_party_row(
        order,
        **{
            "new_organisation_name": "มหาวิทยาลัยราชภัฏนครราชสีมา",
            "new_organisation_kind": "university",
            "new_organisation_province": str(province("nakhon-ratchasima").pk),
            "new_signatory_name": "รศ.ดร.อดิศร เนาวนนท์",
            "signatory_title": "อธิการบดี",
            "responsibilities_th": "1. จัดทำงานวิจัย\n2. ถ่ายทอดองค์ความรู้",
            **fields,
        },
    )


def errors_of(response):
    return [
        str(e) for form in response.context["inline_admin_formsets"] for e in form.formset.errors
    ]


def test_a_new_organisation_and_signatory_typed_in_the_row_are_saved_with_the_agreement(
    staff_client,
):
    codi = OrganisationFactory(name_th="สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)", province=None)
    witness = new_party_row(3, role="witness", new_signatory_name="นายสมพงษ์ แสงศิริ")
    rows = [korat_university_row(1), new_party_row(2, organisation=str(codi.pk)), witness]

    response = staff_client.post(ADD_URL, with_parties(agreement_post(), rows))

    assert response.status_code == 302, errors_of(response)
    agreement = Agreement.objects.get()
    university, by_codi, by_witness = agreement.parties.order_by("order")
    assert university.organisation.name_th == "มหาวิทยาลัยราชภัฏนครราชสีมา"
    assert university.organisation.kind == Organisation.Kind.UNIVERSITY
    assert university.organisation.province == province("nakhon-ratchasima")
    assert university.signatory.name_th == "รศ.ดร.อดิศร เนาวนนท์"
    assert university.signatory_title == "อธิการบดี"
    assert [r.text_th for r in university.responsibilities.all()] == [
        "จัดทำงานวิจัย",
        "ถ่ายทอดองค์ความรู้",
    ]
    assert by_codi.organisation == codi and by_codi.signatory is None
    assert by_witness.organisation is None
    assert by_witness.signatory.name_th == "นายสมพงษ์ แสงศิริ"


def test_the_new_organisation_and_person_have_history_by_the_user_who_entered_them(client):
    user = regional_staff()
    client.force_login(user)
    client.post(ADD_URL, with_parties(agreement_post(), [korat_university_row()]))

    organisation = Organisation.objects.get(name_th="มหาวิทยาลัยราชภัฏนครราชสีมา")
    person = Person.objects.get(name_th="รศ.ดร.อดิศร เนาวนนท์")
    for created in (organisation, person):
        (entry,) = created.history.all()
        assert entry.history_type == "+"
        assert entry.history_user == user


def test_choosing_an_organisation_and_typing_a_new_one_is_refused_and_nothing_is_saved(
    staff_client,
):
    existing = OrganisationFactory(name_th="เทศบาลเมืองมุกดาหาร")
    row = korat_university_row(organisation=str(existing.pk))

    response = staff_client.post(ADD_URL, with_parties(agreement_post(), [row]))

    assert response.status_code == 200
    assert "เลือกองค์กรจากรายการหรือพิมพ์ชื่อองค์กรใหม่ อย่างใดอย่างหนึ่ง" in response.text
    assert not Agreement.objects.exists()
    assert not Organisation.objects.filter(name_th="มหาวิทยาลัยราชภัฏนครราชสีมา").exists()
    assert not Person.objects.exists()


def test_choosing_a_person_and_typing_a_new_one_is_refused(staff_client):
    existing = PersonFactory(name_th="นายกฤษดา สมประสงค์")
    row = korat_university_row(signatory=str(existing.pk))

    response = staff_client.post(ADD_URL, with_parties(agreement_post(), [row]))

    assert response.status_code == 200
    assert "เลือกบุคคลจากรายการหรือพิมพ์ชื่อบุคคลใหม่ อย่างใดอย่างหนึ่ง" in response.text
    assert not Agreement.objects.exists()
    assert list(Person.objects.all()) == [existing]


def test_a_row_with_neither_an_organisation_nor_a_person_is_still_refused(staff_client):
    row = new_party_row(1, signatory_title="อธิการบดี")

    response = staff_client.post(ADD_URL, with_parties(agreement_post(), [row]))

    assert response.status_code == 200
    assert not Agreement.objects.exists()


def test_a_new_organisation_needs_its_kind(staff_client):
    row = korat_university_row(new_organisation_kind="")

    response = staff_client.post(ADD_URL, with_parties(agreement_post(), [row]))

    assert response.status_code == 200
    assert "เลือกประเภทขององค์กรใหม่" in response.text
    assert not Organisation.objects.exists()


def test_an_organisation_already_registered_in_the_province_is_not_created_again(staff_client):
    OrganisationFactory(name_th="มหาวิทยาลัยราชภัฏนครราชสีมา", province=province("nakhon-ratchasima"))

    response = staff_client.post(ADD_URL, with_parties(agreement_post(), [korat_university_row()]))

    assert response.status_code == 200
    assert Organisation.objects.filter(name_th="มหาวิทยาลัยราชภัฏนครราชสีมา").count() == 1
    assert not Agreement.objects.exists()


def test_the_same_new_organisation_in_two_rows_is_refused(staff_client):
    rows = [korat_university_row(1), korat_university_row(2, new_signatory_name="นายสมชาย ใจดี")]

    response = staff_client.post(ADD_URL, with_parties(agreement_post(), rows))

    assert response.status_code == 200
    assert "พิมพ์องค์กรใหม่เดียวกันไว้สองแถว" in response.text
    assert not Organisation.objects.exists()
    assert not Person.objects.exists()


def test_a_new_organisation_cannot_be_put_in_another_regions_province(staff_client):
    row = korat_university_row(new_organisation_province=str(province("ratchaburi").pk))

    response = staff_client.post(ADD_URL, with_parties(agreement_post(), [row]))

    assert response.status_code == 200
    assert not Organisation.objects.exists()
    (parties, *_others) = response.context["inline_admin_formsets"]
    offered = list(parties.formset.forms[0].fields["new_organisation_province"].choices)
    names = {str(label) for _value, label in offered}
    assert "นครราชสีมา" in names and "มุกดาหาร" in names
    assert "ราชบุรี" not in names
    assert len(offered) == 1 + province("mukdahan").region.provinces.count()  # and the blank


def test_an_error_elsewhere_on_the_form_creates_no_organisation_or_person(staff_client):
    data = with_parties(agreement_post(signed_on="31/02/2567"), [korat_university_row()])

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Organisation.objects.exists()
    assert not Person.objects.exists()
    # What was typed stays on the form, to be saved once the date is corrected.
    assert 'value="มหาวิทยาลัยราชภัฏนครราชสีมา"' in response.text


def test_a_new_signatory_can_replace_the_person_of_a_saved_row(admin_client):
    agreement = AgreementFactory(province=province("nakhon-ratchasima"))
    party = AgreementParty.objects.create(
        agreement=agreement, order=1, organisation=OrganisationFactory(), signatory=PersonFactory()
    )
    url = f"/admin/agreements/agreement/{agreement.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = agreement_post(
        title_th=agreement.title_th,
        reference=agreement.reference,
        province=str(agreement.province_id),
        signed_on=form["signed_on"].value(),
        term_mode="open",
        term_length="",
        term_unit="",
    )
    row = new_party_row(1, organisation=str(party.organisation_id), new_signatory_name="นางใหม่ ดี")
    row["id"] = str(party.pk)
    row["agreement"] = str(agreement.pk)
    data = with_parties(data, [row])
    data["parties-INITIAL_FORMS"] = "1"

    response = admin_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    party.refresh_from_db()
    assert party.signatory.name_th == "นางใหม่ ดี"


@pytest.mark.parametrize(
    "url",
    [
        ADD_URL,
        "/admin/budgets/allocation/add/",
        "/admin/agreements/activity/add/",
    ],
)
def test_province_fields_name_the_regions_regional_staff_may_choose_from(staff_client, url):
    response = staff_client.get(url)

    assert NORTHEAST_ONLY in response.text
    assert EVERY_REGION not in response.text


def test_central_staff_are_told_every_region_is_offered(admin_client):
    response = admin_client.get(ADD_URL)

    assert EVERY_REGION in response.text
    assert "เลือกได้เฉพาะจังหวัด" not in response.text


def test_the_change_form_puts_the_common_path_first_and_folds_the_optional_parts(staff_client):
    response = staff_client.get(ADD_URL)

    fieldsets = list(response.context["adminform"])
    shown = [name for fs in fieldsets if "collapse" not in fs.classes for name in flat(fs.fields)]
    assert {"title_th", "signed_on", "province", "term_mode"} <= set(shown)
    folded = {str(fs.name): flat(fs.fields) for fs in fieldsets if "collapse" in fs.classes}
    assert folded == {
        "ภาษาอังกฤษ": ["title_en", "venue_en", "summary_en"],
        "สาระสำคัญและประเด็น": ["summary_th", "themes"],
        "พื้นที่: อำเภอและตำบล": ["districts", "subdistricts"],
        "แหล่งที่มาและการต่ออายุ": ["source_url", "renews"],
    }
    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes[:2] == ["parties", "clauses"]
    assert response.text.count("<details>") >= len(folded)  # rendered folded


def test_a_party_row_shows_the_common_fields_and_folds_the_english_ones(staff_client):
    response = staff_client.get(ADD_URL)

    (parties, *_others) = response.context["inline_admin_formsets"]
    common, english, as_written = parties.fieldsets
    assert flat(common[1]["fields"]) == [
        "order",
        "role",
        "organisation",
        "new_organisation_name",
        "new_organisation_kind",
        "new_organisation_province",
        "signatory",
        "new_signatory_name",
        "signatory_title",
        "responsibilities_th",
    ]
    assert english[1] == {
        "fields": ["signatory_title_en", "responsibilities_en"],
        "classes": ["collapse"],
    }
    assert as_written[1]["fields"] == ["organisation_name_th", "organisation_name_en"]
    assert as_written[1]["classes"] == ["collapse"]


def flat(fields):
    return [name for line in fields for name in ((line,) if isinstance(line, str) else line)]


def test_the_presiding_official_may_also_be_entered_as_a_witness(staff_client):
    governor_office = OrganisationFactory(province=province("nakhon-ratchasima"))
    governor = PersonFactory(name_th="นายชัยวัฒน์ จุ่นวิจิตร")
    same = {"organisation": str(governor_office.pk), "signatory": str(governor.pk)}
    rows = [
        korat_university_row(1),
        new_party_row(1, role="presiding", **same),
        new_party_row(1, role="witness", **same),
    ]

    response = staff_client.post(ADD_URL, with_parties(agreement_post(), rows))

    assert response.status_code == 302, errors_of(response)
    roles = AgreementParty.objects.filter(signatory=governor).values_list("role", flat=True)
    assert sorted(roles) == ["presiding", "witness"]


def test_one_person_twice_in_one_role_is_refused_in_thai(staff_client):
    office = OrganisationFactory(province=province("nakhon-ratchasima"))
    person = PersonFactory()
    same = {"organisation": str(office.pk), "signatory": str(person.pk), "role": "witness"}
    rows = [korat_university_row(1), new_party_row(1, **same), new_party_row(2, **same)]

    response = staff_client.post(ADD_URL, with_parties(agreement_post(), rows))

    assert response.status_code == 200
    assert "บุคคลนี้มีอยู่ในบทบาทนี้ในนามของหน่วยงานนี้ในบันทึกข้อตกลงนี้แล้ว" in response.text
    assert not Agreement.objects.exists()
