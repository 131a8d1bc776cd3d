"""sitemap.xml: every public page a search engine should find, in Thai and English.

/sitemap.xml is an index of one sitemap per section (django.contrib.sitemaps splits a section
into pages of `limit` addresses). Each address is listed in both languages with hreflang
alternates and an x-default (the Thai address). Only what the public pages show: published
agreements, and partners with a role in one.

Every section reads its rows in one query, whatever their number; lastmod is the newest change of
the published agreements a page shows.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from agreements.models import Agreement
from geography.models import Province, Region
from partners.models import Organisation


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # Two languages per row: 10,000 addresses per file keeps each one well under the 50 MB
    # and 50,000 addresses search engines accept.
    limit = 5000

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


class RegionSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Region.objects.annotate(
            lastmod=Max(
                "provinces__agreements__updated_at",
                filter=Q(provinces__agreements__is_published=True),
            )
        ).order_by("code")


class ProvinceSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Province.objects.annotate(
            lastmod=Max("agreements__updated_at", filter=Q(agreements__is_published=True))
        ).order_by("code")


class AgreementSitemap(PublicSitemap):
    changefreq = "monthly"
    priority = 0.6

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

    def items(self):
        published = Q(agreement_roles__agreement__is_published=True)
        return (
            Organisation.objects.filter(published)
            .only("pk")
            .annotate(lastmod=Max("agreement_roles__agreement__updated_at", filter=published))
            .order_by("pk")
        )

    def get_latest_lastmod(self):
        latest = Agreement.objects.published().filter(parties__isnull=False)
        return latest.aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {
    "pages": HomeSitemap,
    "regions": RegionSitemap,
    "provinces": ProvinceSitemap,
    "agreements": AgreementSitemap,
    "partners": PartnerSitemap,
}
