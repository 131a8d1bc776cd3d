"""The cache as an accelerator only: a cache that cannot be reached is a miss, never an error.

Redis may restart, fill up or drop off the network; the site must answer all the same, only
slower. Every read and write of the page cache (and the download rate limit's counters, and
the background jobs' progress) goes through here: a backend error is logged once when the cache
stops answering and once when it answers again, not on every request, and the caller carries
on as if nothing was cached.
"""

import logging

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger("pagecache")

# What a cache backend raises when it cannot answer: Redis's own errors, and the socket's.
CACHE_ERRORS = (RedisError, OSError)


class Outage:
    """Whether the cache failed last time, so that each outage is logged once per process."""

    failing = False

    @classmethod
    def failed(cls, error):
        if not cls.failing:
            cls.failing = True
            logger.warning("The cache does not answer (%s): pages are served without it.", error)

    @classmethod
    def answered(cls):
        if cls.failing:
            cls.failing = False
            logger.warning("The cache answers again.")


def cache_get(key):
    """The cached value, or None when there is none or the cache does not answer."""
    try:
        value = cache.get(key)
    except CACHE_ERRORS as error:
        Outage.failed(error)
        return None
    Outage.answered()
    return value


def cache_set(key, value, timeout):
    """Keep `value`; a cache that does not answer keeps nothing, and that is all."""
    try:
        cache.set(key, value, timeout)
    except CACHE_ERRORS as error:
        Outage.failed(error)
    else:
        Outage.answered()
