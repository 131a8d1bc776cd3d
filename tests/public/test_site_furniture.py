"""What a public site is expected to have: sitemap, robots.txt, favicon, feeds, link previews."""

import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from agreements.models import Agreement
from geography.models import Region
from public import feeds, social
from public.sitemaps import AgreementSection, PartnerSection
from tests.factories import AgreementFactory, AgreementPartyFactory, OrganisationFactory, province
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries

# Link-preview images are kept in the default storage.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"


def published_hours_ago(hours, **kwargs):
    return AgreementFactory(published_at=timezone.now() - datetime.timedelta(hours=hours), **kwargs)


def sitemap_urls(client, section, page=1):
    response = client.get(f"/sitemap-{section}.xml", {"p": page})
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in root.iter(f"{SITEMAP}url")
    }


def feed_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]


def meta(text, prop):
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', text)
    return found and found.group(1)


# The fixed addresses


def test_robots_txt_keeps_crawlers_out_of_admin_downloads_and_api_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    for path in (
        "/admin/",
        "/en/admin/",
        "/api/",
        "/agreements/export.",
        "/agreements/*/export.pdf",
        "/budgets/export.",
        "/budgets/summary.",
        "/en/partnerships/export.",
    ):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the pages themselves stay open
    # ...and so does the API documentation every footer links.
    assert "Allow: /api/docs/" in lines
    assert client.head("/robots.txt").status_code == 200  # crawlers may ask with HEAD


def test_favicon_is_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48)} <= icon.info["sizes"]


def test_pages_link_the_icons_and_the_national_feed(client):
    text = client.get("/").text
    assert '<link rel="icon" href="/static/favicon.ico"' in text
    assert 'href="/static/icons/icon.svg" type="image/svg+xml"' in text
    assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">' in text
    assert '<link rel="alternate" type="application/atom+xml" href="/feeds/agreements/"' in text
    assert 'href="data:,"' not in text


def test_pages_link_the_print_stylesheet_for_print_only(client):
    text = client.get("/provinces/ratchaburi/").text
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in text
    # What it does to the page: tests/public/test_print_browser.py.


# Sitemap


