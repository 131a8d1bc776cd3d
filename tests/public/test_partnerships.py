"""The national partnership dashboard (/partnerships/) and its CSV/XLSX export, against
hand-counted figures; then what the demo data must show.

TODAY (21 November 2026) is in fiscal year 2570, so the budget columns are FY 2570 and 2569.
"""

import csv
import datetime
import html
import io
import re
from decimal import Decimal
from urllib.parse import urljoin

import pytest
from django.conf import settings
from openpyxl import load_workbook

from agreements.models import Activity, Agreement, AgreementParty
from geography.models import Province, Region
from partners.models import Organisation
from reports.renderers import csv_be_date
from tests import downloads
from tests.factories import (
    TODAY,
    ActivityFactory,
    AgreementFactory,
    AgreementPartyFactory,
    AllocationFactory,
    OrganisationFactory,
    ProgressUpdateFactory,
    ProvinceWorkingModeFactory,
    ResponsibilityFactory,
    ScopeClauseFactory,
    province,
)
from tests.queries import PUBLIC_OVERHEAD, count_queries
from thai import text as thai_text
from tracking.models import ProgressUpdate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]

D = datetime.date
K = Organisation.Kind
P = ProgressUpdate.Status
CSV = "/partnerships/export.csv"
XLSX = "/partnerships/export.xlsx"
PAGE = "/partnerships/"

HEADER = [
    "province_code",
    "province_slug",
    "province_name_th",
    "province_name_en",
    "region_code",
    "status",
    "agreements_published",
    "agreements_in_force",
    "partners_in_force",
    "partners_community",
    "partners_government",
    "partners_academic",
    "partners_other",
    "last_followup",
    "followups_recent",
    "commitments_done",
    "commitments_tracked",
    "budget_fy2570",
    "budget_fy2569",
    "province_mode",
    "proposals_submitted",
    "proposals_adopted",
    "proposals_funded",
    "district_councils",
]
# The same columns as the Thai edition names them (the English edition names them by code);
# the follow-ups' column names the threshold's months.
THAI_HEADER = [
    "รหัสจังหวัด",
    "จังหวัด (ในที่อยู่เว็บไซต์)",
    "จังหวัด (ภาษาไทย)",
    "จังหวัด (ภาษาอังกฤษ)",
    "รหัสภาค",
    "สถานะความร่วมมือ",
    "ข้อตกลงที่เผยแพร่แล้ว",
    "ข้อตกลงที่มีผลบังคับใช้",
    "ภาคีในข้อตกลงที่มีผลบังคับใช้",
    "ภาคี: องค์กรชุมชน",
    "ภาคี: หน่วยงานรัฐและท้องถิ่น",
    "ภาคี: มหาวิทยาลัยและสถานศึกษา",
    "ภาคี: มูลนิธิ บริษัท และอื่น ๆ",
    "ติดตามผลล่าสุด",
    "ติดตามผลใน {months} เดือน",
    "พันธกิจที่ทำแล้ว",
    "พันธกิจที่ติดตาม",
    "งบประมาณ ปีงบ 2570",
    "งบประมาณ ปีงบ 2569",
    "รูปแบบการทำงาน",
    "ข้อเสนอที่ยื่นแล้ว",
    "ข้อเสนอที่บรรจุในแผนแล้ว",
    "ข้อเสนอที่ได้รับงบประมาณ",
    "สภาองค์กรชุมชนระดับอำเภอ",
]
# The figures of a CSV row, from `status` on.
FIGURES = HEADER[HEADER.index("status") :]
NOTHING = "none,0,0,0,0,0,0,0,,0,0,0,0.00,0.00,,0,0,0,0".split(",")


# The CSV gives the follow-up date twice: ISO, then Buddhist Era beside it.
FOLLOWUP = HEADER.index("last_followup")
CSV_HEADER = [*HEADER[: FOLLOWUP + 1], "last_followup_be", *HEADER[FOLLOWUP + 1 :]]
THAI_CSV_HEADER = [
    *THAI_HEADER[: FOLLOWUP + 1],
    "ติดตามผลล่าสุด (พ.ศ.)",
    *THAI_HEADER[FOLLOWUP + 1 :],
]


