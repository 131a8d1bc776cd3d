"""sitemap.xml: every public page a search engine should find, in Thai and English.

/sitemap.xml is an index of one sitemap file per section and per `rows_per_file` rows of it
(`/sitemap-agreements.xml?p=2`, ...). Each row is listed at its address in every language with
hreflang alternates and an x-default (the Thai address). Only what the public pages show:
published agreements, and partners with a role in one.

The XML is written here, in the format of django.contrib.sitemaps (the same elements in the same
order, dates in the site's time zone, the same Last-Modified headers), because its per-item
machinery reversed each address three times per language (600 reverse() calls per file) and
drew every address through a template: here a section's address in a language is a prefix and
suffix reversed once per file, around the row's key.

Work per request: a file reads only its own rows (LIMIT and OFFSET on an index, each row's
lastmod from an index), the index the newest change of each province (77 entries of the index
agreement_province_newest, from which every section's lastmod follows) and the sizes of the big
sections from stored figures.
"""

import html
import math
from urllib.parse import quote

from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import RFC3986_SUBDELIMS, http_date

from agreements.models import Agreement
from geography.models import Province
from partners.models import Organisation
from tracking.figures import published_agreement_total

URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
    'sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
URLSET_END = "\n</urlset>\n"
INDEX_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
INDEX_END = "\n</sitemapindex>\n"
ROBOTS = "noindex, noodp, noarchive"  # the files are for crawlers, not search results

# A key that every converter of the sections' addresses takes (int, slug, str), to find where a
# row's key goes in the reversed address.
KEY_PLACEHOLDER = "0123456789"
# The protocol's limit of files in an index: past it no file can exist, and an OFFSET that large
# would overflow the database's integers.
MAX_FILES = 50_000


def text_key(key):
    """A text key as reverse() puts it in an address (quoted), escaped for XML."""
    return html.escape(quote(key, safe=RFC3986_SUBDELIMS + "/~:@"))


class Section:
    """A section of the sitemap: the page a row stands for, how often it changes, and its rows
    a file at a time, as (key, lastmod) in the section's order."""

    url_name = ""
    key_name = None  # the address's keyword argument; None: an address without one
    key_text = staticmethod(text_key)  # a key as it appears in the XML
    changefreq = ""
    priority = ""
    # Each row is listed in both languages: 250 addresses (about 100 KB) per file, so that each
    # file is read and drawn in a bounded time.
    rows_per_file = 125

    def rows(self, start, stop):
        raise NotImplementedError

    def xml(self, base, rows):
        """The <url> elements of `rows`: one per row and language, each with the alternates."""
        languages = [code for code, _ in settings.LANGUAGES]
        parts = [self.address_parts(base, language) for language in languages]
        zone = timezone.get_current_timezone()  # once, not per row as timezone.localtime()
        tail = f"<changefreq>{self.changefreq}</changefreq><priority>{self.priority}</priority>"
        elements = []
        for key, lastmod in rows:
            key = self.key_text(key)
            locations = [before + key + after for before, after in parts]
            links = alternates(languages, locations)
            stamp = f"<lastmod>{lastmod.astimezone(zone).date()}</lastmod>" if lastmod else ""
            elements += [f"<url><loc>{loc}</loc>{stamp}{tail}{links}</url>" for loc in locations]
        return "".join(elements)

    def address_parts(self, base, language):
        """The section's address in `language`, escaped, before and after a row's key: one
        reverse() per file and language instead of several per row."""
        kwargs = {self.key_name: KEY_PLACEHOLDER} if self.key_name else None
        with translation.override(language):
            path = reverse(self.url_name, kwargs=kwargs)
        before, _, after = path.partition(KEY_PLACEHOLDER)
        return html.escape(base + before), html.escape(after)


def alternates(languages, locations):
    """A row's hreflang links: its address in each language, and x-default, the address in the
    default language without its prefix (which Thai has not: prefix_default_language=False)."""
    links = [
        f'<xhtml:link rel="alternate" hreflang="{code}" href="{location}"/>'
        for code, location in zip(languages, locations, strict=True)
    ]
    default = settings.LANGUAGE_CODE
    location = locations[languages.index(default)].replace(f"/{default}/", "/", 1)
    links.append(f'<xhtml:link rel="alternate" hreflang="x-default" href="{location}"/>')
    return "".join(links)


class HomeSection(Section):
    url_name = "home"
    changefreq = "daily"
    priority = "1.0"

    def rows(self, start, stop):
        if start > 0:
            return []
        newest = Agreement.objects.published().aggregate(newest=Max("updated_at"))["newest"]
        return [("", newest)]