def test_sitemap_is_an_index_of_its_sections(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert locations == [
        f"http://testserver/sitemap-{section}.xml"
        for section in ("pages", "regions", "provinces", "agreements", "partners")
    ]


def test_sitemap_lists_published_agreements_in_both_languages_with_hreflang(client):
    shown = AgreementFactory()
    hidden = AgreementFactory(is_published=False)

    urls = sitemap_urls(client, "agreements")

    thai = f"http://testserver/agreements/{shown.pk}/"
    english = f"http://testserver/en/agreements/{shown.pk}/"
    assert set(urls) == {thai, english}
    assert urls[thai] == {"th": thai, "en": english, "x-default": thai}
    assert urls[english] == urls[thai]
    assert not any(f"/agreements/{hidden.pk}/" in url for url in urls)


def test_sitemap_gives_an_agreement_its_last_change_as_lastmod(client):
    agreement = AgreementFactory()
    root = ET.fromstring(client.get("/sitemap-agreements.xml").content)
    lastmods = {url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")}
    assert lastmods == {timezone.localdate(agreement.updated_at).isoformat()}


def test_sitemap_lists_home_regions_and_provinces(client):
    assert set(sitemap_urls(client, "pages")) == {"http://testserver/", "http://testserver/en/"}
    regions = sitemap_urls(client, "regions")
    assert "http://testserver/regions/NORTHEAST/" in regions
    assert "http://testserver/en/regions/NORTHEAST/" in regions
    provinces = sitemap_urls(client, "provinces")
    assert len(provinces) == 2 * 77
    assert "http://testserver/en/provinces/nakhon-ratchasima/" in provinces


def test_sitemap_lists_only_partners_of_published_agreements(client):
    partner = AgreementPartyFactory(agreement=AgreementFactory()).organisation
    only_hidden = AgreementPartyFactory(agreement=AgreementFactory(is_published=False))
    OrganisationFactory()  # in no agreement

    urls = sitemap_urls(client, "partners")

    assert set(urls) == {
        f"http://testserver/partners/{partner.pk}/",
        f"http://testserver/en/partners/{partner.pk}/",
    }
    assert not any(f"/partners/{only_hidden.organisation.pk}/" in url for url in urls)


def test_sitemap_queries_do_not_grow_with_rows(client):
    def add_rows():
        for _ in range(3):
            AgreementPartyFactory(agreement=AgreementFactory())

    AgreementPartyFactory(agreement=AgreementFactory())
    # A file: its rows with their lastmod, nothing else (past the last file there are none).
    assert_constant_queries(
        client, "/sitemap-agreements.xml", add_rows, exactly=PUBLIC_OVERHEAD + 1
    )
    assert_constant_queries(client, "/sitemap-partners.xml", add_rows, exactly=PUBLIC_OVERHEAD + 1)
    # The index: the provinces' newest changes (every section's lastmod and the numbers of
    # regions and provinces), the number of agreements from the province figures (their total
    # and how many provinces they cover, one query) and of partners from the stored total.
    assert_constant_queries(client, "/sitemap.xml", add_rows, exactly=PUBLIC_OVERHEAD + 3)


def test_a_sitemap_page_reads_only_its_own_rows(client, monkeypatch):
    monkeypatch.setattr(AgreementSection, "rows_per_file", 2)  # four addresses a file
    agreements = [AgreementFactory() for _ in range(5)]

    pages = []
    for page in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            pages.append(sitemap_urls(client, "agreements", page=page))
        rows = [q["sql"] for q in queries if "updated_at" in q["sql"]]
        assert len(rows) == 1 and "LIMIT" in rows[0], rows  # the page's rows, not the section's

    listed = [url for urls in pages for url in urls if "/en/" not in url]
    assert listed == [f"http://testserver/agreements/{a.pk}/" for a in agreements]
    assert [len(urls) for urls in pages] == [4, 4, 2]
    assert client.get("/sitemap-agreements.xml", {"p": 4}).status_code == 404


def test_sitemap_index_lists_one_file_per_rows_per_file_rows(client, monkeypatch):
    monkeypatch.setattr(AgreementSection, "rows_per_file", 2)
    monkeypatch.setattr(PartnerSection, "rows_per_file", 2)
    for _ in range(5):
        AgreementPartyFactory(agreement=AgreementFactory())

    root = ET.fromstring(client.get("/sitemap.xml").content)

    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    for section in ("agreements", "partners"):
        first = f"http://testserver/sitemap-{section}.xml"
        assert [url for url in locations if url.startswith(first)] == [
            first,
            f"{first}?p=2",
            f"{first}?p=3",
        ]
        for url in (first, f"{first}?p=2", f"{first}?p=3"):
            assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_sitemap_index_gives_each_section_the_newest_change_of_its_rows(client):
    older = AgreementFactory(province=province("ratchaburi"))
    newer = AgreementFactory(province=province("kanchanaburi"))
    Agreement.objects.filter(pk=older.pk).update(
        updated_at=datetime.datetime(2024, 1, 2, 20, 30, tzinfo=datetime.UTC)
    )
    newest = datetime.datetime(2024, 3, 4, 18, 0, 0, 123456, tzinfo=datetime.UTC)
    Agreement.objects.filter(pk=newer.pk).update(updated_at=newest)

    response = client.get("/sitemap.xml")

    root = ET.fromstring(response.content)
    lastmods = {
        entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
        for entry in root.iter(f"{SITEMAP}sitemap")
    }
    # In the site's time zone (Bangkok, UTC+7): the next day.
    local = "2024-03-05T01:00:00.123456+07:00"
    assert lastmods == {
        "http://testserver/sitemap-pages.xml": local,
        # Most regions and provinces have no published agreement, so no lastmod for them.
        "http://testserver/sitemap-regions.xml": None,
        "http://testserver/sitemap-provinces.xml": None,
        "http://testserver/sitemap-agreements.xml": local,
        "http://testserver/sitemap-partners.xml": local,
    }
    assert "Last-Modified" not in response  # not every section has a lastmod


def test_sitemap_file_is_last_modified_when_its_newest_row_changed(client):
    agreement = AgreementFactory()
    changed = datetime.datetime(2024, 1, 2, 20, 30, tzinfo=datetime.UTC)
    Agreement.objects.filter(pk=agreement.pk).update(updated_at=changed)

    response = client.get("/sitemap-agreements.xml")

    assert response["Last-Modified"] == "Tue, 02 Jan 2024 20:30:00 GMT"
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert {url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")} == {
        "2024-01-03"  # the day in Bangkok
    }
    # Regions without agreements have no lastmod: the file has none either.
    assert "Last-Modified" not in client.get("/sitemap-regions.xml")


def test_sitemap_file_is_written_in_djangos_sitemap_format(client):
    agreement = AgreementFactory()
    changed = datetime.datetime(2024, 1, 2, 3, 4, tzinfo=datetime.UTC)
    Agreement.objects.filter(pk=agreement.pk).update(updated_at=changed)

    response = client.get("/sitemap-pages.xml")

    links = (
        '<xhtml:link rel="alternate" hreflang="th" href="http://testserver/"/>'
        '<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en/"/>'
        '<xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/"/>'
    )
    details = "<lastmod>2024-01-02</lastmod><changefreq>daily</changefreq><priority>1.0</priority>"
    assert response.text == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        f"<url><loc>http://testserver/</loc>{details}{links}</url>"
        f"<url><loc>http://testserver/en/</loc>{details}{links}</url>"
        "\n</urlset>\n"
    )


def test_an_empty_sitemap_section_is_an_empty_urlset(client):
    response = client.get("/sitemap-agreements.xml")
    assert response.status_code == 200
    assert list(ET.fromstring(response.content)) == []
    assert "Last-Modified" not in response
    home = ET.fromstring(client.get("/sitemap-pages.xml").content)
    assert [url.findtext(f"{SITEMAP}lastmod") for url in home.iter(f"{SITEMAP}url")] == [
        None,
        None,
    ]  # no published agreement: no change to date the home page by


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-nothing.xml",
        "/sitemap-pages.xml?p=2",
        "/sitemap-pages.xml?p=0",
        "/sitemap-pages.xml?p=-1",
        "/sitemap-pages.xml?p=abc",
        "/sitemap-pages.xml?p=",
        "/sitemap-agreements.xml?p=2",
        "/sitemap-agreements.xml?p=99999999999999999999999",  # past any database integer
    ],
)
def test_sitemap_files_that_do_not_exist_are_not_found(client, url):
    AgreementFactory()
    assert client.get(url).status_code == 404