def in_thai(header):
    """The Thai `header` with the months of the follow-up threshold as set now."""
    return [name.format(months=settings.PARTNERSHIP_FOLLOWUP_MONTHS) for name in header]


# The Thai edition gives the status and the way of working as Thai labels, the English one
# as codes.
THAI_LABELS = {
    "status": {
        "ยังไม่มีข้อตกลง": "none",
        "ลงนามแล้ว รอการติดตาม": "signed",
        "ดำเนินการต่อเนื่อง": "working",
        "ขาดการติดตาม": "stalled",
        "ข้อตกลงสิ้นสุดแล้ว": "lapsed",
    },
    "province_mode": {"จังหวัดจัดการตนเอง": "self_governing", "จังหวัดบูรณาการ": "integrated", "": ""},
}


def as_codes(row):
    """A Thai edition's row with its labels back as the codes, to compare with the figures
    (a code where a Thai label belongs fails)."""
    for name, labels in THAI_LABELS.items():
        row[HEADER.index(name)] = labels[row[HEADER.index(name)]]
    return row


def csv_rows(response):
    """The data rows of a CSV download, once its header and its BE dates are checked, without
    the BE column and with the codes of the Thai edition's labels (so that they compare with
    HEADER and the XLSX)."""
    assert response.status_code == 200
    body = downloads.body(response).decode("utf-8")
    assert body.startswith("\ufeff")
    header, *rows = csv.reader(io.StringIO(body[1:]))
    assert header in (CSV_HEADER, in_thai(THAI_CSV_HEADER))  # the English edition, or the Thai one
    for row in rows:
        iso, be = row[FOLLOWUP], row.pop(FOLLOWUP + 1)
        assert be == (csv_be_date(D.fromisoformat(iso)) if iso else "")
    return rows if header == CSV_HEADER else [as_codes(row) for row in rows]


def csv_by_slug(response):
    return {row[1]: row for row in csv_rows(response)}


def figures(row):
    return row[HEADER.index("status") :]


def slugs(rows):
    return [row[1] for row in rows]


def xlsx_rows(response):
    """The XLSX's rows as the CSV writes them, to compare the two."""
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(downloads.body(response))).worksheets[0]
    header, *rows = sheet.iter_rows(values_only=True)
    assert list(header) in (HEADER, in_thai(THAI_HEADER))
    rows = [
        [as_csv_text(name, value) for name, value in zip(HEADER, row, strict=True)] for row in rows
    ]
    return rows if list(header) == HEADER else [as_codes(row) for row in rows]


