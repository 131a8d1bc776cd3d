"""`load_demo_data`: the four real agreements of the domain notes, loaded twice."""

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from agreements.models import Activity, Agreement, AgreementParty, Responsibility, ScopeClause
from budgets.models import Allocation
from geography.models import Region
from partners.models import Organisation, Person
from tests.factories import TODAY

pytestmark = pytest.mark.django_db

D = datetime.date
Role = AgreementParty.Role
Status = Agreement.Status

KANCHANABURI = "MOU-2562-71-01"
MUKDAHAN = "MOU-2564-49-01"
RATCHABURI = "BUD-2566-70-01"
NAKHON_RATCHASIMA = "MOU-2567-30-01"

COUNTED = [Agreement, Organisation, Person, AgreementParty, ScopeClause, Responsibility]
COUNTED += [Activity, Allocation]


def load():
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def row_counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def snapshot():
    """Everything the command writes, without the primary keys that replacing rows changes."""
    return {
        "parties": list(
            AgreementParty.objects.order_by("agreement__reference", "role", "order").values_list(
                "agreement__reference",
                "role",
                "order",
                "organisation__name_th",
                "signatory__name_th",
                "signatory_title",
            )
        ),
        "responsibilities": list(
            Responsibility.objects.order_by(
                "party__agreement__reference", "party__role", "party__order", "order"
            ).values_list("party__organisation__name_th", "order", "text_th", "text_en")
        ),
        "clauses": list(
            ScopeClause.objects.order_by("agreement__reference", "order").values_list(
                "agreement__reference", "order", "text_th", "text_en"
            )
        ),
        "activities": list(
            # Two activities of one agreement share a day and a kind: the title orders them.
            Activity.objects.order_by(
                "agreement__reference", "starts_on", "kind", "title_th"
            ).values_list("agreement__reference", "kind", "title_th", "starts_on", "ends_on")
        ),
        "allocations": list(
            Allocation.objects.order_by(
                "programme__code", "agreement__reference", "province__slug", "fiscal_year"
            ).values_list(
                "agreement__reference", "province__slug", "fiscal_year", "programme__code", "amount"
            )
        ),
        "agreements": list(
            Agreement.objects.order_by("reference").values_list(
                "reference", "kind", "title_th", "signed_on", "starts_on", "ends_on", "is_published"
            )
        ),
    }


@pytest.fixture
def loaded():
    load()
    return load()


def agreement(reference):
    return Agreement.objects.with_status(today=TODAY, within_days=90).get(reference=reference)


def roles(reference, role):
    return AgreementParty.objects.filter(agreement__reference=reference, role=role)


def test_it_loads_exactly_the_four_real_agreements(loaded):
    assert sorted(Agreement.objects.values_list("reference", flat=True)) == sorted(
        [KANCHANABURI, MUKDAHAN, RATCHABURI, NAKHON_RATCHASIMA]
    )
    assert Agreement.objects.published().count() == 4
    assert set(Agreement.objects.values_list("source_url", flat=True)) == {""}


def test_running_it_again_leaves_the_same_rows():
    load()
    counts, data = row_counts(), snapshot()
    load()
    assert row_counts() == counts
    assert snapshot() == data


def test_running_it_again_keeps_the_agreements_primary_keys():
    load()
    pks = dict(Agreement.objects.values_list("reference", "pk"))
    load()
    assert dict(Agreement.objects.values_list("reference", "pk")) == pks


