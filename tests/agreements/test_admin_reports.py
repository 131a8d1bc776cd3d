import csv
import datetime
import io

import pytest

from tests.factories import TODAY, AgreementFactory, AgreementPartyFactory, province

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]

LIST_URL = "/admin/agreements/agreement/"


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))


def ending(days, **fields):
    return AgreementFactory(
        starts_on=TODAY - datetime.timedelta(days=400),
        ends_on=TODAY + datetime.timedelta(days=days),
        **fields,
    )


def test_staff_export_selected_agreements_including_unpublished_ones(admin_client):
    published = AgreementFactory(title_th="เผยแพร่แล้ว")
    draft = AgreementFactory(title_th="ร่างภายใน", is_published=False)
    response = admin_client.post(
        LIST_URL,
        {"action": "export_csv", "_selected_action": [published.pk, draft.pk]},
    )
    titles = {row[1] for row in csv_rows(response)[1:]}
    assert titles == {"เผยแพร่แล้ว", "ร่างภายใน"}


def test_staff_export_selected_agreements_as_excel(admin_client):
    agreement = AgreementFactory()
    response = admin_client.post(
        LIST_URL, {"action": "export_xlsx", "_selected_action": [agreement.pk]}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_expiring_report_groups_by_region_and_includes_recently_expired(admin_client):
    AgreementPartyFactory(
        agreement=ending(30, title_th="ใกล้หมดอายุมุกดาหาร", province=province("mukdahan"))
    )
    ending(-10, title_th="เพิ่งหมดอายุราชบุรี", province=province("ratchaburi"))
    ending(200, title_th="ยังอีกนาน")
    AgreementFactory(term_mode="open", ends_on=None, title_th="ไม่กำหนดระยะเวลา")
    response = admin_client.get(LIST_URL + "expiring/", {"days": "90"})
    assert response.status_code == 200
    text = response.text
    assert "ใกล้หมดอายุมุกดาหาร" in text and "เพิ่งหมดอายุราชบุรี" in text
    assert "ยังอีกนาน" not in text and "ไม่กำหนดระยะเวลา" not in text
    assert text.index("สำนักงานภาคตะวันออกเฉียงเหนือ") < text.index("สำนักงานภาคกลางและตะวันตก")

    rows = csv_rows(admin_client.get(LIST_URL + "expiring/export.csv", {"days": "90"}))
    assert [(row[3], row[6]) for row in rows[1:]] == [
        ("ใกล้หมดอายุมุกดาหาร", "30"),
        ("เพิ่งหมดอายุราชบุรี", "-10"),
    ]


def test_the_expiring_report_is_for_staff_only(client):
    response = client.get(LIST_URL + "expiring/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("days", ["abc", "-5", "999999"])
def test_odd_day_counts_do_not_break_the_expiring_report(admin_client, days):
    assert admin_client.get(LIST_URL + "expiring/", {"days": days}).status_code == 200
