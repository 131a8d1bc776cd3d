"""Renamed and merged partners: one Rajabhat University entered twice, merged through the admin
by central staff, and the agreements it signed still showing the name on their documents."""

import datetime

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agreements.models import AgreementParty, SearchDocument
from geography.access import CENTRAL_STAFF_GROUP, REGIONAL_STAFF_GROUP
from geography.models import Region
from partners import services
from partners.models import Organisation
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    AllocationFactory,
    OrganisationFactory,
    UserFactory,
    province,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/partners/organisation/"
KEPT_NAME = "มหาวิทยาลัยราชภัฏนครราชสีมา"
DUPLICATE_NAME = "มหาวิทยาลัยราชภัฎนครราชสีมา"  # ฎ for ฏ: the same university, spelt wrong


def staff(role):
    user = UserFactory(username=role, is_staff=True)
    group = CENTRAL_STAFF_GROUP if role == "central" else REGIONAL_STAFF_GROUP
    user.groups.add(Group.objects.get(name=group))
    if role == "regional":
        Region.objects.get(code="NORTHEAST").staff.add(user)
    return user


@pytest.fixture
def twins(db):
    """The university twice, each party to its own published agreements, with a budget, a unit
    and a signatory."""
    korat = province("nakhon-ratchasima")
    kept = OrganisationFactory(
        name_th=KEPT_NAME, name_en="Nakhon Ratchasima Rajabhat", province=korat
    )
    duplicate = OrganisationFactory(name_th=DUPLICATE_NAME, name_en="", province=korat)
    own = AgreementFactory(province=korat, is_published=True, reference="NE-KEPT-1")
    AgreementPartyFactory(agreement=own, organisation=kept)
    # A witness in their own name: the parties' ids differ from their agreements' from here.
    AgreementPartyFactory(agreement=own, organisation=None, role=AgreementParty.Role.WITNESS)
    signed = [
        AgreementFactory(province=korat, is_published=True, reference=f"NE-DUP-{n}") for n in (1, 2)
    ]
    parties = [AgreementPartyFactory(agreement=a, organisation=duplicate) for a in signed]
    allocation = AllocationFactory(province=korat, recipient=duplicate)
    unit = OrganisationFactory(name_th="สถาบันวิจัยและพัฒนา มรภ.นม.", parent=duplicate, province=korat)
    return {
        "kept": kept,
        "duplicate": duplicate,
        "signed": signed,
        "parties": parties,
        "allocation": allocation,
        "unit": unit,
    }


def offered_organisations(client, app_label, model_name, field_name):
    """The ids the admin's organisation picker of that field offers for "มหาวิทยาลัยราชภ"."""
    answer = client.get(
        "/admin/autocomplete/",
        {
            "term": "มหาวิทยาลัยราชภ",
            "app_label": app_label,
            "model_name": model_name,
            "field_name": field_name,
        },
    ).json()
    return [row["id"] for row in answer["results"]]


def post_action(client, organisations, **data):
    return client.post(
        CHANGELIST,
        {
            "action": "merge_organisations",
            helpers.ACTION_CHECKBOX_NAME: [o.pk for o in organisations],
            **data,
        },
    )


def test_merging_moves_every_party_and_each_agreement_still_shows_the_name_as_written(
    client, twins
):
    kept, duplicate = twins["kept"], twins["duplicate"]
    services.organisation_merge(kept=kept, merged=[duplicate], user=staff("central"))

    assert set(AgreementParty.objects.filter(organisation=duplicate)) == set()
    assert AgreementParty.objects.filter(organisation=kept).count() == 3
    for agreement in twins["signed"]:
        page = client.get(f"/agreements/{agreement.pk}/").content.decode()
        assert DUPLICATE_NAME in page
        assert f"ปัจจุบันคือ {KEPT_NAME}" in page
        assert f'href="/partners/{kept.pk}/"' in page