def test_kanchanaburi_has_four_parties_and_expired_in_may_2024(loaded):
    mou = agreement(KANCHANABURI)
    assert mou.signed_on == D(2019, 6, 12)
    assert (mou.starts_on, mou.ends_on) == (D(2019, 6, 1), D(2024, 5, 31))
    assert mou.status_code == Status.EXPIRED
    assert mou.status_on(TODAY) == Status.EXPIRED
    assert mou.title_th == (
        "บันทึกข้อตกลงความร่วมมือ (MOU) ว่าด้วย "
        "การประสานความร่วมมือทางวิชาการและปฏิบัติการเพื่อการพัฒนาองค์กรชุมชนท้องถิ่น"
    )
    parties = roles(KANCHANABURI, Role.PARTY).order_by("order")
    assert parties.count() == 4
    assert AgreementParty.objects.filter(agreement=mou).exclude(role=Role.PARTY).count() == 0
    assert [p.signatory.name_th for p in parties] == [
        "นาพิพัฒน์ แก้วจิตคงทอง",  # as the article prints it
        "ดร.ณรงค์เดช รัตนานนท์เสถียร",
        "นายปฏิภาณ จุมผา",
        "นางสมพิศ หลวงแจ่ม",
    ]
    assert mou.clauses.count() == 1  # the article states its principles in one sentence
    assert "95" in mou.summary_th and "95" in mou.summary_en
    training = mou.activities.get()
    assert (training.kind, training.starts_on, training.ends_on) == (
        Activity.Kind.TRAINING,
        D(2019, 6, 12),
        D(2019, 6, 13),
    )


def test_mukdahan_has_seven_parties_each_with_duties_and_no_end(loaded):
    mou = agreement(MUKDAHAN)
    assert mou.signed_on == D(2021, 2, 22)
    assert mou.ends_on is None
    assert mou.status_code == Status.OPEN_ENDED
    assert mou in Agreement.objects.in_force(today=TODAY)
    parties = roles(MUKDAHAN, Role.PARTY)
    assert parties.count() == 7
    for party in parties:
        assert 3 <= party.responsibilities.count() <= 5, party.organisation.name_th
    presiding = roles(MUKDAHAN, Role.PRESIDING).get()
    assert presiding.signatory.name_th == "นายเอกราช มณีกรรณ์"
    assert presiding.signatory_title == "ปลัดจังหวัดมุกดาหาร"
    assert roles(MUKDAHAN, Role.WITNESS).get().signatory == presiding.signatory
    assert mou.clauses.count() == 4
    assert list(mou.districts.values_list("name_en", flat=True)) == ["Nikhom Kham Soi"]
    assert list(mou.subdistricts.values_list("name_th", flat=True)) == ["หนองแวง"]
    assert sorted(mou.activities.values_list("kind", flat=True)) == sorted(
        [
            Activity.Kind.MEETING,
            Activity.Kind.MEETING,
            Activity.Kind.BUDGET_HANDOVER,
            Activity.Kind.FIELD_VISIT,
        ]
    )


def test_ratchaburi_is_a_budget_agreement_for_fiscal_year_2566_with_witnesses(loaded):
    mou = agreement(RATCHABURI)
    assert mou.kind == Agreement.Kind.BUDGET
    assert mou.signed_on == D(2023, 2, 28)
    assert (mou.starts_on, mou.ends_on) == (D(2022, 10, 1), D(2023, 9, 30))
    assert mou.status_code == Status.EXPIRED
    assert roles(RATCHABURI, Role.PARTY).count() == 2
    assert roles(RATCHABURI, Role.WITNESS).count() >= 4
    civil_society = roles(RATCHABURI, Role.WITNESS).get(organisation__isnull=True)
    assert civil_society.signatory.name_th == "นายทศพล แก้วทิมา"
    # The article names no one who signed for either party.
    assert not roles(RATCHABURI, Role.PARTY).filter(signatory__isnull=False).exists()


def test_ratchaburi_fiscal_year_2566_budget_adds_up_to_the_published_total(loaded):
    allocations = Allocation.objects.filter(province__slug="ratchaburi", fiscal_year=2566)
    assert allocations.total() == Decimal("6340120.00")
    assert allocations.values("programme").distinct().count() == 4
    assert set(allocations.values_list("agreement__reference", flat=True)) == {RATCHABURI}
    assert sorted(allocations.values_list("amount", flat=True)) == [
        Decimal("468690.00"),
        Decimal("506000.00"),
        Decimal("1856930.00"),
        Decimal("3508500.00"),
    ]


