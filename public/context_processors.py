from django.urls import reverse


def social(request):
    """The link-preview defaults of every page (templates/base.html): the page's absolute
    address and the national map image. Pages of a place give their own `og_image`."""
    return {
        "og_url": request.build_absolute_uri(request.path),
        "og_image": request.build_absolute_uri(reverse("social-site")),
    }
