from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject


def social(request):
    """The link-preview defaults of every page (templates/base.html): the page's absolute
    address and the national map image. Pages of a place give their own `og_image`.

    Lazy, so that only pages that print them ask for the host: the plain error pages are also
    rendered for a request whose host is not allowed, where asking would raise again.
    """
    return {
        "og_url": SimpleLazyObject(lambda: request.build_absolute_uri(request.path)),
        "og_image": SimpleLazyObject(lambda: request.build_absolute_uri(reverse("social-site"))),
        "canonical_url": SimpleLazyObject(lambda: canonical_url(request)),
    }


def canonical_url(request):
    """The page's own address on SITE_URL (the address the site is published at, whatever
    host the request came by). Of the query only a list's page number beyond the first is
    kept: filters, sorting and tracking (utm_*, fbclid) show content the unfiltered list has."""
    url = settings.SITE_URL.rstrip("/") + request.path
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url