def as_csv_text(column, value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if column.startswith("budget_"):
        return f"{value:.2f}"  # a spreadsheet reads 0.00 back as the number 0
    return str(value)


def page_row_slugs(text):
    """The provinces of the dashboard table, in its order."""
    return re.findall(r'<th scope="row"><a href="/(?:en/)?provinces/([\w-]+)/">', text)


def page_row_status(text, slug):
    match = re.search(
        rf'<tr class="row-(\w+)">\s*<th scope="row"><a href="/provinces/{slug}/">', text
    )
    assert match, f"no table row for {slug}"
    return match.group(1)


def link(text, base, pattern):
    """The address of the one link `pattern` finds in the page at `base`."""
    (href,) = re.findall(pattern, text)
    return urljoin(base, html.unescape(href))


def map_status(text, slug):
    match = re.search(rf'<a href="/provinces/{slug}/" class="province partnership-(\w+)"', text)
    assert match, f"no map link for {slug}"
    return match.group(1)


# Hand-counted figures ---------------------------------------------------------------------


def party(agreement, kind, role=AgreementParty.Role.PARTY, organisation=None):
    organisation = organisation or OrganisationFactory(kind=kind, province=agreement.province)
    AgreementPartyFactory(agreement=agreement, organisation=organisation, role=role)
    return organisation


def in_force(slug, signed_on, **fields):
    return AgreementFactory(
        province=province(slug),
        signed_on=signed_on,
        starts_on=signed_on,
        ends_on=D(2029, 12, 31),
        **fields,
    )


def ended(slug):
    return AgreementFactory(
        province=province(slug),
        signed_on=D(2019, 6, 12),
        starts_on=D(2019, 6, 12),
        ends_on=D(2022, 5, 31),
    )


def progress(clause=None, duty=None, status=P.DONE):
    ProgressUpdateFactory(
        clause=clause, responsibility=duty, status=status, recorded_on=D(2026, 6, 1)
    )


@pytest.fixture
def counted():
    """Four provinces whose figures are counted by hand in EXPECTED; the other 73 have nothing."""
    mukdahan = province("mukdahan")

    # Mukdahan: working.
    first = in_force("mukdahan", D(2026, 3, 1))
    party(first, K.CODI_OFFICE)  # CODI is no partner of CODI
    network = party(first, K.COMMUNITY_NETWORK)
    party(first, K.UNIVERSITY)
    party(first, K.PROVINCIAL_OFFICE)
    party(first, K.FOUNDATION, role=AgreementParty.Role.WITNESS)  # a witness is no partner
    AgreementPartyFactory(agreement=first, organisation=None, role=AgreementParty.Role.PRESIDING)
    progress(clause=ScopeClauseFactory(agreement=first), status=P.DONE)
    progress(clause=ScopeClauseFactory(agreement=first), status=P.IN_PROGRESS)
    ScopeClauseFactory(agreement=first)  # not tracked
    duty = ResponsibilityFactory(party=first.parties.get(organisation=network))
    progress(duty=duty, status=P.DONE)
    ActivityFactory(agreement=first, starts_on=D(2026, 10, 1))
    ActivityFactory(
        agreement=first,
        kind=Activity.Kind.BUDGET_HANDOVER,
        starts_on=D(2026, 10, 15),
        amount_handed_over=Decimal("50000.00"),
    )
    ActivityFactory(agreement=first, starts_on=D(2026, 11, 1), is_published=False)
    second = in_force("mukdahan", D(2024, 1, 15))
    party(second, None, organisation=network)  # the same partner again, counted once
    party(second, K.COMPANY)
    old = ended("mukdahan")
    party(old, K.UNIVERSITY)  # ended: not a partner in force
    progress(clause=ScopeClauseFactory(agreement=old), status=P.DONE)  # still counted
    AllocationFactory(province=mukdahan, agreement=first, fiscal_year=2570, amount="100000.00")
    AllocationFactory(province=mukdahan, fiscal_year=2570, amount="25000.50")
    AllocationFactory(province=mukdahan, fiscal_year=2569, amount="60000.00")
    AllocationFactory(province=mukdahan, fiscal_year=2568, amount="999.00")  # neither year
    draft = in_force("mukdahan", D(2026, 9, 1), is_published=False)
    party(draft, K.COMPANY)
    progress(clause=ScopeClauseFactory(agreement=draft), status=P.DONE)
    ActivityFactory(agreement=draft, starts_on=TODAY)
    AllocationFactory(province=mukdahan, agreement=draft, fiscal_year=2570, amount="777.77")

    # Chiang Mai: signed last month, no follow-up yet.
    signed = in_force("chiang-mai", D(2026, 10, 1))
    party(signed, K.CODI_OFFICE)
    party(signed, K.LOCAL_GOVERNMENT, role=AgreementParty.Role.WITNESS)
    AllocationFactory(province=province("chiang-mai"), fiscal_year=2570, amount="200000.00")

    # Nakhon Ratchasima: in force, last followed up in June 2025.
    korat = in_force("nakhon-ratchasima", D(2024, 5, 23))
    party(korat, K.FARMERS_COUNCIL)
    party(korat, K.DISTRICT_OFFICE)
    progress(clause=ScopeClauseFactory(agreement=korat), status=P.IN_PROGRESS)
    ActivityFactory(agreement=korat, starts_on=D(2025, 6, 1))
    AllocationFactory(province=province("nakhon-ratchasima"), fiscal_year=2569, amount="30000.00")

    # Kanchanaburi: its agreement ended; a follow-up since does not revive it.
    kanchanaburi = ended("kanchanaburi")
    council = party(kanchanaburi, K.COMMUNITY_COUNCIL)
    dropped = ResponsibilityFactory(party=kanchanaburi.parties.get(organisation=council))
    progress(duty=dropped, status=P.DROPPED)
    ActivityFactory(agreement=kanchanaburi, starts_on=D(2026, 1, 10))
    AllocationFactory(province=province("kanchanaburi"), fiscal_year=2569, amount="10000.00")


# The CSV's figures of each counted province, from `status` on (see FIGURES): status;
# agreements published, in force; partners in force: all, community, government, academic,
# other; last follow-up; follow-ups within 12 months; commitments done, tracked; budgets of
# FY 2570 and 2569; no way of working, proposal or district council recorded
# (tests/public/test_partnership_proposals.py counts those).
EXPECTED = {
    "mukdahan": "working,3,2,4,1,1,1,1,2026-10-15,2,3,4,125000.50,60000.00,,0,0,0,0".split(","),
    "chiang-mai": "signed,1,1,0,0,0,0,0,,0,0,0,200000.00,0.00,,0,0,0,0".split(","),
    "nakhon-ratchasima": "stalled,1,1,2,1,1,0,0,2025-06-01,0,0,1,0.00,30000.00,,0,0,0,0".split(","),
    "kanchanaburi": "lapsed,1,0,0,0,0,0,0,2026-01-10,1,0,1,0.00,10000.00,,0,0,0,0".split(","),
}


@pytest.mark.usefixtures("counted")
class TestHandCountedFigures:
    def test_the_csv_has_a_row_per_province_with_the_counted_figures(self, client):
        rows = csv_by_slug(client.get(CSV))
        assert len(rows) == 77 == Province.objects.count()
        for slug, expected in EXPECTED.items():
            assert dict(zip(FIGURES, figures(rows[slug]), strict=True)) == dict(
                zip(FIGURES, expected, strict=True)
            ), slug
        for slug, row in rows.items():
            if slug not in EXPECTED:
                assert figures(row) == NOTHING, slug

    def test_the_csv_names_each_province_and_its_region(self, client):
        rows = csv_by_slug(client.get(CSV))
        assert rows["mukdahan"][:5] == ["49", "mukdahan", "มุกดาหาร", "Mukdahan", "NORTHEAST"]
        assert rows["chiang-mai"][:5] == ["50", "chiang-mai", "เชียงใหม่", "Chiang Mai", "NORTH"]
        assert {row[0] for row in rows.values()} == set(
            Province.objects.values_list("code", flat=True)
        )

    def test_the_xlsx_has_the_same_rows_as_the_csv(self, client):
        rows = xlsx_rows(client.get(XLSX))
        assert len(rows) == 77
        assert rows == csv_rows(client.get(CSV))

    def test_the_xlsx_keeps_numbers_as_numbers_and_codes_as_text(self, client):
        book = load_workbook(io.BytesIO(downloads.body(client.get(XLSX))))
        sheet = book.worksheets[0]
        mukdahan = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "mukdahan")
        by_name = dict(zip(HEADER, mukdahan, strict=True))
        assert by_name["province_code"].value == "49"
        assert by_name["agreements_in_force"].value == 2
        assert by_name["budget_fy2570"].value == 125000.5
        assert by_name["budget_fy2570"].number_format == "#,##0.00"
        assert by_name["last_followup"].value.date() == D(2026, 10, 15)  # a date cell

    @pytest.mark.parametrize("url", [CSV, XLSX])
    def test_the_thai_edition_gives_thai_labels_and_the_english_one_codes(self, client, url):
        def status_and_mode(rows):
            row = next(row for row in rows if row[1] == "mukdahan")
            return row[HEADER.index("status")], row[HEADER.index("province_mode")]

        ProvinceWorkingModeFactory(province=province("mukdahan"))
        read = csv_rows if url == CSV else xlsx_rows

        thai = read(client.get(url))  # labels already back to codes: each was a Thai label
        english = read(client.get(f"/en{url}"))

        assert status_and_mode(thai) == status_and_mode(english) == ("working", "self_governing")

    def test_the_page_shows_each_status_count_and_region_figures(self, client):
        text = client.get(PAGE).text
        for code, count in [
            ("working", 1),
            ("signed", 1),
            ("stalled", 1),
            ("lapsed", 1),
            ("none", 73),
        ]:
            assert (
                f'<span class="figure">{count}</span> <span class="partnership partnership-{code}">'
                in text
            )
        assert "125,000.50" in text  # the Northeast's FY 2570
        assert "200,000.00" in text  # the North's
        assert "777.77" not in text
        for slug, expected in EXPECTED.items():
            assert page_row_status(text, slug) == expected[0]
            assert map_status(text, slug) == expected[0]

    def test_the_page_row_shows_the_counted_figures(self, client):
        text = client.get(PAGE).text
        row = re.search(r'<tr class="row-working">.*?</tr>', text, re.S).group(0)
        assert 'href="/agreements/?province=mukdahan&amp;status=in_force">2</a>' in row
        assert '<time datetime="2026-10-15">' in row
        assert ">3 / 4<" in row
        assert "125,000.50" in row and "60,000.00" in row

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("region=NORTHEAST", None),  # its 20 provinces, checked below
            ("status=working", ["mukdahan"]),
            ("status=lapsed", ["kanchanaburi"]),
            ("region=NORTHEAST&status=stalled", ["nakhon-ratchasima"]),
            ("region=NORTH&status=stalled", []),
            ("status=signed&sort=zz", ["chiang-mai"]),  # a bad sort drops only itself
        ],
    )
    def test_filters_choose_the_rows_of_csv_xlsx_and_page(self, client, query, expected):
        rows = csv_rows(client.get(f"{CSV}?{query}"))
        assert xlsx_rows(client.get(f"{XLSX}?{query}")) == rows
        if expected is None:
            assert len(rows) == 20
            assert {row[4] for row in rows} == {"NORTHEAST"}
            assert {"mukdahan", "nakhon-ratchasima"} <= set(slugs(rows))
        else:
            assert slugs(rows) == expected
        response = client.get(f"{PAGE}?{query}")
        assert response.status_code == 200
        assert page_row_slugs(response.text) == slugs(rows)

    def test_the_none_filter_lists_the_other_73(self, client):
        rows = csv_rows(client.get(f"{CSV}?status=none"))
        assert len(rows) == 73
        assert not set(slugs(rows)) & set(EXPECTED)

    @pytest.mark.parametrize(
        ("sort", "first"),
        [
            ("status", ["mukdahan", "chiang-mai", "nakhon-ratchasima", "kanchanaburi"]),
            ("-budget_current", ["chiang-mai", "mukdahan"]),
            ("-budget_previous", ["mukdahan", "nakhon-ratchasima", "kanchanaburi"]),
            ("-last_followup", ["mukdahan", "kanchanaburi", "nakhon-ratchasima"]),
            ("-partners", ["mukdahan", "nakhon-ratchasima"]),
            ("-in_force", ["mukdahan", "chiang-mai", "nakhon-ratchasima"]),
            ("-followups", ["mukdahan", "kanchanaburi"]),
            ("-commitments", ["mukdahan", "nakhon-ratchasima", "kanchanaburi"]),
        ],
    )
    def test_sorting_puts_the_leading_provinces_first(self, client, sort, first):
        rows = csv_rows(client.get(f"{CSV}?sort={sort}"))
        assert len(rows) == 77
        assert slugs(rows)[: len(first)] == first
        # The rest keep the regional order of the unsorted table.
        regional = [slug for slug in slugs(csv_rows(client.get(CSV))) if slug not in first]
        assert slugs(rows)[len(first) :] == regional
        assert page_row_slugs(client.get(f"{PAGE}?sort={sort}").text) == slugs(rows)

    def test_sorting_again_reverses_the_order(self, client):
        ascending = slugs(csv_rows(client.get(f"{CSV}?sort=status")))
        descending = slugs(csv_rows(client.get(f"{CSV}?sort=-status")))
        assert descending[-4:] == ["kanchanaburi", "nakhon-ratchasima", "chiang-mai", "mukdahan"]
        assert ascending[:4] == descending[-4:][::-1]

    def test_sorting_by_province_follows_the_thai_names(self, client):
        rows = csv_rows(client.get(f"{CSV}?sort=province"))
        names = [row[2] for row in rows]
        assert names == sorted(names, key=thai_text.sort_key)
        # As a Thai dictionary orders them: a leading vowel sorts after its consonant.
        assert names.index("ชลบุรี") < names.index("เชียงใหม่") < names.index("ตรัง")
        assert names != [row[2] for row in csv_rows(client.get(CSV))]  # not the regional order

    def test_the_english_edition_orders_provinces_by_their_english_names(self, client):
        rows = csv_rows(client.get(f"/en{CSV}?sort=province"))
        names = [row[3] for row in rows]
        assert names == sorted(names)
        assert names[0] == "Amnat Charoen"

    def test_a_column_heading_sorts_by_it_and_then_reverses(self, client):
        page = f"/en{PAGE}?region=NORTHEAST"  # English headings
        status = link(
            client.get(page).text, page, r'<th scope="col"[^>]*>\s*<a href="([^"]*)">Partnership<'
        )
        text = client.get(status).text
        assert page_row_slugs(text)[:2] == ["mukdahan", "nakhon-ratchasima"]
        assert len(page_row_slugs(text)) == 20  # the region is kept
        assert re.search(
            r'<th scope="col" aria-sort="ascending">\s*<a href="[^"]*">Partnership</a> ▲', text
        )
        reverse = link(text, status, r'<th scope="col"[^>]*>\s*<a href="([^"]*)">Partnership<')
        text = client.get(reverse).text
        assert page_row_slugs(text)[-2:] == ["nakhon-ratchasima", "mukdahan"]
        assert 'aria-sort="descending"' in text

    def test_the_status_and_region_links_filter_the_page(self, client):
        text = client.get(PAGE).text
        stalled = link(
            text,
            PAGE,
            r'<a href="([^"]*)"><span class="figure">\d+</span> <span class="partnership partnership-stalled">',
        )
        assert page_row_slugs(client.get(stalled).text) == ["nakhon-ratchasima"]
        north = link(text, PAGE, r'<h3><a href="([^"]*)">สำนักงานภาคเหนือ</a></h3>')
        north_page = client.get(north).text
        assert len(page_row_slugs(north_page)) == 17
        assert "chiang-mai" in page_row_slugs(north_page)

    def test_the_download_links_keep_the_filters_and_order(self, client):
        page = f"{PAGE}?region=NORTHEAST&sort=-partners"
        text = client.get(page).text
        for pattern, read in [
            (r'<a href="([^"]*)" download>CSV</a>', csv_rows),
            (r'<a href="([^"]*)" download>Excel</a>', xlsx_rows),
        ]:
            rows = read(client.get(link(text, page, pattern)))
            assert len(rows) == 20
            assert slugs(rows)[:2] == ["mukdahan", "nakhon-ratchasima"]
        assert link(client.get(PAGE).text, PAGE, r'<a href="([^"]*)" download>CSV</a>') == CSV

    @pytest.mark.parametrize(
        "query",
        [
            "region=ATLANTIS",
            "status=nope",
            "sort=zz",
            "sort=-",
            "region=ATLANTIS&status=nope&sort=zz",
        ],
    )
    def test_invalid_values_are_ignored_and_everything_is_shown(self, client, query):
        rows = csv_rows(client.get(f"{CSV}?{query}"))
        assert len(rows) == (20 if "NORTHEAST" in query else 77)
        assert xlsx_rows(client.get(f"{XLSX}?{query}")) == rows
        for page in (PAGE, "/en/partnerships/"):
            response = client.get(f"{page}?{query}")
            assert response.status_code == 200, page
            assert len(page_row_slugs(response.text)) == len(rows)


