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
    }
