"""sitemap.xml: every public page a search engine should find, in Thai and English.

/sitemap.xml is an index of one sitemap per section (django.contrib.sitemaps splits a section
into pages of `limit` addresses). Each address is listed in both languages with hreflang
alternates and an x-default (the Thai address). Only what the public pages show: published
agreements, and partners with a role in one.

A section's page reads only its own rows from the database (`LanguagePairs`: LIMIT and
OFFSET), plus one COUNT for the number of pages: Django's own i18n sitemaps build every
(row, language) pair of the section in Python before cutting out the page. lastmod is the newest
change of the published agreements a page shows, read for the page's rows only.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse

from agreements.models import Agreement
from geography.models import Province
from partners.models import Organisation
from tracking.figures import published_agreement_total


class LanguagePairs:
    """The (row, language) pairs of `rows` (a queryset, or a short list), as the paginator of
    an i18n sitemap takes them, read a page at a time: count() is one COUNT, a slice reads only
    the rows whose pairs it holds."""

    def __init__(self, rows, languages, row_count=None):
        self.rows = rows
        self.languages = list(languages)
        self.row_count = row_count  # how many rows, when stored figures know it

    def count(self):
        if self.row_count is not None:
            rows = self.row_count()
        else:
            rows = len(self.rows) if isinstance(self.rows, list) else self.rows.count()
        return rows * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("LanguagePairs takes a slice")
        per_row = len(self.languages)
        start = index.start or 0
        stop = index.stop if index.stop is not None else self.count()
        first_row = start // per_row
        rows = self.rows[first_row : -(-stop // per_row)]
        pairs = [(row, language) for row in rows for language in self.languages]
        skip = start - first_row * per_row
        return pairs[skip : skip + stop - start]


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # Two languages per row: 500 addresses (about 100 KB) per file, so that each file is read
    # and drawn in a bounded time; the index lists as many files as the rows need.
    limit = 250

    # A function that says how many rows items() has, from stored figures; None: a COUNT.
    row_count = None

    def _items(self):
        return LanguagePairs(self.items(), self._languages(), self.row_count)

    def lastmod(self, item):
        return item.lastmod


class HomeSitemap(PublicSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        latest = Agreement.objects.published().aggregate(lastmod=Max("updated_at"))["lastmod"]
        return [("home", latest)]

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]


def provinces_with_lastmod():
    """Every province with the newest change of its published agreements (`lastmod`): one
    entry of the index agreement_province_newest per province, where a GROUP BY would read
    every agreement."""
    newest = (
        Agreement.objects.published()
        .filter(province=OuterRef("pk"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    return list(
        Province.objects.select_related("region")
        .annotate(lastmod=Subquery(newest))
        .order_by("code")
    )


class RegionSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        regions = {}
        for province in provinces_with_lastmod():
            region = regions.setdefault(province.region.code, province.region)
            dates = [d for d in (getattr(region, "lastmod", None), province.lastmod) if d]
            region.lastmod = max(dates) if dates else None
        return [regions[code] for code in sorted(regions)]


class ProvinceSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return provinces_with_lastmod()


class AgreementSitemap(PublicSitemap):
    changefreq = "monthly"
    priority = 0.6
    row_count = staticmethod(published_agreement_total)  # the province figures, not a COUNT

    def items(self):
        return Agreement.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # For the index: one aggregate instead of reading every row again.
        return Agreement.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class PartnerSitemap(PublicSitemap):
    """Organisations with a role in a published agreement, as the partner pages show them."""

    changefreq = "monthly"
    priority = 0.5
    row_count = staticmethod(Organisation.objects.public_partner_count)  # the stored total

    def items(self):
        # The partners from their derived count (an index), lastmod by a correlated subquery:
        # computed for the rows of the page only, where a GROUP BY would aggregate every
        # partner first.
        theirs = Agreement.objects.published().filter(parties__organisation=OuterRef("pk"))
        return (
            Organisation.objects.partners()
            .only("pk")
            .annotate(lastmod=Subquery(theirs.order_by("-updated_at").values("updated_at")[:1]))
            .order_by("name_th", "pk")
        )

    def get_latest_lastmod(self):
        # The newest change of any published agreement (its index): one with parties, in
        # practice every one.
        return Agreement.objects.published().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {
    "pages": HomeSitemap,
    "regions": RegionSitemap,
    "provinces": ProvinceSitemap,
    "agreements": AgreementSitemap,
    "partners": PartnerSitemap,
}
