"""Order numbers of parties and scope clauses look after themselves in the agreement page."""

import re

import pytest

from agreements.models import AgreementParty, ScopeClause
from tests.agreements.test_activity_admin import form_data
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    OrganisationFactory,
    PersonFactory,
    ScopeClauseFactory,
    province,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    agreement = AgreementFactory(province=province("khon-kaen"))
    AgreementPartyFactory(agreement=agreement, order=1)
    AgreementPartyFactory(agreement=agreement, order=2)
    ScopeClauseFactory(agreement=agreement, order=1, text_th="พัฒนาที่อยู่อาศัย")
    ScopeClauseFactory(agreement=agreement, order=2, text_th="สวัสดิการชุมชน")
    return agreement


def change_url(agreement):
    return f"/admin/agreements/agreement/{agreement.pk}/change/"


def offered_number(page, prefix):
    """The number the page offers a row added with "add another" (the blank template row)."""
    tag = re.search(rf'<input[^>]*name="{prefix}-__prefix__-order"[^>]*>', page).group(0)
    return re.search(r'value="(\d*)"', tag).group(1)


def add_rows(data, prefix, rows):
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for i, row in enumerate(rows, start=total):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(total + len(rows))
    return data


def clause_texts_by_order(agreement):
    return list(
        ScopeClause.objects.filter(agreement=agreement)
        .order_by("order", "pk")
        .values_list("order", "text_th")
    )


