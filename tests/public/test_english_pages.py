"""The English edition is in English: drop-down options and names use the English value where
one was entered, and Thai shown because a record has none is marked lang="th" (and English-only
names on Thai pages lang="en"), on every public page."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

from agreements.models import Agreement, Theme
from budgets.models import Programme
from geography.models import Province, Region
from partners.models import Organisation
from tests.factories import AgreementPartyFactory, OrganisationFactory

# Which language a page is in does not depend on the database: CI checks it once.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_once]

THAI = re.compile(r"[\u0E00-\u0E7F]+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Page(HTMLParser):
    """Collects the options of every drop-down and each run of text inside <main> with the
    language of the element it sits in (the nearest lang attribute)."""

    def __init__(self):
        super().__init__()
        self.open = []  # [(tag, lang)]
        self.options = []  # [(text, lang)]
        self.main_text = []  # [(text, lang)]
        self._option = None

    def language(self):
        return next((lang for _, lang in reversed(self.open) if lang), None)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        self.open.append((tag, dict(attrs).get("lang")))
        if tag == "option":
            self._option = []

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self.options.append(("".join(self._option).strip(), self.language()))
            self._option = None
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        if self._option is not None:
            self._option.append(data)
        if any(tag == "main" for tag, _ in self.open) and data.strip():
            self.main_text.append((data.strip(), self.language()))


def parse(response):
    assert response.status_code == 200, response
    page = Page()
    page.feed(response.text)
    return page


@pytest.fixture
def demo():
    call_command("load_demo_data", stdout=io.StringIO())
    # A partner with no English name, so that the English pages have a Thai fallback to mark.
    korat = Agreement.objects.get(province__slug="nakhon-ratchasima")
    AgreementPartyFactory(
        agreement=korat, organisation=OrganisationFactory(name_th="เครือข่ายบ้านมั่นคง", name_en="")
    )


def public_pages():
    """Every public page of the demo registry at its Thai address: home, each region, the
    provinces with agreements, the lists, each agreement, each partner, the budgets and the
    partnership dashboard."""
    with translation.override("th"):
        return list(_public_pages())


def _public_pages():
    yield "/"
    for region in Region.objects.all():
        yield region.get_absolute_url()
    for province in Province.objects.filter(agreements__is_published=True).distinct():
        yield province.get_absolute_url()
    yield "/agreements/"
    yield "/agreements/?status=in_force&province=nakhon-ratchasima"
    for agreement in Agreement.objects.published():
        yield agreement.get_absolute_url()
    yield "/partners/"
    for partner in Organisation.objects.public_partners():
        yield partner.get_absolute_url()
    yield "/budgets/"
    yield "/budgets/?province=ratchaburi"
    yield "/partnerships/"


def english(path):
    """The English address of a Thai one (Thai is at the root)."""
    return "/en" + path


def thai_names_with_an_english_name():
    names = set()
    for model in (Region, Province, Organisation, Programme):
        names |= set(model.objects.exclude(name_en="").values_list("name_th", flat=True))
    names |= set(Theme.objects.exclude(title_en="").values_list("title_th", flat=True))
    return names


def test_english_list_offers_nakhon_ratchasima_in_english(client, demo):
    options = [text for text, _ in parse(client.get("/en/agreements/")).options]
    assert "Nakhon Ratchasima" in options
    assert "นครราชสีมา" not in options
    assert Region.objects.get(code="NORTHEAST").name_en in options


def test_no_english_page_offers_a_thai_option_for_a_record_with_an_english_name(client, demo):
    translated = thai_names_with_an_english_name()
    checked = 0
    paths = [english(path) for path in public_pages()]
    for path in paths:
        for text, language in parse(client.get(path)).options:
            checked += 1
            assert text not in translated, f"{path}: option {text!r} has an English name"
            if THAI.search(text):
                assert language == "th", f"{path}: Thai option {text!r} is not marked lang=th"
    assert checked > 300  # the province, region, theme and programme drop-downs were seen


def test_every_thai_run_on_an_english_page_is_marked_lang_th(client, demo):
    paths = [english(path) for path in public_pages()]
    fallbacks = 0
    for path in paths:
        for text, language in parse(client.get(path)).main_text:
            if THAI.search(text):
                assert language == "th", f"{path}: {text!r} is Thai but not inside lang=th"
                fallbacks += 1
    assert fallbacks  # the demo's Thai-only names (people, a partner) were shown and marked
    assert len(paths) > 20


def test_an_english_only_name_on_a_thai_page_is_marked_lang_en(client, demo):
    partner = OrganisationFactory(name_th="Habitat for Humanity Thailand", name_en="")
    AgreementPartyFactory(agreement=Agreement.objects.published().first(), organisation=partner)
    page = parse(client.get(partner.get_absolute_url()))
    assert ("Habitat for Humanity Thailand", "en") in page.main_text


def test_a_thai_fallback_is_marked_on_the_english_partner_page(client, demo):
    partner = Organisation.objects.get(name_th="เครือข่ายบ้านมั่นคง")
    with translation.override("th"):
        path = english(partner.get_absolute_url())
    page = parse(client.get(path))
    assert ("เครือข่ายบ้านมั่นคง", "th") in page.main_text


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "นครราชสีมา", '<span lang="th">นครราชสีมา</span>'),
        ("en", "Nakhon Ratchasima", "Nakhon Ratchasima"),
        ("th", "UNDP Thailand", '<span lang="en">UNDP Thailand</span>'),
        ("th", "มูลนิธิ UNDP", "มูลนิธิ UNDP"),
        ("th", "2566", "2566"),
        ("en", "<b>ชุมชน</b>", '<span lang="th">&lt;b&gt;ชุมชน&lt;/b&gt;</span>'),
    ],
)
def test_the_lang_filter_marks_text_in_the_other_language_and_escapes_it(language, text, expected):
    template = Template("{% load thai %}{{ text|lang }}")
    with translation.override(language):
        assert template.render(Context({"text": text})) == expected