def test_the_exports_cost_the_same_queries_with_more_rows(client):
    # provinces; their stored figures (of the provinces just read); budgets of two fiscal
    # years; their stored proposal figures
    expected = PUBLIC_OVERHEAD + 4
    for url in (CSV, XLSX, f"{CSV}?sort=-budget_current&status=stalled"):
        assert count_queries(client, url) == expected, url
    for _ in range(5):
        agreement = in_force("mukdahan", D(2025, 1, 1))
        party(agreement, K.UNIVERSITY)
        progress(clause=ScopeClauseFactory(agreement=agreement))
        ActivityFactory(agreement=agreement)
        AllocationFactory(province=agreement.province, agreement=agreement, fiscal_year=2570)
    for url in (CSV, XLSX, f"{CSV}?sort=-budget_current&status=stalled"):
        assert count_queries(client, url) == expected, url
    # ... and the chosen region
    assert count_queries(client, f"{CSV}?region=NORTHEAST") == expected + 1


def test_a_name_without_english_is_marked_thai_on_the_english_page(client):
    # The table, the region cards and the ranking write names in Python: each keeps the
    # lang attribute that the template's |lang gave a Thai fallback.
    Province.objects.filter(slug="mukdahan").update(name_en="")
    Region.objects.filter(code="NORTHEAST").update(name_en="")
    text = client.get("/en/partnerships/").text
    assert '<a href="/en/provinces/mukdahan/"><span lang="th">มุกดาหาร</span></a>' in text
    assert (
        '<a href="/en/regions/NORTHEAST/"><span lang="th">สำนักงานภาคตะวันออกเฉียงเหนือ</span>' in text
    )
    assert '<a href="?region=NORTHEAST"><span lang="th">สำนักงานภาคตะวันออกเฉียงเหนือ</span>' in text
    assert 'aria-label="มุกดาหาร: no agreement"' in text  # an attribute takes no markup
    ranking = client.get("/en/partnerships/?sort=province").text
    assert (
        '<span lang="th">มุกดาหาร</span></a><small>'
        '<span lang="th">สำนักงานภาคตะวันออกเฉียงเหนือ</span></small>'
    ) in ranking
    assert "lang=" not in re.search(r"<tbody>.*?</tr>", client.get(PAGE).text, re.S).group(0)