# Feeds


def test_national_feed_lists_published_agreements_newest_published_first(client):
    older = published_hours_ago(5)
    newer = published_hours_ago(1, signed_on=datetime.date(2020, 1, 1))
    hidden = AgreementFactory(is_published=False)

    links = feed_entries(client, "/feeds/agreements/")

    assert links == [
        f"http://testserver/agreements/{newer.pk}/",
        f"http://testserver/agreements/{older.pk}/",
    ]
    assert not any(f"/agreements/{hidden.pk}/" in link for link in links)


def test_english_feed_links_the_english_pages_and_speaks_english(client):
    agreement = AgreementFactory(title_en="Community welfare in Korat")
    response = client.get("/en/feeds/agreements/")
    root = ET.fromstring(response.content)
    assert root.findtext(f"{ATOM}title") == "New agreements · CODI partnership registry"
    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Community welfare in Korat"
    assert entry.find(f"{ATOM}link").get("href") == (
        f"http://testserver/en/agreements/{agreement.pk}/"
    )
    assert root.find(f"{ATOM}author").findtext(f"{ATOM}name") == (
        "Community Organizations Development Institute (Public Organization)"
    )
    thai = ET.fromstring(client.get("/feeds/agreements/").content)
    assert thai.findtext(f"{ATOM}title") == "ข้อตกลงใหม่ · ทะเบียนความร่วมมือภาคีเครือข่าย พอช."


