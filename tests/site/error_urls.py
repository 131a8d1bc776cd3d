"""The site's URLs plus two that fail on purpose, for the error-page tests."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import path

from codi_registry.urls import urlpatterns as site_urlpatterns


def crash(request):
    # The message carries the secret, so a page that showed the exception would show it too.
    raise RuntimeError(f"database password and key: {settings.SECRET_KEY}")


def forbidden(request):
    raise PermissionDenied("only region 7 staff may see agreement 42")


urlpatterns = [
    path("crash/", crash),
    path("forbidden/", forbidden),
    *site_urlpatterns,
]