def test_names_are_escaped_in_the_table_and_the_map(client):
    Province.objects.filter(slug="mukdahan").update(name_th="มุกดาหาร <b>&")
    text = client.get(PAGE).text
    assert ">มุกดาหาร &lt;b&gt;&amp;</a>" in text
    assert 'aria-label="มุกดาหาร &lt;b&gt;&amp;: ' in text
    assert "<b>&" not in text


class TestTheThresholdSetting:
    @pytest.fixture(autouse=True)
    def six_months(self, settings):
        settings.PARTNERSHIP_FOLLOWUP_MONTHS = 6

    def test_the_dashboard_counts_and_names_six_months(self, client):
        agreement = in_force("mukdahan", D(2024, 1, 15))
        ActivityFactory(agreement=agreement, starts_on=D(2026, 5, 20))  # a day too early
        rows = csv_by_slug(client.get(CSV))
        assert rows["mukdahan"][HEADER.index("status")] == "stalled"
        assert rows["mukdahan"][HEADER.index("followups_recent")] == "0"
        text = client.get("/en/partnerships/").text
        assert "in the last 6 months" in text
        assert ">Follow-ups, last 6 months</a>" in text
        assert "12 months" not in text

    def test_the_province_page_names_six_months(self, client):
        in_force("mukdahan", D(2024, 1, 15))
        text = client.get("/en/provinces/mukdahan/").text
        assert "follow-ups in the last 6 months" in text
        assert "12 months" not in text