def test_two_new_clauses_left_at_their_initial_number_are_stored_after_the_others(
    admin_client, agreement
):
    page = admin_client.get(change_url(agreement))
    initial = offered_number(page.content.decode(), "clauses")
    data = add_rows(
        form_data(page, "agreement_form"),
        "clauses",
        [
            {"order": initial, "text_th": "ฝึกอบรมผู้นำชุมชน", "text_en": ""},
            {"order": initial, "text_th": "แลกเปลี่ยนข้อมูล", "text_en": ""},
        ],
    )

    response = admin_client.post(change_url(agreement), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert initial == "3"
    assert clause_texts_by_order(agreement) == [
        (1, "พัฒนาที่อยู่อาศัย"),
        (2, "สวัสดิการชุมชน"),
        (3, "ฝึกอบรมผู้นำชุมชน"),
        (4, "แลกเปลี่ยนข้อมูล"),
    ]


@pytest.mark.parametrize("typed", ["1", "", "2"], ids=["one", "blank", "a-taken-number"])
def test_new_clauses_with_a_blank_or_taken_number_go_after_the_others_in_entered_order(
    admin_client, agreement, typed
):
    page = admin_client.get(change_url(agreement))
    data = add_rows(
        form_data(page, "agreement_form"),
        "clauses",
        [
            {"order": typed, "text_th": "ก", "text_en": ""},
            {"order": typed, "text_th": "ข", "text_en": ""},
            {"order": "", "text_th": "ค", "text_en": ""},
        ],
    )

    response = admin_client.post(change_url(agreement), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert [text for _, text in clause_texts_by_order(agreement)[2:]] == ["ก", "ข", "ค"]
    assert [order for order, _ in clause_texts_by_order(agreement)] == [1, 2, 3, 4, 5]


def test_a_free_number_typed_for_a_new_clause_is_kept(admin_client, agreement):
    page = admin_client.get(change_url(agreement))
    data = add_rows(
        form_data(page, "agreement_form"),
        "clauses",
        [{"order": "7", "text_th": "ก", "text_en": ""}, {"order": "", "text_th": "ข"}],
    )

    admin_client.post(change_url(agreement), data)

    assert clause_texts_by_order(agreement)[2:] == [(7, "ก"), (8, "ข")]


def test_existing_clauses_renumbered_by_hand_keep_the_typed_order(admin_client, agreement):
    data = form_data(admin_client.get(change_url(agreement)), "agreement_form")
    data["clauses-0-order"], data["clauses-1-order"] = "2", "1"

    response = admin_client.post(change_url(agreement), data)

    assert response.status_code == 302
    assert clause_texts_by_order(agreement) == [(1, "สวัสดิการชุมชน"), (2, "พัฒนาที่อยู่อาศัย")]


def test_clauses_stored_with_the_same_number_are_numbered_apart_on_the_next_save(admin_client):
    agreement = AgreementFactory(province=province("khon-kaen"))
    AgreementPartyFactory(agreement=agreement)
    for text in ("ก", "ข", "ค"):
        ScopeClauseFactory(agreement=agreement, order=1, text_th=text)

    data = form_data(admin_client.get(change_url(agreement)), "agreement_form")
    admin_client.post(change_url(agreement), data)

    assert clause_texts_by_order(agreement) == [(1, "ก"), (2, "ข"), (3, "ค")]
    renumbered = ScopeClause.objects.get(text_th="ค")
    assert renumbered.history.latest().order == 3


def test_a_row_added_but_left_blank_is_not_saved_nor_refused(admin_client, agreement):
    page = admin_client.get(change_url(agreement))
    data = add_rows(
        form_data(page, "agreement_form"),
        "clauses",
        [{"order": offered_number(page.content.decode(), "clauses"), "text_th": ""}],
    )

    response = admin_client.post(change_url(agreement), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert ScopeClause.objects.filter(agreement=agreement).count() == 2


def new_party(order, role):
    return {
        "order": order,
        "role": role,
        "organisation": str(OrganisationFactory().pk),
        "signatory": str(PersonFactory().pk),
        "signatory_title": "",
        "signatory_title_en": "",
        "responsibilities_th": "",
        "responsibilities_en": "",
    }


def roles_and_numbers(agreement):
    return sorted(AgreementParty.objects.filter(agreement=agreement).values_list("role", "order"))


def test_parties_are_numbered_within_their_role(admin_client, agreement):
    AgreementPartyFactory(agreement=agreement, role=AgreementParty.Role.WITNESS, order=1)
    page = admin_client.get(change_url(agreement))
    assert offered_number(page.content.decode(), "parties") == "3"

    data = add_rows(
        form_data(page, "agreement_form"),
        "parties",
        [new_party("1", "witness"), new_party("3", "party"), new_party("", "party")],
    )

    response = admin_client.post(change_url(agreement), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert roles_and_numbers(agreement) == [
        ("party", 1),
        ("party", 2),
        ("party", 3),
        ("party", 4),
        ("witness", 1),
        ("witness", 2),
    ]


def test_a_role_and_number_sent_twice_is_never_stored_twice(admin_client):
    """Issue 26: the page's script numbered a row when it was added and not when its role was
    then chosen, so three parties, a presiding official and two witnesses came as 1, 2, 3, 4,
    4, 4. A page without the script, or with an old copy of it, may still send that."""
    agreement = AgreementFactory(province=province("khon-kaen"))
    page = admin_client.get(change_url(agreement))
    data = form_data(page, "agreement_form")
    data.update({"parties-TOTAL_FORMS": "0", "parties-INITIAL_FORMS": "0"})
    roles = ["party", "party", "party", "presiding", "witness", "witness"]
    numbers = ["1", "2", "3", "4", "4", "4"]
    add_rows(data, "parties", [new_party(n, role) for n, role in zip(numbers, roles, strict=True)])

    response = admin_client.post(change_url(agreement), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    # The second witness sent with a number the first one holds goes after it.
    assert roles_and_numbers(agreement) == [
        ("party", 1),
        ("party", 2),
        ("party", 3),
        ("presiding", 4),
        ("witness", 4),
        ("witness", 5),
    ]


def test_the_number_inputs_carry_what_the_page_script_needs(admin_client, agreement):
    page = admin_client.get(change_url(agreement)).content.decode()

    assert re.search(r'<input[^>]*name="clauses-0-order"[^>]*data-row-order', page)
    assert "js/ordered-inlines.js" in page
