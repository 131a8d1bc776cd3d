"""People's contact details on a need-to-know basis, through the admin with real users.

The Northeastern staff member works with the people of Northeastern agreements (Nakhon
Ratchasima); a person who takes part only in a Kanchanaburi (Central and West) agreement is
none of their business: they see that person's name, never their e-mail, phone or note.
"""

import json

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from agreements.models import AgreementParty
from geography.access import CENTRAL_STAFF_GROUP, REGIONAL_STAFF_GROUP
from geography.models import Region
from partners.models import Person
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    PersonFactory,
    UserFactory,
    province,
)
from tests.queries import ADMIN_OVERHEAD, assert_constant_queries

pytestmark = pytest.mark.django_db

FAR = {"email": "far.person@example.org", "phone": "034-111-2222", "note": "บ้านเลขที่ 9 หมู่ 4"}
NEAR = {"email": "near.person@example.org", "phone": "044-333-4444", "note": "ไลน์ไอดี nearline"}
# What the admin (in Thai) shows instead: "hidden: not in your region's agreements", "hidden".
HIDDEN = "ซ่อนไว้: ไม่ได้อยู่ในข้อตกลงของภาคของท่าน"
HIDDEN_CHANGE = "ซ่อนไว้"


@pytest.fixture
def people(db):
    far = PersonFactory(name_th="นายไกล ตะวันตก", **FAR)
    near = PersonFactory(name_th="นางใกล้ อีสาน", **NEAR)
    AgreementPartyFactory(
        agreement=AgreementFactory(province=province("kanchanaburi")), signatory=far
    )
    AgreementPartyFactory(
        agreement=AgreementFactory(province=province("nakhon-ratchasima")), signatory=near
    )
    return {"far": far, "near": near}


def make_user(role):
    if role == "superuser":
        return UserFactory(username="root", is_staff=True, is_superuser=True)
    user = UserFactory(username=role, is_staff=True)
    if role == "central":
        user.groups.add(Group.objects.get(name=CENTRAL_STAFF_GROUP))
    else:
        user.groups.add(Group.objects.get(name=REGIONAL_STAFF_GROUP))
        Region.objects.get(code="NORTHEAST").staff.add(user)
    return user


@pytest.fixture
def northeast(client):
    client.force_login(make_user("northeast"))
    return client


@pytest.fixture(params=["central", "superuser"])
def central(request, client):
    client.force_login(make_user(request.param))
    return client


def contains(text, details):
    return {key: value in text for key, value in details.items()}


SHOWN = {"email": True, "phone": True, "note": True}
NOT_SHOWN = {"email": False, "phone": False, "note": False}


def test_the_changelist_shows_regional_staff_only_the_contacts_of_their_regions_people(
    northeast, people
):
    text = northeast.get("/admin/partners/person/").text
    assert "นายไกล ตะวันตก" in text  # the person is listed: only the details are hidden
    assert not any(contains(text, FAR).values())
    assert FAR["email"] not in text and FAR["phone"] not in text
    assert NEAR["email"] in text and NEAR["phone"] in text


def test_the_changelist_shows_central_staff_everyones_contacts(central, people):
    text = central.get("/admin/partners/person/").text
    assert FAR["email"] in text and FAR["phone"] in text
    assert NEAR["email"] in text and NEAR["phone"] in text


def found(client, term):
    response = client.get("/admin/partners/person/", {"q": term})
    assert response.status_code == 200
    return {person.name_th for person in response.context["cl"].result_list}


def test_regional_staff_cannot_find_a_person_by_an_e_mail_they_may_not_see(northeast, people):
    assert found(northeast, "far.person") == set()
    assert found(northeast, "@example.org") == {"นางใกล้ อีสาน"}
    assert found(northeast, "near.person") == {"นางใกล้ อีสาน"}
    assert found(northeast, "ตะวันตก") == {"นายไกล ตะวันตก"}  # names stay searchable


def test_central_staff_find_anyone_by_e_mail(central, people):
    assert found(central, "@example.org") == {"นายไกล ตะวันตก", "นางใกล้ อีสาน"}


