"""Per-client limits on the public downloads that cost the most to make: PDFs and full exports.

A client (its address, read as the login lock-out reads it: `AXES_IPWARE_PROXY_COUNT`) may ask
for `DOWNLOAD_RATE_LIMIT` of them (e.g. "30/m") together; past that it gets the bilingual 429
page with `Retry-After` until the window ends. The middleware sits before the page cache, so a
download served from the cache counts too: the limit is what a client may ask, not what it
costs us this time. Staff who are logged in are not limited (a regional office shares one
address); that is checked only once a client is over the limit, so it costs nothing before.

Counters live in the default cache (django-ratelimit): shared by every process when
`CACHE_URL` is Redis, per process otherwise. When that cache does not answer, each process
counts on its own (the `local` cache) until it answers again: the limit holds per process, and
no request fails for it. An empty `DOWNLOAD_RATE_LIMIT` turns the limit off.
"""

import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import get_user
from django.core.cache import caches
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django_ratelimit.core import get_usage

from pagecache.backend import CACHE_ERRORS, Outage

# URL names (codi_registry/urls.py) of the downloads limited here.
LIMITED_VIEWS = {
    "agreement-pdf",
    "agreement-csv",
    "agreement-xlsx",
    "allocation-csv",
    "allocation-xlsx",
    "summary-xlsx",
    "summary-pdf",
    "partnership-csv",
    "partnership-xlsx",
}
GROUP = "public-downloads"


def client_key(group, request):
    return get_client_ip_address(request) or "unknown"


class DownloadRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        usage = self.usage(request)
        if usage and usage["should_limit"] and not is_staff(request):
            return too_many_requests(request, retry_after=max(usage["time_left"], 1))
        return self.get_response(request)

    def usage(self, request):
        if request.method not in ("GET", "HEAD") or not settings.DOWNLOAD_RATE_LIMIT:
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        if match.url_name not in LIMITED_VIEWS:
            return None
        try:
            usage = get_usage(
                request,
                group=GROUP,
                key=client_key,
                rate=settings.DOWNLOAD_RATE_LIMIT,
                increment=True,
            )
        except CACHE_ERRORS as error:
            Outage.failed(error)
            return local_usage(request, settings.DOWNLOAD_RATE_LIMIT)
        Outage.answered()
        return usage


PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def split_rate(rate):
    """("30/m") → (30, 60): how many requests in how many seconds ("30/5m" is 5 minutes)."""
    count, _, period = rate.partition("/")
    return int(count), int(period[:-1] or 1) * PERIODS[period[-1]]


def local_usage(request, rate, now=None):
    """The usage counted in this process alone, in fixed windows, shaped as get_usage's."""
    limit, period = split_rate(rate)
    now = int(now if now is not None else time.time())
    window = now // period
    key = f"{GROUP}:{client_key(GROUP, request)}:{period}:{window}"
    counters = caches["local"]
    counters.add(key, 0, period + 1)
    count = counters.incr(key)
    return {
        "count": count,
        "limit": limit,
        "should_limit": count > limit,
        "time_left": (window + 1) * period - now,
    }


def is_staff(request):
    user = get_user(request)
    return user.is_active and user.is_staff


def too_many_requests(request, retry_after):
    response = render(
        request,
        "429.html",
        {"retry_after_minutes": -(-retry_after // 60)},  # rounded up
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