def test_feed_is_bounded_to_the_latest(client, monkeypatch):
    monkeypatch.setattr(feeds, "LIMIT", 2)
    oldest, middle, newest = (published_hours_ago(hours) for hours in (3, 2, 1))
    links = feed_entries(client, "/feeds/agreements/")
    assert links == [
        f"http://testserver/agreements/{newest.pk}/",
        f"http://testserver/agreements/{middle.pk}/",
    ]


def test_province_feed_lists_only_that_province(client):
    korat = AgreementFactory(province=province("nakhon-ratchasima"))
    AgreementFactory(province=province("ratchaburi"))
    AgreementFactory(province=province("nakhon-ratchasima"), is_published=False)

    links = feed_entries(client, "/provinces/nakhon-ratchasima/feed/")

    assert links == [f"http://testserver/agreements/{korat.pk}/"]
    assert client.get("/provinces/no-such-province/feed/").status_code == 404


def test_province_page_links_its_feed(client):
    text = client.get("/provinces/ratchaburi/").text
    assert 'type="application/atom+xml" href="/provinces/ratchaburi/feed/"' in text


def test_feed_queries_do_not_grow_with_rows(client):
    def add_rows():
        for _ in range(3):
            AgreementFactory(province=province("ratchaburi"))

    AgreementFactory(province=province("ratchaburi"))
    # The agreements with their province.
    assert_constant_queries(client, "/feeds/agreements/", add_rows, exactly=PUBLIC_OVERHEAD + 1)
    # The province, then its agreements.
    assert_constant_queries(
        client, "/provinces/ratchaburi/feed/", add_rows, exactly=PUBLIC_OVERHEAD + 2
    )


# Admin: when an agreement became public


def test_the_review_state_keeps_the_first_moment_of_publication_and_clears_it_when_hidden():
    State = Agreement.ReviewState
    agreement = AgreementFactory.build(is_published=False, published_at=None)
    agreement.set_review_state(State.PUBLISHED)
    first = agreement.published_at
    assert agreement.is_published and first is not None

    agreement.set_review_state(State.PUBLISHED)
    assert agreement.published_at == first  # an edit of a public agreement keeps it

    agreement.set_review_state(State.SUBMITTED)
    assert not agreement.is_published and agreement.published_at is None


def test_the_admin_records_when_a_publisher_publishes_an_agreement(admin_client):
    from tests.agreements.test_admin import ADD_URL, agreement_post, three_parties, with_parties

    parties = three_parties()
    assert admin_client.post(ADD_URL, with_parties(agreement_post(), parties)).status_code == 302
    assert Agreement.objects.get().published_at is None  # a plain save keeps it a draft

    shown = with_parties(agreement_post(reference="MOU-TEST-2", _publish="x"), parties)
    before = timezone.now()
    assert admin_client.post(ADD_URL, shown).status_code == 302
    shown = Agreement.objects.get(reference="MOU-TEST-2")
    assert shown.published_at >= before
    # Staff see since when, and cannot edit it.
    page = admin_client.get(f"/admin/agreements/agreement/{shown.pk}/change/")
    assert "published_at" not in page.context["adminform"].form.fields
    assert "field-published_at" in page.text


# Link previews


def test_province_page_has_link_preview_meta_with_its_map_image(client):
    text = client.get("/provinces/ratchaburi/").text
    assert meta(text, "og:title") == "จังหวัดราชบุรี"
    assert "ราชบุรี" in meta(text, "og:description")
    assert meta(text, "og:url") == "http://testserver/provinces/ratchaburi/"
    assert meta(text, "og:locale") == "th_TH"
    assert meta(text, "twitter:card") == "summary_large_image"
    image_url = meta(text, "og:image")
    assert image_url == "http://testserver/social/provinces/70.png"

    response = client.get(image_url.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1200, 630)


