"""What search engines read in each page's <head>: its canonical address and its description."""

import re

import pytest

from tests.factories import AgreementFactory, AgreementPartyFactory, province

pytestmark = pytest.mark.django_db

SITE = "https://registry.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def canonical(text):
    return re.search(r'<link rel="canonical" href="([^"]*)">', text).group(1)


def description(text):
    return re.search(r'<meta name="description" content="([^"]*)">', text).group(1)


def test_the_canonical_address_is_the_page_on_site_url_whatever_host_it_came_by(client):
    text = client.get("/provinces/ratchaburi/").text  # asked of testserver
    assert canonical(text) == f"{SITE}/provinces/ratchaburi/"


def test_a_list_keeps_its_page_number_and_drops_filters_and_tracking(client):
    url = "/agreements/?status=active&utm_source=line&fbclid=x&page=2"
    assert canonical(client.get(url).text) == f"{SITE}/agreements/?page=2"
    assert canonical(client.get("/agreements/?page=1&q=x").text) == f"{SITE}/agreements/"


def test_the_english_edition_is_its_own_canonical_page(client):
    assert canonical(client.get("/en/budgets/").text) == f"{SITE}/en/budgets/"


def test_each_page_describes_itself_in_both_languages(client):
    agreement = AgreementFactory(province=province("ratchaburi"), title_th="ข้อตกลงทดสอบ")
    partner = AgreementPartyFactory(agreement=agreement).organisation
    urls = [
        "/",
        "/agreements/",
        f"/agreements/{agreement.pk}/",
        "/partners/",
        f"/partners/{partner.pk}/",
        "/budgets/",
        "/partnerships/",
        "/proposals/",
        "/regions/CENTRAL_WEST/",
        "/provinces/ratchaburi/",
    ]
    for prefix in ("", "/en"):
        texts = [client.get(prefix + url).text for url in urls]
        descriptions = [description(text) for text in texts]
        repeated = [d for d in descriptions if descriptions.count(d) > 1]
        assert not repeated, (prefix, repeated)
        for text in texts:
            assert canonical(text).startswith(SITE + prefix + "/")

    thai = description(client.get(f"/agreements/{agreement.pk}/").text)
    assert "ข้อตกลงทดสอบ" in thai
    assert "ราชบุรี" in thai
    assert "ราชบุรี" in description(client.get("/provinces/ratchaburi/").text)
    assert "Ratchaburi" in description(client.get("/en/provinces/ratchaburi/").text)