def province_lastmods():
    """Every province as (slug, region code, lastmod), by code: lastmod is the newest change of
    its published agreements, one entry of the index agreement_province_newest per province,
    where a GROUP BY would read every agreement."""
    newest = (
        Agreement.objects.published()
        .filter(province=OuterRef("pk"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    return list(Province.objects.order_by("code").values_list("slug", "region__code", newest))


def region_lastmods(provinces):
    """Every region with a province, as (code, lastmod) by code: the newest of its provinces'."""
    regions = {}
    for _, region, lastmod in provinces:
        dates = [date for date in (regions.get(region), lastmod) if date]
        regions[region] = max(dates) if dates else None
    return sorted(regions.items())


class RegionSection(Section):
    url_name = "region-detail"
    key_name = "code"
    changefreq = "weekly"
    priority = "0.7"

    def rows(self, start, stop):
        return region_lastmods(province_lastmods())[start:stop]


class ProvinceSection(Section):
    url_name = "province-detail"
    key_name = "slug"
    changefreq = "weekly"
    priority = "0.8"

    def rows(self, start, stop):
        return [(slug, lastmod) for slug, _, lastmod in province_lastmods()[start:stop]]


class AgreementSection(Section):
    url_name = "agreement-detail"
    key_name = "pk"
    key_text = str
    changefreq = "monthly"
    priority = "0.6"

    def rows(self, start, stop):
        published = Agreement.objects.published().order_by("pk")
        return list(published.values_list("pk", "updated_at")[start:stop])


class PartnerSection(Section):
    """Organisations with a role in a published agreement, as the partner pages show them."""

    url_name = "partner-detail"
    key_name = "pk"
    key_text = str
    changefreq = "monthly"
    priority = "0.5"

    def rows(self, start, stop):
        # The file's partners from their derived count (an index), then the lastmod of those
        # only: computed on the rows that OFFSET skips too, the correlated subquery would run
        # for every partner before the file's.
        partners = Organisation.objects.partners().order_by("name_th", "pk")
        theirs = Agreement.objects.published().filter(parties__organisation=OuterRef("pk"))
        lastmod = Subquery(theirs.order_by("-updated_at").values("updated_at")[:1])
        return list(
            Organisation.objects.filter(pk__in=partners.values("pk")[start:stop])
            .order_by("name_th", "pk")
            .values_list("pk", lastmod)
        )


SITEMAPS = {
    "pages": HomeSection(),
    "regions": RegionSection(),
    "provinces": ProvinceSection(),
    "agreements": AgreementSection(),
    "partners": PartnerSection(),
}


def section_summaries():
    """Each section's number of rows and lastmod (the newest of its rows', or None when a row
    has none, as Django's sitemaps had it), from one read of the provinces' newest changes:
    every published agreement has a province, so the newest of those is the registry's."""
    provinces = province_lastmods()
    regions = region_lastmods(provinces)
    newest = max((lastmod for *_, lastmod in provinces if lastmod), default=None)
    return {
        "pages": (1, newest),
        "regions": (len(regions), latest_of_all(regions)),
        "provinces": (len(provinces), latest_of_all(provinces)),
        "agreements": (published_agreement_total(), newest),
        "partners": (Organisation.objects.public_partner_count(), newest),
    }


def latest_of_all(rows):
    """The newest lastmod of `rows`, None if any row has none."""
    dates = [row[-1] for row in rows]
    return None if None in dates else max(dates, default=None)


def sitemap_index(request):
    """The index: every file of every section, with the section's lastmod."""
    base = f"{request.scheme}://{request.get_host()}"
    entries = []
    lastmods = []
    for name, (rows, lastmod) in section_summaries().items():
        location = html.escape(base + reverse("sitemap-section", kwargs={"section": name}))
        stamp = f"<lastmod>{timezone.localtime(lastmod).isoformat()}</lastmod>" if lastmod else ""
        files = max(1, math.ceil(rows / SITEMAPS[name].rows_per_file))
        entries += [f"<sitemap><loc>{location}</loc>{stamp}</sitemap>"]
        entries += [
            f"<sitemap><loc>{location}?p={page}</loc>{stamp}</sitemap>"
            for page in range(2, files + 1)
        ]
        lastmods.append(lastmod)
    response = xml_response(INDEX_START + "".join(entries) + INDEX_END)
    if None not in lastmods:
        response["Last-Modified"] = http_date(max(lastmods).timestamp())
    return response


def sitemap_section(request, section):
    """One file of a section: `?p=` rows_per_file rows of it."""
    if section not in SITEMAPS:
        raise Http404("No such sitemap section")
    sitemap = SITEMAPS[section]
    page = file_number(request.GET.get("p", "1"))
    start = (page - 1) * sitemap.rows_per_file
    rows = sitemap.rows(start, start + sitemap.rows_per_file)
    if not rows and page > 1:
        raise Http404("No such sitemap file")
    base = f"{request.scheme}://{request.get_host()}"
    response = xml_response(URLSET_START + sitemap.xml(base, rows) + URLSET_END)
    lastmods = [lastmod for _, lastmod in rows]
    if lastmods and None not in lastmods:
        response["Last-Modified"] = http_date(max(lastmods).timestamp())
    return response


def file_number(text):
    """`?p=` as a file number, 404 for anything else (as Django's paginator took it)."""
    try:
        page = int(text)
    except ValueError:
        raise Http404("No such sitemap file") from None
    if not 1 <= page <= MAX_FILES:
        raise Http404("No such sitemap file")
    return page


def xml_response(text):
    response = HttpResponse(text, content_type="application/xml")
    response["X-Robots-Tag"] = ROBOTS
    return response
