"""What must hold before the site answers any request."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MISSING_KEY = (
    "SECRET_KEY must be set when DEBUG is off (see .env.example), "
    "or set DEBUG=true for local development."
)


def refuse_to_serve_without_secret_key():
    try:
        key = settings.SECRET_KEY  # Django itself refuses to hand out an empty key
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(MISSING_KEY) from error
    if not key:
        raise ImproperlyConfigured(MISSING_KEY)
