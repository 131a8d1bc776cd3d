"""Gzip for pages that carry no secret.

BREACH recovers a secret from a compressed response when the same response also reflects
something the attacker chose (a search term in the query string). The public pages carry no
secret: they are the same for every anonymous visitor (that is why the page cache may share
them). A response is therefore compressed only when

- the request has no session cookie (staff pages may show what only staff may read), and
- the response sets no CSRF cookie (Django sets it whenever a page holds a token, as the
  admin's and the login's forms do);

everything else goes out as the view made it. Static files are compressed by WhiteNoise.

Place it just before PageCacheMiddleware: the cache keeps a page uncompressed, and every
answer, from the cache or not, is compressed here for the clients that accept gzip
(`Vary: Accept-Encoding` says so to any cache downstream).
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if carries_a_secret(request, response):
            return response
        return super().process_response(request, response)


def carries_a_secret(request, response):
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or settings.CSRF_COOKIE_NAME in response.cookies
    )
