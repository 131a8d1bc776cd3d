"""Serve anonymous GET/HEAD requests for public pages from the shared cache.

Settings (codi_registry/settings.py gives each its default):
- PAGE_CACHE: False turns the middleware into a no-op.
- PAGE_CACHE_SECONDS: how long a page is kept (600).
- PAGE_CACHE_MAX_BYTES: streaming responses (CSV/XLSX downloads) are buffered and kept only when
  their body is at most this size (5 MB); larger ones pass through uncached.
- PAGE_CACHE_SKIP_PATHS: path prefixes never cached, checked with and without a language
  prefix (/admin/ covers /en/admin/ too).

The key names the page (scheme, host, path, query, language, today's date); the entry holds the
data version it was made at, and is served only while that is still the version. When the
database does not answer (the version cannot be read), an anonymous visitor gets the last copy
of the page, marked `X-Cache: stale`, or the 503 page when there is none. A cache that does not
answer is a miss (pagecache/backend.py).

Place it after LocaleMiddleware (the key needs the active language) and before CsrfViewMiddleware
and everything that may set cookies, so that their Set-Cookie is seen here and such a response is
not stored.
"""

import hashlib

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.template import loader
from django.utils import timezone
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

from pagecache.backend import cache_get, cache_set
from pagecache.version import data_version

# Headers a visitor's own request may vary on without changing what we cache: every request
# with a session cookie bypasses the cache, and the language is part of the key.
HARMLESS_VARY = {"cookie", "accept-language"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        # The version is read before the view runs, so a stored page is never older than its
        # version.
        try:
            version = data_version()
        except DatabaseError:
            return stale_or_unavailable(request, cache_get(key))
        entry = cache_get(key)
        if entry is not None and entry[0] == version:
            response = response_from_entry(entry)
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if is_cacheable_response(response):
            store(key, version, response)
        response["X-Cache"] = "miss"
        return response


def stale_or_unavailable(request, entry):
    """The database does not answer: the last copy of the page, whatever its version, or the
    503 page (a static template: nothing on it needs the database)."""
    if entry is None:
        return database_unavailable(request)
    response = response_from_entry(entry)
    response["X-Cache"] = "stale"
    # Not to be kept downstream: it is served only until the database answers again.
    response["Cache-Control"] = "no-store"
    return response


def database_unavailable(request):
    # Without the request's context processors: nothing may reach for the database.
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


def is_cacheable_request(request):
    if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    # A session cookie may belong to a logged-in member of staff, whose pages need not be the
    # public's. Finding out would cost a database read, so any session cookie bypasses the cache.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    return not is_skipped_path(request.path_info)


def is_skipped_path(path):
    prefixes = settings.PAGE_CACHE_SKIP_PATHS
    return any(path.startswith(prefix) for prefix in prefixes) or any(
        path.startswith(f"/{code}{prefix}")
        for code, _name in settings.LANGUAGES
        for prefix in prefixes
    )


def page_key(request):
    # Host and scheme too: a page may print absolute links (feeds, sitemaps). Today's date too:
    # statuses such as "expiring" follow the calendar, not the data.
    parts = [
        request.scheme,
        request.get_host(),
        request.path,
        request.META.get("QUERY_STRING", ""),
        get_language() or "",
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"pagecache:{digest}"


def is_cacheable_response(response):
    if response.status_code != 200 or response.cookies or getattr(response, "is_async", False):
        return False
    cache_control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", ""))}
    return vary <= HARMLESS_VARY | {""}


def store(key, version, response):
    headers = list(response.items())
    timeout = settings.PAGE_CACHE_SECONDS
    if not response.streaming:
        cache_set(key, (version, response.status_code, headers, response.content), timeout)
        return

    # Downloads stream: keep a copy of the chunks as they pass, and store it once the last one
    # has gone out, unless it grew past the limit (or the client went away first).
    limit = settings.PAGE_CACHE_MAX_BYTES
    chunks = response.streaming_content

    def pass_through():
        kept, size = [], 0
        for chunk in chunks:
            yield chunk
            size += len(chunk)
            if size <= limit:
                kept.append(chunk)
            else:
                kept.clear()
        if size <= limit:
            cache_set(key, (version, response.status_code, headers, b"".join(kept)), timeout)

    response.streaming_content = pass_through()


def response_from_entry(entry):
    _version, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