def test_english_pages_say_en_us_and_other_pages_show_the_national_image(client):
    text = client.get("/en/partners/").text
    assert meta(text, "og:locale") == "en_US"
    assert meta(text, "og:url") == "http://testserver/en/partners/"
    assert meta(text, "og:image") == "http://testserver/social/site.png"
    response = client.get("/social/site.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_agreement_page_previews_its_title_and_its_province(client):
    agreement = AgreementFactory(province=province("ratchaburi"), summary_th="สรุปข้อตกลง")
    text = client.get(f"/agreements/{agreement.pk}/").text
    assert meta(text, "og:title") == agreement.title_th
    assert meta(text, "og:description") == "สรุปข้อตกลง"
    assert meta(text, "og:image") == "http://testserver/social/provinces/70.png"


def test_every_public_page_has_the_preview_meta(client):
    agreement = AgreementFactory()
    partner = AgreementPartyFactory(agreement=agreement).organisation
    for url in (
        "/",
        "/agreements/",
        f"/agreements/{agreement.pk}/",
        "/partners/",
        f"/partners/{partner.pk}/",
        "/budgets/",
        "/partnerships/",
        "/regions/NORTHEAST/",
        "/provinces/nakhon-ratchasima/",
    ):
        text = client.get(url).text
        for prop in ("og:title", "og:description", "og:url", "og:image", "og:locale"):
            assert meta(text, prop), (url, prop)
        assert meta(text, "og:image").startswith("http://testserver/social/"), url


def test_map_images_are_drawn_once_then_read_from_storage(client, tmp_path):
    assert client.get("/social/regions/NORTHEAST.png").status_code == 200
    stored = tmp_path / social.storage_name("regions", "NORTHEAST")
    assert stored.exists()
    stored.write_bytes(b"kept")  # what storage holds is what is served
    # A session cookie passes by the page cache, so the view itself answers.
    response = client.get("/social/regions/NORTHEAST.png", HTTP_COOKIE="sessionid=x")
    assert response.content == b"kept"


def test_each_province_image_highlights_a_different_province():
    assert social.render("provinces", "70") != social.render("provinces", "30")


def test_unknown_places_have_no_image(client):
    assert client.get("/social/provinces/99.png").status_code == 404
    assert client.get("/social/regions/NOWHERE.png").status_code == 404


@pytest.mark.slow
@pytest.mark.sqlite_once  # drawing, the same on any database
def test_make_social_images_draws_every_image_ahead_and_redraws_with_force(tmp_path, monkeypatch):
    out = io.StringIO()
    call_command("make_social_images", stdout=out)
    drawn = {path.name for path in (tmp_path / "social").iterdir()}
    assert len(drawn) == 1 + Region.objects.count() + 77
    assert social.storage_name("provinces", "10").removeprefix("social/") in drawn
    assert all(Image.open(tmp_path / "social" / name).format == "PNG" for name in drawn)

    call_command("make_social_images", stdout=out)
    assert "0 of" in out.getvalue().splitlines()[-1]
    # --force draws every image again. How one is drawn was checked above (and is checked by
    # the image tests); here each drawing is a marker, which must replace every stored file.
    redrawn = []
    monkeypatch.setattr(
        social, "render", lambda kind, code="": redrawn.append((kind, code)) or b"redrawn"
    )
    call_command("make_social_images", "--force", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith(f"{len(drawn)} of {len(drawn)}")
    assert len(set(redrawn)) == len(drawn)
    assert all((tmp_path / "social" / name).read_bytes() == b"redrawn" for name in drawn)


@pytest.mark.parametrize(
    "url", ["/sitemap.xml", "/sitemap-agreements.xml", "/feeds/agreements/", "/robots.txt"]
)
def test_sitemap_feeds_and_robots_are_served_from_the_page_cache(client, url):
    AgreementFactory()
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