def test_unpublished_agreements_and_followups_stay_off_the_dashboard_and_province_page(client):
    agreement = in_force("mukdahan", D(2024, 1, 15))
    ScopeClauseFactory(agreement=agreement, text_th="ข้อที่เผยแพร่แล้ว")
    ActivityFactory(
        agreement=agreement, starts_on=TODAY, title_th="กิจกรรมยังไม่เผยแพร่", is_published=False
    )
    before = csv_by_slug(client.get(CSV))["mukdahan"]
    assert figures(before)[:3] == ["stalled", "1", "1"]

    draft = in_force("mukdahan", D(2026, 9, 1), is_published=False)
    clause = ScopeClauseFactory(agreement=draft, text_th="ขอบเขตของร่างข้อตกลง")
    ProgressUpdateFactory(clause=clause, status=P.DONE, note_th="บันทึกความคืบหน้าของร่าง")
    partner = party(draft, K.UNIVERSITY)
    ResponsibilityFactory(party=draft.parties.get(organisation=partner), text_th="หน้าที่ในร่างข้อตกลง")
    ActivityFactory(
        agreement=draft,
        kind=Activity.Kind.BUDGET_HANDOVER,
        starts_on=TODAY,
        title_th="มอบงบประมาณตามร่าง",
        amount_handed_over=Decimal("424242.00"),
    )
    AllocationFactory(
        province=province("mukdahan"), agreement=draft, fiscal_year=2570, amount="313131.00"
    )

    assert csv_by_slug(client.get(CSV))["mukdahan"] == before
    assert {row[1]: row for row in xlsx_rows(client.get(XLSX))}["mukdahan"] == before
    secrets = [
        "ขอบเขตของร่างข้อตกลง",
        "บันทึกความคืบหน้าของร่าง",
        "หน้าที่ในร่างข้อตกลง",
        "มอบงบประมาณตามร่าง",
        "424,242.00",
        "313,131.00",
        "กิจกรรมยังไม่เผยแพร่",
        draft.title_th,
        partner.name_th,
    ]
    assert page_row_status(client.get(PAGE).text, "mukdahan") == "stalled"
    for url in (PAGE, "/en/partnerships/", "/provinces/mukdahan/", "/en/provinces/mukdahan/"):
        text = client.get(url).text
        for secret in secrets:
            assert secret not in text, (url, secret)
    province_page = client.get("/provinces/mukdahan/").text
    assert "ข้อที่เผยแพร่แล้ว" in province_page  # the published agreement's commitments show
    assert '<span class="partnership partnership-stalled">' in province_page
    assert client.get(f"/agreements/{draft.pk}/").status_code == 404


