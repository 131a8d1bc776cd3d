"""Where the money went: instalments, transfers, spending reports and returned money of an
allocation, their limits, statuses, the staff report and digest, and the public money trail."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from openpyxl import load_workbook

from budgets import services
from budgets.models import (
    Allocation,
    BudgetTotal,
    Instalment,
    MoneyReturn,
    SpendingReport,
    Transfer,
)
from records.derived import flush_all
from tests import downloads
from tests.agreements.test_activity_admin import form_data
from tests.budgets.money import money_rows
from tests.factories import (
    AllocationFactory,
    OrganisationFactory,
    central_staff,
    province,
    regional_staff,
)
from tests.imports import refused, run, upload, write_xlsx
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries
from tracking.notifications import followup_digests_send

pytestmark = pytest.mark.django_db

D = Decimal
TODAY = datetime.date(2026, 11, 21)
# A finance document number: staff only, never on a public page, export or API answer.
SECRET_REFERENCE = "FIN-SECRET-0042"
PUBLIC_URLS = [
    "/provinces/ratchaburi/",
    "/regions/CENTRAL_WEST/",
    "/budgets/",
    "/budgets/?province=ratchaburi",
    "/budgets/export.csv",
    "/budgets/export.xlsx",
    "/budgets/summary.xlsx",
    "/api/v1/allocations/",
    "/partnerships/",
    "/partnerships/export.csv",
]


@pytest.fixture
def central(db):
    user = central_staff("central")
    user.email = "central@codi.or.th"
    user.save()
    return user


@pytest.fixture
def central_client(central):
    client = Client()
    client.force_login(central)
    return client


@pytest.fixture
def recipient(db):
    return OrganisationFactory(
        name_th="เครือข่ายขบวนองค์กรชุมชนจังหวัดราชบุรี", province=province("ratchaburi")
    )


@pytest.fixture
def allocation(db, recipient):
    """1,000,000.00 for Ratchaburi in FY 2566, published, no agreement."""
    return AllocationFactory(
        province=province("ratchaburi"), amount=D("1000000.00"), recipient=recipient
    )


def change_url(allocation):
    return f"/admin/budgets/allocation/{allocation.pk}/change/"


def change_form(client, allocation, **tables):
    """The allocation's change form as the page gives it, with the rows of `tables`
    (prefix=[rows]) added after those it shows."""
    response = client.get(change_url(allocation))
    data = form_data(response, "allocation_form")
    for prefix, rows in tables.items():
        initial = int(data[f"{prefix}-INITIAL_FORMS"])
        existing = {k: v for k, v in data.items() if k.startswith(f"{prefix}-")}
        data.update(existing)
        data.update(money_rows(prefix, [{}] * initial + list(rows), initial=initial))
        for index, row in enumerate(rows, start=initial):
            for name, value in row.items():
                data[f"{prefix}-{index}-{name}"] = value
    data.pop("_addanother", None)
    data.pop("_continue", None)
    data["_save"] = "Save"
    return data


def transfer_row(amount, on="15/03/2566", recipient=None, reference=""):
    return {
        "transferred_on": on,
        "amount": amount,
        "recipient": str(recipient.pk) if recipient else "",
        "reference": reference,
    }


def text_of(client, url):
    """The page or download at `url` as text: an XLSX's cells, a CSV without its BOM."""
    response = client.get(url)
    assert response.status_code == 200, url
    body = downloads.body(response)
    if url.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(body))
        return "\n".join(
            " ".join("" if cell is None else str(cell) for cell in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return body.decode("utf-8-sig")


def the_must_show_money(allocation, recipient, user):
    """Instalments 600,000 + 400,000; a transfer of 600,000; a report of 550,000; 50,000 back."""
    for number, amount, on in (
        (1, "600000.00", datetime.date(2023, 1, 10)),
        (2, "400000.00", datetime.date(2023, 6, 10)),
    ):
        services.money_row_save(
            row=Instalment(allocation=allocation, number=number, planned_on=on, amount=D(amount)),
            user=user,
        )
    transfer = Transfer(
        allocation=allocation,
        transferred_on=datetime.date(2023, 3, 15),
        amount=D("600000.00"),
        recipient=recipient,
        reference=SECRET_REFERENCE,
    )
    services.money_row_save(row=transfer, user=user)
    services.money_row_save(
        row=SpendingReport(
            allocation=allocation,
            transfer=transfer,
            received_on=datetime.date(2023, 5, 1),
            amount=D("550000.00"),
        ),
        user=user,
    )
    services.money_row_save(
        row=MoneyReturn(
            allocation=allocation,
            transfer=transfer,
            returned_on=datetime.date(2023, 5, 2),
            amount=D("50000.00"),
            reference="RET-SECRET-0043",
        ),
        user=user,
    )
    allocation.refresh_from_db()
    return transfer


# Entry and limits


def test_staff_plan_two_instalments_and_transfer_the_first_on_the_allocation_page(
    central_client, allocation, recipient, today_is
):
    data = change_form(
        central_client,
        allocation,
        instalments=[
            {"number": "1", "planned_on": "10/01/2566", "amount": "600000.00"},
            {"number": "2", "planned_on": "10/06/2566", "amount": "400000.00"},
        ],
        transfers=[transfer_row("600000.00", recipient=recipient, reference=SECRET_REFERENCE)],
    )
    response = central_client.post(change_url(allocation), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    today_is(datetime.date(2023, 4, 1))  # a fortnight after the transfer: not overdue
    allocation.refresh_from_db()
    assert allocation.planned_amount == D("1000000.00")
    assert allocation.transferred_amount == D("600000.00")
    assert allocation.is_published  # a publisher's write stays public
    assert allocation.money_status() == Allocation.MoneyStatus.TRANSFERRING
    assert allocation.history.latest().history_user.username == "central"


def test_transferring_more_than_the_allocation_is_refused_in_thai_on_its_page(
    central_client, allocation, recipient
):
    data = change_form(
        central_client,
        allocation,
        transfers=[
            transfer_row("600000.00", recipient=recipient),
            transfer_row("600000.00", on="15/06/2566", recipient=recipient),
        ],
    )
    response = central_client.post(change_url(allocation), data)

    assert response.status_code == 200
    assert "ยอดเงินโอนรวมจะเป็น 1,200,000.00 บาท เกินวงเงินที่จัดสรร 1,000,000.00 บาท" in (response.text)
    assert not Transfer.objects.exists()
    allocation.refresh_from_db()
    assert allocation.transferred_amount == 0


def test_instalments_over_the_allocation_are_refused_in_thai(central_client, allocation):
    data = change_form(
        central_client,
        allocation,
        instalments=[
            {"number": "1", "planned_on": "10/01/2566", "amount": "600000.00"},
            {"number": "2", "planned_on": "10/06/2566", "amount": "600000.00"},
        ],
    )
    response = central_client.post(change_url(allocation), data)

    assert response.status_code == 200
    assert "ยอดรวมของงวดที่วางแผนไว้ 1,200,000.00 บาท เกินวงเงินที่จัดสรร" in response.text
    assert not Instalment.objects.exists()


def test_a_second_transfer_over_the_rest_is_refused_in_thai_on_the_transfer_page(
    central_client, allocation, recipient, central
):
    services.money_row_save(
        row=Transfer(
            allocation=allocation,
            transferred_on=datetime.date(2023, 3, 15),
            amount=D("600000.00"),
            recipient=recipient,
        ),
        user=central,
    )
    response = central_client.post(
        "/admin/budgets/transfer/add/",
        {
            "allocation": str(allocation.pk),
            "transferred_on": "15/06/2566",
            "amount": "600000.00",
            "recipient": str(recipient.pk),
            "reference": "",
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert "ยอดเงินโอนรวมจะเป็น 1,200,000.00 บาท เกินวงเงินที่จัดสรร 1,000,000.00 บาท" in (response.text)
    assert Transfer.objects.count() == 1


def test_the_database_refuses_transfers_over_the_allocation_and_returns_over_transfers(
    allocation,
):
    over = Allocation.objects.filter(pk=allocation.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        over.update(transferred_amount=D("1200000.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        over.update(transferred_amount=D("600000.00"), returned_amount=D("600000.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        over.update(
            transferred_amount=D("600000.00"),
            reported_amount=D("550000.00"),
            returned_amount=D("50000.01"),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        over.update(planned_amount=D("1000000.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Transfer.objects.create(
            allocation=allocation,
            transferred_on=TODAY,
            amount=D("0.00"),
            recipient=allocation.recipient,
        )


def test_a_refusal_by_the_database_comes_back_as_a_thai_reason_not_an_error(
    allocation, recipient, central
):
    # Written without the form's check, as two saves racing would: the constraint refuses.
    rows = [
        Transfer(
            allocation=allocation, transferred_on=TODAY, amount=D("700000.00"), recipient=recipient
        ),
        Transfer(
            allocation=allocation, transferred_on=TODAY, amount=D("500000.00"), recipient=recipient
        ),
    ]
    with pytest.raises(services.MoneyRefused) as refusal:
        services.money_rows_save(allocation=allocation, rows=rows, user=central)

    assert "เงินที่โอนต้องไม่เกินจำนวนเงินที่จัดสรร" in " ".join(refusal.value.messages)
    assert not Transfer.objects.exists()


def test_lowering_the_allocation_below_what_was_transferred_is_refused_in_thai(
    central_client, allocation, recipient, central
):
    services.money_row_save(
        row=Transfer(
            allocation=allocation, transferred_on=TODAY, amount=D("600000.00"), recipient=recipient
        ),
        user=central,
    )
    data = change_form(central_client, allocation)
    data["amount"] = "500000.00"
    response = central_client.post(change_url(allocation), data)

    assert response.status_code == 200
    assert "โอนไปแล้ว 600,000.00 บาท จำนวนเงินที่จัดสรรจึงน้อยกว่านี้ไม่ได้" in response.text
    allocation.refresh_from_db()
    assert allocation.amount == D("1000000.00")


def test_reports_and_returns_over_the_transfer_are_refused_in_thai(
    central_client, allocation, recipient, central
):
    transfer = Transfer(
        allocation=allocation, transferred_on=TODAY, amount=D("600000.00"), recipient=recipient
    )
    services.money_row_save(row=transfer, user=central)
    response = central_client.post(
        "/admin/budgets/spendingreport/add/",
        {"transfer": str(transfer.pk), "received_on": "01/05/2566", "amount": "600000.01"},
    )

    assert response.status_code == 200
    assert "มากกว่าเงินที่โอน 600,000.00 บาท" in response.text
    assert not SpendingReport.objects.exists()


def test_a_form_opened_before_a_transfer_was_recorded_is_refused_as_an_edit_conflict(
    central_client, allocation, recipient, central
):
    stale = change_form(central_client, allocation)
    services.money_row_save(
        row=Transfer(
            allocation=allocation, transferred_on=TODAY, amount=D("100000.00"), recipient=recipient
        ),
        user=central,
    )
    stale["public_note"] = "แก้ไขหลังการโอน"
    response = central_client.post(change_url(allocation), stale)

    assert response.status_code == 200
    assert "หลังจากที่คุณเปิดแบบฟอร์มนี้" in response.text
    allocation.refresh_from_db()
    assert allocation.public_note == ""


def test_money_written_by_regional_staff_waits_for_review_before_the_public_sees_it(
    allocation, recipient
):
    regional = regional_staff("somsri", "CENTRAL_WEST")
    services.money_row_save(
        row=Transfer(
            allocation=allocation, transferred_on=TODAY, amount=D("100000.00"), recipient=recipient
        ),
        user=regional,
    )

    allocation.refresh_from_db()
    assert (allocation.is_published, allocation.awaiting_review) == (False, True)
    assert allocation.transferred_amount == D("100000.00")
    flush_all()
    assert not BudgetTotal.objects.filter(province=allocation.province).exists()


# Statuses


def test_the_status_goes_from_planned_to_closed(allocation, recipient, central, today_is):
    today_is(datetime.date(2023, 4, 1))
    Status = Allocation.MoneyStatus
    assert allocation.money_status() == Status.PLANNED

    transfer = Transfer(
        allocation=allocation,
        transferred_on=datetime.date(2023, 3, 1),
        amount=D("600000.00"),
        recipient=recipient,
    )
    services.money_row_save(row=transfer, user=central)
    assert allocation.money_status() == Status.TRANSFERRING

    last = Transfer(
        allocation=allocation,
        transferred_on=datetime.date(2023, 3, 20),
        amount=D("400000.00"),
        recipient=recipient,
    )
    services.money_row_save(row=last, user=central)
    assert allocation.money_status() == Status.TRANSFERRED

    for row, amount in ((transfer, "600000.00"), (last, "350000.00")):
        services.money_row_save(
            row=SpendingReport(
                allocation=allocation,
                transfer=row,
                received_on=datetime.date(2023, 3, 30),
                amount=D(amount),
            ),
            user=central,
        )
    services.money_row_save(
        row=MoneyReturn(
            allocation=allocation,
            transfer=last,
            returned_on=datetime.date(2023, 3, 31),
            amount=D("50000.00"),
        ),
        user=central,
    )
    assert allocation.money_status() == Status.REPORTED

    services.spending_reports_accept(reports=SpendingReport.objects.all(), user=central)
    assert allocation.money_status() == Status.CLOSED
    assert SpendingReport.objects.filter(accepted_by=central).count() == 2


def test_a_transfer_without_a_report_for_three_months_is_overdue(
    allocation, recipient, central, today_is
):
    services.money_row_save(
        row=Transfer(
            allocation=allocation,
            transferred_on=datetime.date(2026, 8, 21),
            amount=D("600000.00"),
            recipient=recipient,
        ),
        user=central,
    )
    today_is(datetime.date(2026, 11, 20))
    assert allocation.money_status() == Allocation.MoneyStatus.TRANSFERRING
    today_is(datetime.date(2026, 11, 21))
    assert allocation.money_status() == Allocation.MoneyStatus.OVERDUE


# The staff report and the digest


@pytest.fixture
def overdue(allocation, recipient, central, today_is):
    """A transfer of 600,000.00 on 1 July 2026 with no report; today is 21 November 2026."""
    transfer = Transfer(
        allocation=allocation,
        transferred_on=datetime.date(2026, 7, 1),
        amount=D("600000.00"),
        recipient=recipient,
        reference=SECRET_REFERENCE,
    )
    services.money_row_save(row=transfer, user=central)
    today_is(TODAY)
    return transfer


def test_an_overdue_transfer_is_in_the_staff_report_with_its_age(central_client, overdue):
    page = central_client.get("/admin/budgets/transfer/awaiting-report/")

    assert page.status_code == 200
    assert "ภาคกลางและตะวันตก" in page.text
    assert SECRET_REFERENCE in page.text  # staff see the finance reference
    assert '<td class="num">143</td>' in page.text  # 1 July to 21 November 2026
    assert "เกินกำหนด" in page.text

    csv = text_of(central_client, "/admin/budgets/transfer/awaiting-report/export.csv")
    assert "600000.00" in csv and ",143," in csv and SECRET_REFERENCE in csv
    xlsx = text_of(central_client, "/admin/budgets/transfer/awaiting-report/export.xlsx")
    assert "143" in xlsx and "ราชบุรี" in xlsx


def test_the_staff_report_is_linked_from_the_admin(central_client):
    assert "/admin/budgets/transfer/awaiting-report/" in central_client.get("/admin/").text
    assert "/admin/budgets/transfer/awaiting-report/" in (
        central_client.get("/admin/budgets/allocation/").text
    )


def test_an_overdue_transfer_is_in_its_regions_digest_only(overdue):
    centralwest = regional_staff("somsri", "CENTRAL_WEST")
    centralwest.email = "somsri@codi.or.th"
    centralwest.save()
    northeast = regional_staff("somchai", "NORTHEAST")
    northeast.email = "somchai@codi.or.th"
    northeast.save()

    followup_digests_send(today=TODAY)

    to_region = [m for m in mail.outbox if "somsri@codi.or.th" in m.to]
    assert len(to_region) == 1
    body = to_region[0].body
    assert "รายงานผลการใช้จ่ายเกินกำหนด" in body
    assert "Spending reports overdue" in body
    assert "600,000.00 บาท" in body and "(143 วัน)" in body
    assert SECRET_REFERENCE not in body  # an e-mail leaves the registry: no finance reference
    assert not any("somchai@codi.or.th" in m.to for m in mail.outbox)


def test_a_reported_transfer_is_neither_overdue_nor_awaiting(central_client, overdue, central):
    services.money_row_save(
        row=SpendingReport(
            allocation=overdue.allocation, transfer=overdue, received_on=TODAY, amount=D("1.00")
        ),
        user=central,
    )
    page = central_client.get("/admin/budgets/transfer/awaiting-report/")
    assert SECRET_REFERENCE not in page.text
    assert "เงินที่โอนทุกรายการได้รับรายงานผลการใช้จ่ายแล้ว" in page.text


# Region scoping


def test_regional_staff_see_and_enter_only_their_regions_money(overdue, recipient):
    northeast = Client()
    northeast.force_login(regional_staff("somchai", "NORTHEAST"))
    centralwest = Client()
    centralwest.force_login(regional_staff("somsri", "CENTRAL_WEST"))

    assert SECRET_REFERENCE not in northeast.get("/admin/budgets/transfer/").text
    assert northeast.get(f"/admin/budgets/transfer/{overdue.pk}/change/").status_code == 403
    assert SECRET_REFERENCE not in northeast.get("/admin/budgets/transfer/awaiting-report/").text
    refused_post = northeast.post(
        "/admin/budgets/transfer/add/",
        {
            "allocation": str(overdue.allocation_id),
            "transferred_on": "01/10/2569",
            "amount": "1.00",
            "recipient": str(recipient.pk),
        },
    )
    assert refused_post.status_code == 200  # the allocation is not one it may choose
    assert Transfer.objects.count() == 1

    assert SECRET_REFERENCE in centralwest.get("/admin/budgets/transfer/").text
    assert centralwest.get(f"/admin/budgets/transfer/{overdue.pk}/change/").status_code == 200
    assert SECRET_REFERENCE in centralwest.get("/admin/budgets/transfer/awaiting-report/").text


# The public money trail


def test_the_public_sees_allocated_transferred_reported_and_returned(
    client, allocation, recipient, central
):
    the_must_show_money(allocation, recipient, central)
    flush_all()

    for url in (
        "/provinces/ratchaburi/",
        "/budgets/",
        "/budgets/?province=ratchaburi",
        "/regions/CENTRAL_WEST/",
    ):
        page = text_of(client, url)
        for figure in ("1,000,000.00", "600,000.00", "550,000.00", "50,000.00"):
            assert figure in page, (url, figure)
        assert "60%" in page  # the share transferred
        assert 'class="budget-chart money-chart"' in page

    for url in ("/budgets/export.csv", "/budgets/export.xlsx"):
        exported = text_of(client, url)
        for figure in ("1000000", "600000", "550000", "50000"):
            assert figure in exported, (url, figure)
    header = text_of(client, "/budgets/export.csv").splitlines()[0]
    assert header.endswith("โอนแล้ว (บาท),รายงานการใช้จ่ายแล้ว (บาท),คืนแล้ว (บาท)")

    summary = load_workbook(io.BytesIO(downloads.body(client.get("/budgets/summary.xlsx"))))
    trail = summary.worksheets[-1]
    assert [c.value for c in trail[2]] == [
        2566,
        "โครงการสวัสดิการชุมชน",
        1000000,
        600000,
        550000,
        50000,
    ]

    (row,) = client.get("/api/v1/allocations/").json()["results"]
    assert (row["amount"], row["transferred_amount"], row["reported_amount"]) == (
        "1000000.00",
        "600000.00",
        "550000.00",
    )
    assert row["returned_amount"] == "50000.00"


def test_the_partnership_board_shows_the_share_transferred(
    client, allocation, recipient, central, today_is
):
    today_is(datetime.date(2023, 4, 1))  # FY 2566 is the current one
    the_must_show_money(allocation, recipient, central)
    flush_all()

    assert "โอนแล้ว 60%" in client.get("/partnerships/").text


def test_public_pages_exports_and_api_never_show_finance_references_or_unpublished_money(
    client, allocation, recipient, central
):
    the_must_show_money(allocation, recipient, central)
    hidden = AllocationFactory(
        province=province("ratchaburi"), fiscal_year=2567, amount=D("777777.00"), is_published=False
    )
    services.money_row_save(
        row=Transfer(
            allocation=hidden,
            transferred_on=TODAY,
            amount=D("333333.00"),
            recipient=recipient,
            reference="FIN-HIDDEN-9",
        ),
        user=central,
    )
    flush_all()

    for url in PUBLIC_URLS:
        page = text_of(client, url)
        for secret in (SECRET_REFERENCE, "RET-SECRET-0043", "FIN-HIDDEN-9"):
            assert secret not in page, (url, secret)
        for unpublished in ("777,777.00", "777777", "333,333.00", "333333"):
            assert unpublished not in page, (url, unpublished)


def test_the_agreement_page_shows_its_money_from_allocation_to_report(client, recipient, central):
    from tests.factories import AgreementFactory

    agreement = AgreementFactory(province=province("ratchaburi"))
    allocation = AllocationFactory(
        province=province("ratchaburi"), amount=D("1000000.00"), agreement=agreement
    )
    the_must_show_money(allocation, recipient, central)

    page = client.get(agreement.get_absolute_url()).text
    for figure in ("1,000,000.00", "600,000.00", "550,000.00", "50,000.00"):
        assert figure in page
    assert SECRET_REFERENCE not in page


def test_without_transfers_the_pages_show_no_money_trail(client, allocation):
    flush_all()
    assert "money-chart" not in client.get("/provinces/ratchaburi/").text


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # The pages' own queries (tests/budgets/test_pages.py, tests/public/
        # test_region_and_province_pages.py; a province without agreements or proposals here):
        # the money trail comes in the budget pivot's query, none of its own.
        ("/budgets/", 5),
        ("/budgets/?province=ratchaburi", 7),
        ("/provinces/ratchaburi/", 6),
        ("/regions/CENTRAL_WEST/", 6),
        ("/partnerships/", 5),
    ],
)
def test_the_money_trail_costs_no_query_per_allocation_or_transfer(
    client, recipient, central, url, queries
):
    def add_rows():
        for year in range(2560, 2566):
            allocation = AllocationFactory(
                fiscal_year=year, province=province("ratchaburi"), amount=D("1000.00")
            )
            services.money_row_save(
                row=Transfer(
                    allocation=allocation,
                    transferred_on=TODAY,
                    amount=D("600.00"),
                    recipient=recipient,
                ),
                user=central,
            )

    add_rows()
    assert_constant_queries(client, url, add_rows, exactly=PUBLIC_OVERHEAD + queries)


# The import


TRANSFER_HEADERS = [
    "เลขที่เอกสารการเงิน",
    "วันที่โอน (พ.ศ.)",
    "จำนวนเงินที่โอน (บาท)",
    "ผู้รับเงิน",
    "จังหวัด",
    "ปีงบประมาณ",
    "โครงการ",
    "เลขที่ข้อตกลง",
]


def transfer_file(tmp_path, rows):
    return write_xlsx(tmp_path / "transfers.xlsx", TRANSFER_HEADERS, rows)


def test_the_finance_spreadsheet_imports_transfers_and_a_second_run_changes_nothing(
    allocation, recipient, tmp_path, central
):
    path = transfer_file(
        tmp_path,
        [
            ["FIN-1", "15/03/2566", "600,000.00", "", "ราชบุรี", 2566, "สวัสดิการชุมชน", ""],
            [
                "FIN-2",
                "15/06/2566",
                400000,
                recipient.name_th,
                "ราชบุรี",
                2566,
                "community-welfare",
                "",
            ],
        ],
    )
    preview = run("import_transfers", path, "--dry-run", "--user", "central")
    assert "แถว 2: ใหม่ (new) FIN-1" in preview
    assert not Transfer.objects.exists()

    run("import_transfers", path, "--user", "central")
    allocation.refresh_from_db()
    assert allocation.transferred_amount == D("1000000.00")
    assert set(Transfer.objects.values_list("recipient", flat=True)) == {recipient.pk}
    assert allocation.is_published

    again = run("import_transfers", path, "--user", "central")
    assert "ไม่เปลี่ยนแปลง" in again
    assert Transfer.objects.count() == 2


def test_an_over_transfer_row_is_refused_with_its_thai_reason_and_nothing_is_written(
    allocation, recipient, tmp_path, central
):
    path = transfer_file(
        tmp_path,
        [
            [
                "FIN-1",
                "15/03/2566",
                "600000",
                recipient.name_th,
                "",
                "",
                "",
                "",
            ],
            [
                "FIN-2",
                "15/06/2566",
                "600000",
                recipient.name_th,
                "ราชบุรี",
                2566,
                "community-welfare",
                "",
            ],
        ],
    )
    # The first row names the allocation by its number.
    book = load_workbook(path)
    sheet = book.active
    sheet.cell(row=1, column=9, value="เลขที่การจัดสรร")
    sheet.cell(row=2, column=9, value=allocation.pk)
    book.save(path)

    out = refused("import_transfers", path, "--user", "central")

    assert "แถว 2: ใหม่ (new) FIN-1" in out
    assert "แถว 3: ข้อผิดพลาด (error) FIN-2" in out
    assert "ยอดเงินโอนรวมจะเป็น 1,200,000.00 บาท เกินวงเงินที่จัดสรร 1,000,000.00 บาท" in out
    assert not Transfer.objects.exists()
    allocation.refresh_from_db()
    assert allocation.transferred_amount == 0


def test_the_admin_previews_the_transfer_import(central_client, allocation, recipient, tmp_path):
    path = transfer_file(
        tmp_path,
        [
            [
                "FIN-1",
                "15/03/2566",
                "600000",
                recipient.name_th,
                "ราชบุรี",
                2566,
                "community-welfare",
                "",
            ]
        ],
    )
    page = central_client.get("/admin/budgets/transfer/import/")
    assert page.status_code == 200
    template = central_client.get("/admin/budgets/transfer/import/template.xlsx")
    assert template.status_code == 200

    preview = upload(central_client, "/admin/budgets/transfer/import/", path, 0)

    assert preview.status_code == 200
    assert "FIN-1" in preview.text
    assert not Transfer.objects.exists()

    confirmed = central_client.post(
        "/admin/budgets/transfer/process_import/",
        preview.context["confirm_form"].initial,
        follow=True,
    )
    assert confirmed.status_code == 200
    allocation.refresh_from_db()
    assert allocation.transferred_amount == D("600000.00")
    assert Transfer.objects.get().history.latest().history_user.username == "central"


def test_the_evidence_of_a_spending_report_is_for_staff_of_its_region_only(
    central_client, allocation, recipient, central, media_in_tmp
):
    from django.core.files.base import ContentFile

    from tests.documents import pdf

    transfer = Transfer(
        allocation=allocation, transferred_on=TODAY, amount=D("10.00"), recipient=recipient
    )
    services.money_row_save(row=transfer, user=central)
    report = SpendingReport(
        allocation=allocation, transfer=transfer, received_on=TODAY, amount=D("10.00")
    )
    report.evidence.save("receipts.pdf", ContentFile(pdf()), save=False)
    services.money_row_save(row=report, user=central)
    url = f"/admin/budgets/spendingreport/{report.pk}/evidence/"

    assert central_client.get(url).status_code == 200
    northeast = Client()
    northeast.force_login(regional_staff("somchai", "NORTHEAST"))
    assert northeast.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page


def test_the_database_written_csv_carries_the_same_money_as_the_python_written_one(
    client, allocation, recipient, central, monkeypatch
):
    """On PostgreSQL COPY writes the allocations CSV (reports/copy.py): its money columns are
    the Python path's."""
    from django.db import connection

    from reports import copy

    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's; .ci/run runs the suite on PostgreSQL too")
    the_must_show_money(allocation, recipient, central)
    copied = text_of(client, "/budgets/export.csv")
    monkeypatch.setattr(copy, "can_copy", lambda report: False)
    written = text_of(client, "/budgets/export.csv")
    assert copied == written
    assert copied.splitlines()[1].endswith(",600000.00,550000.00,50000.00")
