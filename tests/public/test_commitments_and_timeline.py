"""Commitments with their progress, and the partnership timeline, on the province and agreement
pages, with Mukdahan's demo agreement: four scope clauses and seven parties with duties.

Labels such as "not recorded" come with the translations, so the tests read the progress from
its CSS class (progress-none, progress-done, ...) and the texts from the documents.
"""

import datetime
import html
import re
from decimal import Decimal

import pytest

from agreements.models import Activity, Agreement, Responsibility
from demo.data import MUKDAHAN
from tests.factories import ActivityFactory, ProgressUpdateFactory
from tracking.models import ProgressUpdate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today", "demo")]

PROVINCE = "/provinces/mukdahan/"
CLAUSES_TH = [text_th for text_th, _text_en in MUKDAHAN.clauses]
CLAUSES_EN = [text_en for _text_th, text_en in MUKDAHAN.clauses]
# {organisation's Thai name: its duties in Thai}, for the parties that have duties.
DUTIES_TH = {
    party.organisation.name_th: [text_th for text_th, _text_en in party.responsibilities]
    for party in MUKDAHAN.parties
    if party.responsibilities
}


def mukdahan():
    return Agreement.objects.get(province__slug="mukdahan")


def page_of(agreement):
    # Not get_absolute_url(): a request to /en/ leaves English active for reverse().
    return f"/agreements/{agreement.pk}/"


def commitments_on(text):
    """The page's commitment lists: [(heading or None for the clauses, [(text, progress)])],
    where progress is the CSS class's suffix (none, done, in_progress, ...)."""
    lists = re.findall(
        r'(?:<h[34]>([^<]*)</h[34]>\s*)?<ol class="(?:clauses )?commitment-list">(.*?)</ol>',
        text,
        re.S,
    )
    return [
        (
            html.unescape(heading) if heading else None,
            [
                (html.unescape(item), progress)
                for item, progress in re.findall(
                    r'<span class="commitment-text">(.*?)</span>\s*<span class="progress progress-(\w+)">',
                    body,
                )
            ],
        )
        for heading, body in lists
    ]


def test_the_demo_agreement_has_four_clauses_and_seven_parties_with_duties():
    assert len(CLAUSES_TH) == 4
    assert len(DUTIES_TH) == 7
    assert sum(len(duties) for duties in DUTIES_TH.values()) == 27


@pytest.mark.parametrize("url", [PROVINCE, "agreement"])
def test_every_clause_and_duty_shows_that_no_progress_is_recorded(client, url):
    url = page_of(mukdahan()) if url == "agreement" else url
    lists = commitments_on(client.get(url).text)
    # The clauses come first, then each party's duties under its name.
    assert [text for text, _ in lists[0][1]] == CLAUSES_TH
    duties = {heading: [text for text, _ in items] for heading, items in lists[1:]}
    assert duties == DUTIES_TH
    progress = [progress for _heading, items in lists for _text, progress in items]
    assert progress == ["none"] * (4 + 27)


def test_the_english_province_page_shows_the_english_clauses(client):
    lists = commitments_on(client.get("/en" + PROVINCE).text)
    assert [text for text, _ in lists[0][1]] == CLAUSES_EN


def test_a_recorded_progress_shows_next_to_its_commitment_on_both_pages(client):
    agreement = mukdahan()
    clause = agreement.clauses.get(order=2)
    ProgressUpdateFactory(
        clause=clause,
        recorded_on=datetime.date(2026, 6, 1),
        status=ProgressUpdate.Status.DONE,
        note_th="อบรมผู้นำครบ 44 ตำบลแล้ว",
    )
    duty = Responsibility.objects.get(
        text_th="จัดหาอาจารย์ผู้สอนที่มีคุณสมบัติ ร่วมบริหารและดำเนินงานการจัดการเรียนการสอน"
    )
    ProgressUpdateFactory(
        clause=None, responsibility=duty, status=ProgressUpdate.Status.IN_PROGRESS
    )

    for url in (PROVINCE, page_of(agreement)):
        text = client.get(url).text
        lists = commitments_on(text)
        assert lists[0][1][1] == (clause.text_th, "done"), url
        college = dict(lists[1:])["วิทยาลัยชุมชนมุกดาหาร"]
        assert college[3] == (duty.text_th, "in_progress"), url
        progress = [progress for _heading, items in lists for _text, progress in items]
        assert progress.count("none") == 4 + 27 - 2, url
        assert "อบรมผู้นำครบ 44 ตำบลแล้ว" in text
        assert "1 มิถุนายน 2569" in text  # as of, in the Buddhist Era


def test_the_province_page_shows_the_partnership_status_and_why(client):
    text = client.get(PROVINCE).text
    badge = re.search(r'<p class="partnership-status">(.*?)</p>', text, re.S).group(1)
    assert '<span class="partnership partnership-stalled">' in badge
    assert "22 กุมภาพันธ์ 2564" in badge  # the last follow-up, the day of the signing


def test_the_timeline_shows_the_money_handed_over(client):
    agreement = mukdahan()
    ActivityFactory(
        agreement=agreement,
        kind=Activity.Kind.BUDGET_HANDOVER,
        title_th="มอบงบประมาณบ้านพอเพียง ปี 2570",
        starts_on=datetime.date(2026, 10, 20),
        amount_handed_over=Decimal("1250000.00"),
        participants=45,
        outcome_th="ซ่อมบ้าน 25 หลัง",
    )
    for url in (PROVINCE, page_of(agreement)):
        text = client.get(url).text
        timeline = re.search(r'<ol class="timeline">(.*?)</ol>', text, re.S).group(1)
        events = re.findall(r'<li class="event-(\w+)">', timeline)
        # The signing, then the demo's report, forum, hand-over without an amount and visit
        # on the same day, then this one.
        assert events[0] == "signed", url
        assert sorted(events[1:5]) == ["followup", "followup", "followup", "handover"], url
        assert events[5:] == ["handover"], url
        assert timeline.count('class="money-handed"') == 1, url
        assert '<span class="figure">1,250,000.00</span>' in timeline, url
        assert "ซ่อมบ้าน 25 หลัง" in timeline, url
        assert '<time datetime="2026-10-20">20 ตุลาคม 2569</time>' in timeline, url
    # It is a follow-up in the last 12 months now.
    assert '<span class="partnership partnership-working">' in client.get(PROVINCE).text
