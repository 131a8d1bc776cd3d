"""A CSV's dates are ones no spreadsheet can misread: ISO, and the Buddhist Era in words.

LibreOffice (Thai and English locales alike) reads 23/5/2567 as a date of the Common Era year
2567, and in a Thai locale 23 พ.ค. 2567 too. ISO dates are read right everywhere; with the era
written out, 23 พฤษภาคม พ.ศ. 2567 is text to every spreadsheet.
"""

import csv
import datetime
import io
import re

import pytest

from agreements.models import Agreement
from tests import downloads
from tests.factories import ActivityFactory, AgreementFactory
from thai.calendar import THAI_MONTHS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# What a spreadsheet takes for a date: 23/5/2567, 23.05.2567, 23-5-2567.
NUMERIC_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
BE_IN_WORDS = re.compile(rf"\d{{1,2}} ({'|'.join(THAI_MONTHS)}) พ\.ศ\. 25\d\d")
SIGNED = datetime.date(2024, 5, 23)


def dates_of(response) -> list:
    """(ISO cell, BE cell) of every date column of a CSV download, row by row; a date column
    is one whose next column is its BE twin ("... (พ.ศ.)", "... (BE)" or "..._be")."""
    body = downloads.body(response).decode("utf-8").removeprefix("\ufeff")
    header, *rows = csv.reader(io.StringIO(body))
    twins = [
        index
        for index, (name, following) in enumerate(zip(header, header[1:], strict=False))
        if following in (f"{name} (พ.ศ.)", f"{name} (BE)", f"{name}_be")
    ]
    assert twins, header
    for row in rows:
        assert [cell for cell in row if NUMERIC_DATE.fullmatch(cell)] == [], row
    return [(row[index], row[index + 1]) for row in rows for index in twins]


def assert_iso_with_be_in_words(pairs):
    filled = [(iso, be) for iso, be in pairs if iso]
    assert filled, "no dates to check"
    for iso, be in filled:
        assert ISO_DATE.fullmatch(iso), iso
        assert BE_IN_WORDS.fullmatch(be), be
    assert all(be == "" for iso, be in pairs if not iso)


@pytest.mark.parametrize("language", ["", "/en"])
def test_the_agreement_csv_gives_iso_dates_and_the_buddhist_era_in_words(client, language):
    AgreementFactory(signed_on=SIGNED, term_mode=Agreement.TermMode.OPEN, ends_on=None)
    pairs = dates_of(client.get(f"{language}/agreements/export.csv"))
    assert_iso_with_be_in_words(pairs)
    assert ("2024-05-23", "23 พฤษภาคม พ.ศ. 2567") in pairs


def test_the_partnership_csv_gives_iso_dates_and_the_buddhist_era_in_words(client):
    ActivityFactory(agreement=AgreementFactory(signed_on=SIGNED), starts_on=SIGNED)
    assert_iso_with_be_in_words(dates_of(client.get("/partnerships/export.csv")))


def test_the_csv_of_expiring_agreements_gives_iso_dates_and_the_buddhist_era_in_words(
    admin_client, pinned_today
):
    AgreementFactory(
        signed_on=pinned_today - datetime.timedelta(days=300),
        ends_on=pinned_today + datetime.timedelta(days=30),
    )
    response = admin_client.get("/admin/agreements/agreement/expiring/export.csv?days=90")
    assert_iso_with_be_in_words(dates_of(response))