def test_nakhon_ratchasima_runs_three_years_from_signing(loaded):
    mou = agreement(NAKHON_RATCHASIMA)
    assert mou.signed_on == D(2024, 5, 23)
    assert mou.ends_on == D(2027, 5, 22)
    assert mou.status_code == Status.ACTIVE
    assert roles(NAKHON_RATCHASIMA, Role.PARTY).count() == 3
    assert roles(NAKHON_RATCHASIMA, Role.PRESIDING).count() == 1
    # The presiding official is also the first witness.
    assert roles(NAKHON_RATCHASIMA, Role.WITNESS).count() == 3
    rector = roles(NAKHON_RATCHASIMA, Role.PARTY).get(order=1)
    assert rector.signatory.name_th == "รศ.ดร.อดิศร เนาวนนท์"
    assert rector.organisation.name_th == "มหาวิทยาลัยราชภัฏนครราชสีมา"
    asia_foundation = Organisation.objects.get(name_en="The Asia Foundation")
    assert (asia_foundation.name_th, asia_foundation.province) == ("มูลนิธิเอเชีย", None)
    assert mou.clauses.count() == 4
    assert "7,570" in mou.summary_th


def test_no_two_rows_of_one_agreement_share_a_role_and_a_signing_order(loaded):
    pairs = list(AgreementParty.objects.values_list("agreement", "role", "order"))
    assert len(pairs) > 10
    assert len(set(pairs)) == len(pairs)


def test_the_regional_office_is_a_national_unit_of_codi(loaded):
    codi = Organisation.objects.get(name_th="สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)")
    assert (codi.short_name_th, codi.short_name_en, codi.province) == ("พอช.", "CODI", None)
    # Only Mukdahan's article names a regional office as the party; the others name CODI. The
    # forum's organiser (demo/forum.py) is CODI's other unit.
    offices = Organisation.objects.filter(parent=codi)
    assert sorted(offices.values_list("name_th", flat=True)) == [
        "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) สำนักงานภาคตะวันออกเฉียงเหนือ",
        "สำนักประสานเครือข่ายสภาองค์กรชุมชน",
    ]
    assert not offices.filter(province__isnull=False).exists()


def test_it_creates_no_accounts_when_debug_is_off(settings):
    settings.DEBUG = False
    output = load()
    assert get_user_model().objects.count() == 0
    assert "password" not in output.lower()


def test_with_debug_on_it_creates_the_demo_accounts_once(settings):
    settings.DEBUG = True
    first = load()
    User = get_user_model()
    accounts = {"admin", "northeast", "centralwest", "central"}
    assert set(User.objects.values_list("username", flat=True)) == accounts
    passwords = dict(re.findall(r"^\s+(\w+) / (\S+)", first, flags=re.MULTILINE))
    assert set(passwords) == accounts
    for username, password in passwords.items():
        assert User.objects.get(username=username).check_password(password)

    second = load()
    assert User.objects.count() == 4
    assert "already exist" in second
    for password in passwords.values():
        assert password not in second


def test_demo_regional_staff_can_edit_their_agreements_but_only_view_reference_data(settings):
    settings.DEBUG = True
    load()
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    northeast = User.objects.get(username="northeast")
    assert northeast.is_staff and not northeast.is_superuser
    assert list(northeast.regions.values_list("code", flat=True)) == ["NORTHEAST"]
    assert northeast in Region.objects.get(code="NORTHEAST").staff.all()
    centralwest = User.objects.get(username="centralwest")
    assert list(centralwest.regions.values_list("code", flat=True)) == ["CENTRAL_WEST"]
    for perm in [
        "agreements.change_agreement",
        "agreements.delete_agreementparty",
        "budgets.add_allocation",
        "partners.change_organisation",
        "geography.view_province",
        "budgets.view_programme",
    ]:
        assert northeast.has_perm(perm), perm
    for perm in [
        "geography.change_province",
        "budgets.change_programme",
        "auth.add_user",
        "geography.access_all_regions",
    ]:
        assert not northeast.has_perm(perm), perm
    central = User.objects.get(username="central")
    assert central.has_perm("geography.access_all_regions")
    assert not central.regions.exists()