def test_a_merge_moves_allocations_units_and_keeps_a_redirecting_alias(client, twins):
    kept, duplicate = twins["kept"], twins["duplicate"]
    user = staff("central")
    plan = services.organisation_merge(kept=kept, merged=[duplicate], user=user)

    assert plan.total == 4  # two parties, one allocation, one unit
    twins["allocation"].refresh_from_db()
    twins["unit"].refresh_from_db()
    assert twins["allocation"].recipient == kept
    assert twins["unit"].parent == kept
    duplicate.refresh_from_db()
    assert duplicate.successor == kept
    assert duplicate.successor_reason == Organisation.SuccessorReason.MERGED
    assert duplicate.is_alias

    response = client.get(f"/partners/{duplicate.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/partners/{kept.pk}/"
    assert client.get(f"/en/partners/{duplicate.pk}/")["Location"] == f"/en/partners/{kept.pk}/"
    api = client.get(f"/api/v1/organisations/{duplicate.pk}/")
    assert api.status_code == 301
    assert api["Location"].endswith(f"/api/v1/organisations/{kept.pk}/")
    assert client.get(api["Location"]).json()["id"] == kept.pk


def test_every_moved_row_has_a_history_entry_by_the_user_with_the_reason(twins):
    kept, duplicate = twins["kept"], twins["duplicate"]
    user = staff("central")
    unit_version = twins["unit"].version
    services.organisation_merge(kept=kept, merged=[duplicate], user=user)

    reason = f"รวมองค์กร: {DUPLICATE_NAME} → {KEPT_NAME}"
    for row in [*twins["parties"], twins["allocation"], twins["unit"], duplicate]:
        latest = row.history.latest()
        assert latest.history_user == user, row
        assert latest.history_change_reason == reason, row
        assert latest.history_type == "~"
    party_entry = twins["parties"][0].history.latest()
    assert party_entry.organisation_id == kept.pk
    assert party_entry.organisation_name_th == DUPLICATE_NAME
    twins["unit"].refresh_from_db()
    assert twins["unit"].version == unit_version + 1


def test_a_party_without_a_name_as_written_keeps_the_merged_name(twins):
    party = twins["parties"][0]
    AgreementParty.objects.filter(pk=party.pk).update(organisation_name_th="")
    services.organisation_merge(kept=twins["kept"], merged=[twins["duplicate"]])
    party.refresh_from_db()
    assert party.organisation_name_th == DUPLICATE_NAME


def test_both_on_the_same_agreement_blocks_the_merge_and_changes_nothing(twins):
    kept, duplicate = twins["kept"], twins["duplicate"]
    AgreementPartyFactory(agreement=twins["signed"][0], organisation=kept)
    with pytest.raises(ValidationError) as refused:
        services.organisation_merge(kept=kept, merged=[duplicate])
    assert "NE-DUP-1" in " ".join(refused.value.messages)
    assert AgreementParty.objects.filter(organisation=duplicate).count() == 2
    duplicate.refresh_from_db()
    assert duplicate.successor is None


def test_the_database_refuses_an_organisation_as_its_own_successor_or_a_date_alone(twins):
    kept = twins["kept"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=kept.pk).update(
            successor=kept, successor_reason="renamed", successor_since=datetime.date(2024, 1, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=kept.pk).update(successor_since=datetime.date(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=kept.pk).update(successor=twins["duplicate"])


def test_central_staff_preview_then_confirm_through_the_admin(client, twins):
    kept, duplicate = twins["kept"], twins["duplicate"]
    client.force_login(staff("central"))

    preview = post_action(client, [kept, duplicate], kept=kept.pk)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "รวมเป็นองค์กรเดียว" in page
    assert f"รวม 1 ระเบียนเข้ากับ “{KEPT_NAME}”" in page
    for reference in ("NE-DUP-1", "NE-DUP-2"):
        assert reference in page
    assert "สถาบันวิจัยและพัฒนา มรภ.นม." in page
    signatory = twins["parties"][0].signatory.name_th
    assert signatory in page
    assert AgreementParty.objects.filter(organisation=duplicate).count() == 2  # nothing moved

    done = post_action(client, [kept, duplicate], kept=kept.pk, confirm="1")
    assert done.status_code == 302
    assert AgreementParty.objects.filter(organisation=kept).count() == 3
    duplicate.refresh_from_db()
    assert duplicate.successor == kept
    # Searching the old spelling still finds the moved agreements (name as written).
    texts = SearchDocument.objects.filter(agreement__in=twins["signed"]).values_list(
        "text", flat=True
    )
    assert len(texts) == 2
    assert all("ราชภัฎ" in text and "ราชภัฏ" in text for text in texts)

    alias_page = client.get(f"/admin/partners/organisation/{duplicate.pk}/change/")
    assert "ถูกรวมเข้ากับ" in alias_page.content.decode()


def test_the_admin_shows_a_conflict_and_offers_no_confirm(client, twins):
    kept, duplicate = twins["kept"], twins["duplicate"]
    AgreementPartyFactory(agreement=twins["signed"][0], organisation=kept)
    client.force_login(staff("central"))
    page = post_action(client, [kept, duplicate], kept=kept.pk).content.decode()
    assert "ยังรวมไม่ได้" in page
    assert 'name="confirm"' not in page
    done = post_action(client, [kept, duplicate], kept=kept.pk, confirm="1")
    assert AgreementParty.objects.filter(organisation=duplicate).count() == 2
    assert done.status_code == 200


def test_regional_staff_neither_see_nor_run_the_merge(client, twins):
    kept, duplicate = twins["kept"], twins["duplicate"]
    client.force_login(staff("regional"))
    assert "merge_organisations" not in client.get(CHANGELIST).content.decode()
    post_action(client, [kept, duplicate], kept=kept.pk, confirm="1")
    assert AgreementParty.objects.filter(organisation=duplicate).count() == 2
    duplicate.refresh_from_db()
    assert duplicate.successor is None


def test_a_renamed_partner_page_says_now_known_as_and_the_new_one_says_formerly(client, twins):
    old = twins["duplicate"]
    new = OrganisationFactory(name_th="มหาวิทยาลัยราชภัฏโคราช", province=old.province)
    old.successor = new
    old.successor_reason = Organisation.SuccessorReason.RENAMED
    old.successor_since = datetime.date(2025, 10, 1)
    old.save()

    old_page = client.get(f"/partners/{old.pk}/").content.decode()
    assert "ปัจจุบันคือ" in old_page and "มหาวิทยาลัยราชภัฏโคราช" in old_page
    assert "1 ตุลาคม 2568" in old_page
    new_page = client.get(f"/partners/{new.pk}/")
    assert new_page.status_code == 200
    assert f'href="/partners/{old.pk}/"' in new_page.content.decode()
    assert "เดิมชื่อ" in new_page.content.decode()
    # The agreements stay with the old record, under the name they were signed with.
    agreement_page = client.get(f"/agreements/{twins['signed'][0].pk}/").content.decode()
    assert DUPLICATE_NAME in agreement_page
    assert "ปัจจุบันคือ มหาวิทยาลัยราชภัฏโคราช" in agreement_page


def merge_queries(parties):
    kept = OrganisationFactory()
    duplicate = OrganisationFactory()
    for _ in range(parties):
        AgreementPartyFactory(organisation=duplicate)
    with CaptureQueriesContext(connection) as queries:
        services.organisation_merge(kept=kept, merged=[duplicate])
    assert AgreementParty.objects.filter(organisation=kept).count() == parties
    return len(queries)


def test_a_merge_reads_and_writes_in_batches_not_per_row():
    assert merge_queries(2) == merge_queries(8)


def test_a_merged_record_is_not_offered_when_choosing_an_organisation(client, twins):
    kept, duplicate = twins["kept"], twins["duplicate"]
    services.organisation_merge(kept=kept, merged=[duplicate])
    client.force_login(staff("central"))
    offered = offered_organisations(client, "agreements", "agreementparty", "organisation")
    assert offered == [str(kept.pk)]


def renamed(old, new):
    old.successor = new
    old.successor_reason = Organisation.SuccessorReason.RENAMED
    old.successor_since = datetime.date(2024, 10, 1)
    return old


def test_a_rename_that_would_loop_back_is_refused_in_thai(twins):
    first, second = twins["kept"], twins["duplicate"]
    third = OrganisationFactory(name_th="มหาวิทยาลัยราชภัฏโคราช", province=first.province)
    renamed(first, second).save()
    renamed(second, third).save()

    with translation.override("th"), pytest.raises(ValidationError) as refused:
        renamed(third, first).full_clean()

    assert refused.value.message_dict["successor"] == [
        f"“{KEPT_NAME}” ใช้ชื่อขององค์กรนี้อยู่แล้ว โดยตรงหรือผ่านชื่อใหม่ของตนเอง จะกลายเป็นการวนกลับ"
    ]
    renamed(OrganisationFactory(name_th="องค์กรอื่น"), first).full_clean()  # no loop: accepted


def test_a_merged_record_cannot_be_chosen_as_a_new_name(client, twins):
    kept, duplicate = twins["kept"], twins["duplicate"]
    services.organisation_merge(kept=kept, merged=[duplicate])
    duplicate.refresh_from_db()
    other = OrganisationFactory(name_th="องค์กรที่เปลี่ยนชื่อ")

    with translation.override("th"), pytest.raises(ValidationError) as refused:
        renamed(other, duplicate).full_clean()

    assert refused.value.message_dict["successor"] == [
        f"“{DUPLICATE_NAME}” ถูกรวมเข้ากับ “{KEPT_NAME}” แล้ว: เลือก “{KEPT_NAME}” แทน"
    ]
    client.force_login(staff("central"))
    assert offered_organisations(client, "partners", "organisation", "successor") == [str(kept.pk)]