def test_the_change_form_hides_the_contacts_of_a_person_outside_the_users_regions(
    northeast, people
):
    response = northeast.get(f"/admin/partners/person/{people['far'].pk}/change/")
    assert response.status_code == 200
    assert contains(response.text, FAR) == NOT_SHOWN
    assert HIDDEN in response.text
    assert "email" not in response.context["adminform"].form.fields

    response = northeast.get(f"/admin/partners/person/{people['near'].pk}/change/")
    assert contains(response.text, NEAR) == SHOWN
    assert HIDDEN not in response.text


def test_central_staff_see_every_change_form_whole(central, people):
    for key, details in (("far", FAR), ("near", NEAR)):
        text = central.get(f"/admin/partners/person/{people[key].pk}/change/").text
        assert contains(text, details) == SHOWN
        assert HIDDEN not in text


def test_regional_staff_may_rename_a_person_without_touching_hidden_contacts(northeast, people):
    far = people["far"]
    response = northeast.post(
        f"/admin/partners/person/{far.pk}/change/",
        {
            "name_th": "นายไกล ตะวันตก (แก้ชื่อ)",
            "name_en": "Mr Far",
            "email": "overwritten@example.org",
            "phone": "000",
            "note": "",
        },
    )
    assert response.status_code == 302
    far.refresh_from_db()
    assert far.name_th == "นายไกล ตะวันตก (แก้ชื่อ)"
    assert (far.email, far.phone, far.note) == (FAR["email"], FAR["phone"], FAR["note"])


def change_contacts(person, **details):
    for key, value in details.items():
        setattr(person, key, value)
    person.save()


def test_the_history_list_hides_contact_changes_outside_the_users_regions(northeast, people):
    change_contacts(people["far"], email="far.new@example.org", phone="034-999-0000")
    change_contacts(people["near"], email="near.new@example.org")

    text = northeast.get(f"/admin/partners/person/{people['far'].pk}/history/").text
    assert FAR["email"] not in text and "far.new@example.org" not in text
    assert FAR["phone"] not in text and "034-999-0000" not in text
    assert HIDDEN_CHANGE in text  # the change is listed, its values are not

    text = northeast.get(f"/admin/partners/person/{people['near'].pk}/history/").text
    assert NEAR["email"] in text and "near.new@example.org" in text


def test_central_staff_see_every_contact_change_in_history(central, people):
    change_contacts(people["far"], email="far.new@example.org")
    text = central.get(f"/admin/partners/person/{people['far'].pk}/history/").text
    assert FAR["email"] in text and "far.new@example.org" in text


def history_detail(client, person):
    version = person.history.earliest("history_date")
    return client.get(f"/admin/partners/person/{person.pk}/history/{version.history_id}/")


def test_the_history_detail_hides_the_contacts_of_a_person_outside_the_users_regions(
    northeast, people
):
    response = history_detail(northeast, people["far"])
    assert response.status_code == 200
    assert contains(response.text, FAR) == NOT_SHOWN
    assert HIDDEN in response.text
    assert contains(history_detail(northeast, people["near"]).text, NEAR) == SHOWN


def test_central_staff_see_every_history_detail_whole(central, people):
    assert contains(history_detail(central, people["far"]).text, FAR) == SHOWN


def test_history_cannot_be_posted_back_over_a_person(northeast, people):
    far = people["far"]
    version = far.history.earliest("history_date")
    change_contacts(far, email="far.new@example.org")
    response = northeast.post(
        f"/admin/partners/person/{far.pk}/history/{version.history_id}/",
        {"name_th": "นายไกล ตะวันตก", "name_en": ""},
    )
    assert response.status_code == 405
    far.refresh_from_db()
    assert far.email == "far.new@example.org"


def autocomplete(client, term):
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "agreements",
            "model_name": "agreementparty",
            "field_name": "signatory",
            "term": term,
        },
    )
    assert response.status_code == 200
    return response


def texts(response):
    return {item["text"] for item in json.loads(response.content)["results"]}


