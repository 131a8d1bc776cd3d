"""Entering proposals in the admin: region-scoped, reviewed before the public sees them, with
dated steps whose latest is the proposal's status, and the rules the database keeps."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from agreements import review
from geography.models import Subdistrict
from proposals.models import Plan, Proposal, ProposalStep
from tests.factories import central_staff, province, regional_staff

pytestmark = pytest.mark.django_db

D = datetime.date
ADD_URL = "/admin/proposals/proposal/add/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def mukdahan_plan(**fields):
    return Plan.objects.create(
        kind=Plan.Kind.PROVINCIAL,
        title_th="แผนพัฒนาจังหวัดมุกดาหาร พ.ศ. 2566–2570",
        province=province("mukdahan"),
        first_year=2566,
        last_year=2570,
        is_published=True,
        **fields,
    )


def step_rows(*steps):
    data = {
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for n, step in enumerate(steps):
        row = {
            "step": "",
            "taken_on": "",
            "note_th": "",
            "note_en": "",
            "plan": "",
            "plan_line_th": "",
            "amount": "",
            "funding_source_th": "",
            **step,
        }
        data.update({f"steps-{n}-{name}": value for name, value in row.items()})
    return data


def proposal_post(**fields):
    return {
        "title_th": "ข้อเสนอแผนที่อยู่อาศัยตำบลหนองแวง",
        "title_en": "",
        "text_th": "เสนอให้บรรจุโครงการซ่อมแซมบ้านผู้มีรายได้น้อยในแผนพัฒนาจังหวัด",
        "text_en": "",
        "level": "province",
        "region": "",
        "province": str(province("mukdahan").pk),
        "district": "",
        "subdistrict": "",
        "addressed_to": "governor",
        "addressed_to_name_th": "",
        "addressed_to_name_en": "",
        "proposed_on": "01/03/2567",
        "event": "",
        "source_url": "",
        "_save": "Save",
        **fields,
    }


def test_regional_staff_enter_a_proposal_with_its_steps_and_it_waits_for_a_publisher():
    plan = mukdahan_plan()
    staff = logged_in(regional_staff("northeast"))
    data = proposal_post(
        **step_rows(
            {"step": "submitted", "taken_on": "05/03/2567", "note_th": "ยื่นต่อผู้ว่าราชการจังหวัด"},
            {
                "step": "adopted",
                "taken_on": "01/06/2567",
                "plan": str(plan.pk),
                "plan_line_th": "โครงการบ้านสร้างสุข",
            },
            {
                "step": "funded",
                "taken_on": "01/10/2567",
                "amount": "1500000",
                "funding_source_th": "งบพัฒนาจังหวัด",
            },
        )
    )

    response = staff.post(ADD_URL, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = Proposal.objects.get()
    assert (proposal.status, proposal.status_on) == (Proposal.Status.FUNDED, D(2024, 10, 1))
    assert proposal.region.code == "NORTHEAST"
    assert (proposal.is_published, proposal.awaiting_review) == (False, True)
    assert proposal.steps.get(step="funded").amount == Decimal("1500000")

    review.records_publish(records=Proposal.objects.all(), user=central_staff())

    proposal.refresh_from_db()
    assert proposal.is_published


def test_the_status_follows_the_latest_step_by_date_and_falls_back_when_one_is_deleted():
    proposal = Proposal.objects.create(
        title_th="ข้อเสนอ", text_th="ข้อความ", level="province", province=province("mukdahan"),
        region=province("mukdahan").region, proposed_on=D(2024, 3, 1),
    )  # fmt: skip
    assert Proposal.objects.get().status == Proposal.Status.DRAFTED
    later = ProposalStep.objects.create(
        proposal=proposal, step="acknowledged", taken_on=D(2024, 5, 1)
    )
    ProposalStep.objects.create(proposal=proposal, step="submitted", taken_on=D(2024, 4, 1))

    assert Proposal.objects.get().status == Proposal.Status.ACKNOWLEDGED  # the later day wins

    later.delete()

    assert Proposal.objects.get().status == Proposal.Status.SUBMITTED


def test_regional_staff_cannot_keep_a_national_proposal_and_see_only_their_region():
    staff = logged_in(regional_staff("northeast"))

    response = staff.post(ADD_URL, proposal_post(level="national", province="", **step_rows()))

    assert response.status_code == 200
    assert "ข้อมูลระดับประเทศให้เจ้าหน้าที่ส่วนกลางเป็นผู้บันทึก" in response.content.decode()
    assert not Proposal.objects.exists()

    elsewhere = Proposal.objects.create(
        title_th="ข้อเสนอราชบุรี", text_th="ข้อความ", level="province",
        province=province("ratchaburi"), region=province("ratchaburi").region,
        proposed_on=D(2024, 3, 1),
    )  # fmt: skip
    assert staff.get(f"/admin/proposals/proposal/{elsewhere.pk}/change/").status_code in (302, 403)
    assert "ข้อเสนอราชบุรี" not in staff.get("/admin/proposals/proposal/").content.decode()


def test_a_tambon_proposal_takes_its_district_province_and_region_from_its_tambon():
    tambon = Subdistrict.objects.filter(district__province__slug="mukdahan").first()
    staff = logged_in(regional_staff("northeast"))

    response = staff.post(
        ADD_URL,
        proposal_post(level="tambon", province="", subdistrict=str(tambon.pk), **step_rows()),
    )

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.district, proposal.province.slug) == (tambon.district, "mukdahan")


@pytest.mark.parametrize(
    ("step", "fields"),
    [
        ("adopted", {}),  # names no plan
        ("funded", {}),  # no amount
        ("submitted", {"amount": Decimal("5")}),  # money on a step that has none
        ("not_adopted", {}),  # no reason
    ],
)
def test_the_database_refuses_a_step_that_misses_what_it_needs(step, fields):
    proposal = Proposal.objects.create(
        title_th="ข้อเสนอ", text_th="ข้อความ", level="national", proposed_on=D(2022, 9, 11)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalStep.objects.create(proposal=proposal, step=step, taken_on=D(2023, 1, 1), **fields)


def test_the_database_refuses_an_area_that_does_not_fit_the_level():
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(
            title_th="ข้อเสนอ", text_th="ข้อความ", level="province", proposed_on=D(2022, 9, 11)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(
            title_th="ข้อเสนอ", text_th="ข้อความ", level="national", proposed_on=D(2022, 9, 11),
            province=province("mukdahan"), region=province("mukdahan").region,
        )  # fmt: skip


def test_a_refused_step_is_explained_in_thai_and_nothing_is_saved():
    staff = logged_in(regional_staff("northeast"))
    data = proposal_post(**step_rows({"step": "adopted", "taken_on": "01/06/2567"}))

    response = staff.post(ADD_URL, data)

    assert response.status_code == 200
    assert "“บรรจุในแผนแล้ว” ต้องระบุแผน" in response.content.decode()
    assert not Proposal.objects.exists()


def test_saving_a_proposal_loaded_before_a_new_step_keeps_the_steps_status():
    proposal = Proposal.objects.create(
        title_th="ข้อเสนอ", text_th="ข้อความ", level="national", proposed_on=D(2022, 9, 11)
    )
    stale = Proposal.objects.get(pk=proposal.pk)
    ProposalStep.objects.create(proposal=proposal, step="submitted", taken_on=D(2022, 9, 12))
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.SUBMITTED

    stale.title_th = "ข้อเสนอที่แก้ชื่อ"
    stale.save()

    saved = Proposal.objects.get(pk=proposal.pk)
    assert (saved.title_th, saved.status) == ("ข้อเสนอที่แก้ชื่อ", Proposal.Status.SUBMITTED)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_on_postgresql_a_searched_word_is_found_through_the_trigram_indexes():
    from proposals.filters import ProposalFilter

    with transaction.atomic(), connection.cursor() as cursor:
        # Tiny test tables make scans cheapest; forbid them to see that the indexes serve.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        thai = ProposalFilter({"q": "หนองบัวแดง"}, queryset=Proposal.objects.all()).qs.explain()
        english = ProposalFilter({"q": "Housing"}, queryset=Proposal.objects.all()).qs.explain()
    assert "Bitmap Index Scan on proposal_title_th_trgm" in thai, thai
    assert "Bitmap Index Scan on proposal_text_en_trgm" in thai
    assert "Bitmap Index Scan on proposal_title_en_upper_trgm" in english, english
    assert "Seq Scan" not in thai + english
