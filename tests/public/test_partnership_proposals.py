"""The proposals' half of the partnership dashboard (/partnerships/) and its export: each
province's way of working, its proposals submitted, adopted into a plan and funded, and its
district councils, counted from published records only (proposals/figures.py)."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.test import Client
from openpyxl import load_workbook

from agreements import review
from geography.models import District
from proposals.models import Proposal, ProvinceProposalFigures, ProvinceWorkingMode
from records.derived import rebuild_everything
from tests import downloads
from tests.factories import (
    DistrictCouncilFactory,
    PlanFactory,
    ProposalFactory,
    ProposalStepFactory,
    ProvinceWorkingModeFactory,
    central_staff,
    province,
    regional_staff,
)
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]

D = datetime.date
S = Proposal.Status
CSV = "/partnerships/export.csv"
PAGE = "/partnerships/"
COLUMNS = [
    "province_mode",
    "proposals_submitted",
    "proposals_adopted",
    "proposals_funded",
    "district_councils",
]
THAI_COLUMNS = [
    "รูปแบบการทำงาน",
    "ข้อเสนอที่ยื่นแล้ว",
    "ข้อเสนอที่บรรจุในแผนแล้ว",
    "ข้อเสนอที่ได้รับงบประมาณ",
    "สภาองค์กรชุมชนระดับอำเภอ",
]
NOTHING = ["", "0", "0", "0", "0"]


def exported(url=f"/en{CSV}"):
    """{province slug: {column: value}} of the proposals' columns, the last five, of a CSV
    download (the slug is the second column in either edition)."""
    body = downloads.body(Client().get(url)).decode("utf-8")
    _header, *rows = csv.reader(io.StringIO(body[1:]))
    return {row[1]: dict(zip(COLUMNS, row[-5:], strict=True)) for row in rows}


def mukdahan(url=f"/en{CSV}"):
    return [exported(url)["mukdahan"][name] for name in COLUMNS]


def page_row(slug, url=PAGE):
    text = Client().get(url).text
    start = text.index(f'<th scope="row"><a href="{url[: -len(PAGE)]}/provinces/{slug}/">')
    return text[start : text.index("</tr>", start)]


# -- as staff enter it: the admin, then a publisher ----------------------------------------


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def proposal_form(proposal=None, steps=()):
    """The admin's proposal form: a Mukdahan proposal, its existing steps (of `proposal`) as
    they are, and the new `steps` after them."""
    existing = list(proposal.steps.order_by("pk")) if proposal else []
    data = {
        "title_th": "ข้อเสนอบ้านมั่นคงริมโขง",
        "title_en": "",
        "text_th": "เสนอต่อผู้ว่าราชการจังหวัดให้บรรจุโครงการบ้านมั่นคงในแผนพัฒนาจังหวัด",
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
        "steps-TOTAL_FORMS": str(len(existing) + len(steps)),
        "steps-INITIAL_FORMS": str(len(existing)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    rows = [
        {
            "id": str(step.pk),
            "proposal": str(proposal.pk),
            "step": step.step,
            "taken_on": step.taken_on.strftime("%d/%m/") + str(step.taken_on.year + 543),
            "plan": str(step.plan_id or ""),
            "plan_line_th": step.plan_line_th,
            "amount": str(step.amount or ""),
            "funding_source_th": step.funding_source_th,
            "note_th": step.note_th,
        }
        for step in existing
    ]
    rows += [{"id": "", **step} for step in steps]
    for n, row in enumerate(rows):
        row = {"note_th": "", "note_en": "", "plan": "", "plan_line_th": "", "amount": "",
               "funding_source_th": "", **row}  # fmt: skip
        data.update({f"steps-{n}-{name}": value for name, value in row.items()})
    return data


def test_a_mukdahan_proposal_counts_once_published_as_it_moves_to_adopted_then_funded():
    plan = PlanFactory(title_th="แผนพัฒนาจังหวัดมุกดาหาร พ.ศ. 2566–2570")
    northeast = logged_in(regional_staff("northeast"))
    publisher = central_staff("central")
    adopted = {"step": "adopted", "taken_on": "01/06/2567", "plan": str(plan.pk)}
    funded = {"step": "funded", "taken_on": "01/10/2567", "amount": "1500000"}

    response = northeast.post(
        "/admin/proposals/proposal/add/",
        proposal_form(steps=[{"step": "submitted", "taken_on": "05/03/2567"}, adopted]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = Proposal.objects.get()
    assert proposal.status == S.ADOPTED and not proposal.is_published
    assert mukdahan() == NOTHING  # not before a publisher publishes it
    assert "1 / 1 / 0" not in page_row("mukdahan")
    visitor = Client()
    assert visitor.get(f"/proposals/{proposal.pk}/").status_code == 404
    assert proposal.title_th not in visitor.get("/provinces/mukdahan/").content.decode()

    review.records_publish(records=Proposal.objects.all(), user=publisher)
    assert mukdahan() == ["", "1", "1", "0", "0"]
    assert proposal.title_th in visitor.get(f"/proposals/{proposal.pk}/").content.decode()
    assert proposal.title_th in visitor.get("/provinces/mukdahan/").content.decode()
    assert ">1 / 1 / 0<" in page_row("mukdahan")

    # Funded, by regional staff: hidden again until a publisher has looked at it.
    response = northeast.post(
        f"/admin/proposals/proposal/{proposal.pk}/change/",
        proposal_form(proposal, steps=[funded]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Proposal.objects.get().status == S.FUNDED
    assert mukdahan() == NOTHING

    review.records_publish(records=Proposal.objects.all(), user=publisher)
    assert mukdahan() == ["", "1", "1", "1", "0"]
    assert ">1 / 1 / 1<" in page_row("mukdahan")
    assert mukdahan(CSV) == ["", "1", "1", "1", "0"]  # the Thai edition counts the same
    # The other provinces have nothing recorded.
    assert all(
        [row[name] for name in COLUMNS] == NOTHING
        for slug, row in exported().items()
        if slug != "mukdahan"
    )


def test_each_column_counts_how_far_the_published_proposals_got():
    for status in [S.SUBMITTED, S.ACKNOWLEDGED, S.NOT_ADOPTED, S.ADOPTED, S.FUNDED, S.IMPLEMENTED]:
        proposal = ProposalFactory()
        fields = {"plan": PlanFactory()} if status == S.ADOPTED else {}
        fields.update({"amount": 1000} if status == S.FUNDED else {})
        fields.update({"note_th": "ไม่ผ่านการพิจารณา"} if status == S.NOT_ADOPTED else {})
        ProposalStepFactory(proposal=proposal, step=status, **fields)
    ProposalFactory()  # drafted: submitted to nobody yet
    unpublished = ProposalFactory(is_published=False)
    ProposalStepFactory(proposal=unpublished, step=S.SUBMITTED)
    ProposalStepFactory(proposal=ProposalFactory(province=province("songkhla")))
    ProposalStepFactory(
        proposal=ProposalFactory(level=Proposal.Level.NATIONAL, province=None, region=None)
    )  # a national proposal is no province's

    rows = exported()
    assert [rows["mukdahan"][name] for name in COLUMNS] == ["", "6", "3", "2", "0"]
    assert [rows["songkhla"][name] for name in COLUMNS] == ["", "1", "0", "0", "0"]
    assert sum(int(row["proposals_submitted"]) for row in rows.values()) == 7


def test_the_way_of_working_is_the_latest_published_and_councils_the_published_ones():
    ProvinceWorkingModeFactory(mode=ProvinceWorkingMode.Mode.INTEGRATED, agreed_on=D(2022, 1, 1))
    ProvinceWorkingModeFactory(
        mode=ProvinceWorkingMode.Mode.SELF_GOVERNING, agreed_on=D(2023, 6, 1)
    )
    ProvinceWorkingModeFactory(
        mode=ProvinceWorkingMode.Mode.INTEGRATED, agreed_on=D(2024, 1, 1), is_published=False
    )
    ProvinceWorkingModeFactory(
        province=province("songkhla"), mode=ProvinceWorkingMode.Mode.INTEGRATED
    )
    DistrictCouncilFactory()
    DistrictCouncilFactory()
    DistrictCouncilFactory(is_published=False)

    rows = exported()
    assert [rows["mukdahan"][name] for name in COLUMNS] == ["self_governing", "0", "0", "0", "2"]
    assert rows["songkhla"]["province_mode"] == "integrated"
    assert rows["chiang-mai"]["province_mode"] == ""
    in_thai = exported(CSV)
    assert in_thai["mukdahan"]["province_mode"] == "จังหวัดจัดการตนเอง"
    assert in_thai["songkhla"]["province_mode"] == "จังหวัดบูรณาการ"
    assert in_thai["chiang-mai"]["province_mode"] == ""
    assert "<td>self-governing province</td>" in page_row("mukdahan", "/en/partnerships/")
    assert "<td>จังหวัดจัดการตนเอง</td>" in page_row("mukdahan")
    assert "<td>จังหวัดบูรณาการ</td>" in page_row("songkhla")
    assert 'muted">ยังไม่มีการบันทึก</span></td>' in page_row("chiang-mai")


def test_a_proposal_moved_to_another_province_or_a_step_deleted_is_counted_again():
    proposal = ProposalFactory()
    step = ProposalStepFactory(proposal=proposal)
    assert exported()["mukdahan"]["proposals_submitted"] == "1"

    proposal.refresh_from_db()  # its status, kept from its steps
    proposal.province = province("songkhla")
    proposal.region = proposal.province.region
    proposal.save()
    rows = exported()
    assert (rows["mukdahan"]["proposals_submitted"], rows["songkhla"]["proposals_submitted"]) == (
        "0",
        "1",
    )

    step.delete()  # drafted again
    assert exported()["songkhla"]["proposals_submitted"] == "0"


def test_rebuild_derived_rewrites_the_figures():
    ProposalStepFactory(step=S.SUBMITTED)
    ProvinceWorkingModeFactory()
    DistrictCouncilFactory()
    ProvinceProposalFigures.objects.all().delete()  # as after a bulk load without audit
    assert mukdahan() == NOTHING

    rebuild_everything()
    cache.clear()  # the pages of before, which no audited change has made out of date

    assert mukdahan() == ["self_governing", "1", "0", "0", "1"]


def test_the_english_edition_names_the_columns_by_code_and_the_thai_one_in_thai():
    english = downloads.body(Client().get(f"/en{CSV}")).decode("utf-8").splitlines()[0]
    thai = downloads.body(Client().get(CSV)).decode("utf-8").splitlines()[0]
    assert english.endswith(",".join(COLUMNS))
    assert thai.endswith(",".join(THAI_COLUMNS))
    sheet = load_workbook(io.BytesIO(downloads.body(Client().get("/partnerships/export.xlsx"))))
    header = [cell.value for cell in next(sheet.worksheets[0].iter_rows(max_row=1))]
    assert header[-5:] == THAI_COLUMNS
    sheet = load_workbook(io.BytesIO(downloads.body(Client().get("/en/partnerships/export.xlsx"))))
    header = [cell.value for cell in next(sheet.worksheets[0].iter_rows(max_row=1))]
    assert header[-5:] == COLUMNS


def test_sorting_by_the_new_columns_puts_the_leading_provinces_first():
    ProposalStepFactory(proposal=ProposalFactory(province=province("songkhla")))
    for _ in range(2):
        ProposalStepFactory(step=S.FUNDED, amount=1000)
    ProvinceWorkingModeFactory(province=province("songkhla"))
    DistrictCouncilFactory()

    def first(sort):
        body = downloads.body(Client().get(f"/en{CSV}?sort={sort}")).decode("utf-8")
        return [row[1] for row in csv.reader(io.StringIO(body[1:]))][1:3]

    assert first("-proposals") == ["mukdahan", "songkhla"]
    assert first("mode")[0] == "songkhla"
    assert first("-district_councils")[0] == "mukdahan"


def test_the_page_and_the_export_cost_the_same_queries_with_more_proposals(client):
    def add_rows():
        for district in District.objects.filter(province=province("mukdahan"))[:2]:
            if not hasattr(district, "community_council"):
                DistrictCouncilFactory(district=district)
        ProvinceWorkingModeFactory(agreed_on=D(2020, 1, ProvinceWorkingMode.objects.count() + 1))
        for slug in ("mukdahan", "songkhla", "chiang-mai"):
            for status in (S.SUBMITTED, S.FUNDED):
                ProposalStepFactory(
                    proposal=ProposalFactory(province=province(slug)),
                    step=status,
                    amount=1000 if status == S.FUNDED else None,
                )

    add_rows()
    # provinces; their stored figures; budgets of two fiscal years; their stored proposal
    # figures; on the page, the regions of its filter
    assert_constant_queries(client, PAGE, add_rows, exactly=PUBLIC_OVERHEAD + 5)
    for url in (f"/en{CSV}", "/partnerships/export.xlsx?sort=-proposals"):
        assert_constant_queries(client, url, add_rows, exactly=PUBLIC_OVERHEAD + 4)


def test_the_province_page_counts_its_published_district_councils(client):
    DistrictCouncilFactory()
    DistrictCouncilFactory()
    DistrictCouncilFactory(is_published=False)
    page = client.get("/en/provinces/mukdahan/").content.decode()
    assert "<dt>District community organisation councils</dt><dd>2</dd>" in page
    other = client.get("/en/provinces/songkhla/").content.decode()
    assert "<dt>District community organisation councils</dt><dd>0</dd>" in other