class TestTheDemoData:
    """What the demo data must show on 21 November 2026."""

    LAPSED = {"kanchanaburi", "ratchaburi"}
    STALLED = {"mukdahan", "nakhon-ratchasima"}

    def test_the_csv_has_77_rows_with_two_lapsed_two_stalled_and_the_rest_none(self, client, demo):
        rows = csv_by_slug(client.get(CSV))
        assert len(rows) == 77
        statuses = {slug: row[HEADER.index("status")] for slug, row in rows.items()}
        assert {s for s, status in statuses.items() if status == "lapsed"} == self.LAPSED
        assert {s for s, status in statuses.items() if status == "stalled"} == self.STALLED
        assert {s for s, status in statuses.items() if status == "none"} == set(
            rows
        ) - self.LAPSED - self.STALLED

    def test_a_followup_today_makes_nakhon_ratchasima_working_on_the_next_request(
        self, client, demo
    ):
        csv_url, page_url = f"{CSV}?region=NORTHEAST", PAGE
        for url in (csv_url, page_url):
            downloads.body(client.get(url))  # a download is cached once read to its end
            assert client.get(url)["X-Cache"] == "hit", url  # the page cache serves it now
        korat = Agreement.objects.get(province__slug="nakhon-ratchasima")

        ActivityFactory(agreement=korat, starts_on=TODAY, kind=Activity.Kind.REVIEW)

        response = client.get(csv_url)
        assert response["X-Cache"] == "miss"
        row = csv_by_slug(response)["nakhon-ratchasima"]
        assert row[HEADER.index("status")] == "working"
        assert row[HEADER.index("last_followup")] == "2026-11-21"
        assert row[HEADER.index("followups_recent")] == "1"
        text = client.get(page_url).text
        assert page_row_status(text, "nakhon-ratchasima") == "working"
        assert map_status(text, "nakhon-ratchasima") == "working"
        assert page_row_status(text, "mukdahan") == "stalled"

    def test_the_thai_page_names_all_77_provinces_in_thai(self, client, demo):
        response = client.get(PAGE)
        assert response.status_code == 200
        assert len(page_row_slugs(response.text)) == 77
        assert response.text.count('class="province partnership-') == 77  # on the map
        for name_th, name_en in Province.objects.values_list("name_th", "name_en"):
            assert f">{name_th}</a>" in response.text, name_th
            assert f">{name_en}</a>" not in response.text, name_en

    def test_the_english_page_names_all_77_provinces_in_english(self, client, demo):
        response = client.get("/en/partnerships/")
        assert response.status_code == 200
        assert '<html lang="en">' in response.text
        assert len(page_row_slugs(response.text)) == 77
        for name_th, name_en in Province.objects.values_list("name_th", "name_en"):
            assert f">{html.escape(name_en)}</a>" in response.text, name_en
            assert f">{name_th}</a>" not in response.text, name_th
