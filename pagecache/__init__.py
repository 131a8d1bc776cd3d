"""A shared page cache for anonymous visitors that knows no domain model.

`middleware.PageCacheMiddleware` serves anonymous GET/HEAD requests from Django's cache
(`CACHES["default"]`, Redis when several processes serve the site). Each entry carries
`version.data_version()`, read from django-simple-history's tables, and is served only at that
version, so any audited change made through `save()` or `delete()` is visible on the next
request in every process, with no signal and no explicit invalidation. The cache is an
accelerator only (`backend.py`): when it does not answer, pages are made afresh; when the
database does not answer, anonymous visitors get the last copy, marked stale.
"""