def test_the_signatory_autocomplete_finds_no_one_by_a_hidden_e_mail(northeast, people):
    assert texts(autocomplete(northeast, "far.person")) == set()
    assert texts(autocomplete(northeast, "near.person")) == {"นางใกล้ อีสาน"}
    everyone = autocomplete(northeast, "")
    assert texts(everyone) == {"นายไกล ตะวันตก", "นางใกล้ อีสาน"}
    # The labels are names only, for everyone.
    assert "@" not in everyone.text and FAR["phone"] not in everyone.text


def test_central_staff_find_signatories_by_any_e_mail(central, people):
    assert texts(autocomplete(central, "far.person")) == {"นายไกล ตะวันตก"}
    assert "@" not in autocomplete(central, "").text


@pytest.mark.parametrize("role", [AgreementParty.Role.PRESIDING, AgreementParty.Role.WITNESS])
def test_presiding_officials_and_witnesses_count_as_taking_part(northeast, role):
    person = PersonFactory(email="witness@example.org")
    agreement = AgreementFactory(province=province("mukdahan"))
    assert found(northeast, "witness@") == set()
    AgreementPartyFactory(agreement=agreement, signatory=person, organisation=None, role=role)
    assert found(northeast, "witness@") == {person.name_th}


def test_staff_of_no_region_and_visitors_may_read_no_ones_contacts(people):
    nowhere = UserFactory(username="nowhere", is_staff=True)
    nowhere.groups.add(Group.objects.get(name=REGIONAL_STAFF_GROUP))
    assert not Person.objects.contact_visible_to(nowhere).exists()
    assert not Person.objects.contact_visible_to(AnonymousUser()).exists()
    assert Person.objects.contact_visible_to(make_user("central")).count() == 2


def test_regional_staff_type_in_the_contacts_of_a_person_they_add(northeast, people):
    response = northeast.get("/admin/partners/person/add/?_popup=1&_to_field=id")
    assert {"email", "phone", "note"} <= set(response.context["adminform"].form.fields)
    response = northeast.post(
        "/admin/partners/person/add/?_popup=1&_to_field=id",
        {
            "name_th": "นางสาวใหม่ อีสาน",
            "name_en": "",
            "email": "new.person@example.org",
            "phone": "044-555-6666",
            "note": "",
            "_popup": "1",
            "_to_field": "id",
        },
    )
    assert response.status_code == 200  # the pop-up closes itself
    person = Person.objects.get(name_th="นางสาวใหม่ อีสาน")
    assert person.email == "new.person@example.org"
    assert "new.person@example.org" not in response.text

    # Until the person takes part in one of the user's agreements, the details are hidden...
    change = f"/admin/partners/person/{person.pk}/change/"
    assert "new.person@example.org" not in northeast.get(change).text
    AgreementPartyFactory(
        agreement=AgreementFactory(province=province("khon-kaen")), signatory=person
    )
    # ...and then shown.
    assert "new.person@example.org" in northeast.get(change).text


def test_the_changelist_makes_the_same_number_of_queries_with_more_people(northeast, people):
    def add_rows():
        for n in range(10):
            AgreementPartyFactory(
                agreement=AgreementFactory(province=province("kanchanaburi")),
                signatory=PersonFactory(email=f"west{n}@example.org"),
            )
            AgreementPartyFactory(
                agreement=AgreementFactory(province=province("nakhon-ratchasima")),
                signatory=PersonFactory(email=f"northeast{n}@example.org"),
            )

    # the user's regions; the user's and their groups' permissions; the count; the page of
    # people, each with whether the user may see their contacts (an EXISTS inside the query)
    assert_constant_queries(
        northeast, "/admin/partners/person/", add_rows, exactly=ADMIN_OVERHEAD + 5
    )


@pytest.mark.parametrize(
    "lookup",
    ["email", "email__icontains", "phone__startswith", "note__contains", "visible_email"],
)
def test_contact_fields_cannot_be_probed_through_the_changelists_query_string(
    northeast, people, lookup
):
    value = "far" if "email" in lookup else FAR["phone"][:3] if "phone" in lookup else "9"
    response = northeast.get("/admin/partners/person/", {lookup: value})
    assert response.status_code == 400
    assert "นายไกล ตะวันตก" not in response.text
