"""A shared page cache for anonymous visitors that knows no domain model.

`middleware.PageCacheMiddleware` serves anonymous GET/HEAD requests from Django's cache
(`CACHES["default"]`, Redis when several processes serve the site). Its keys include
`version.data_version()`, read from django-simple-history's tables, so any audited change made
through `save()` or `delete()` is visible on the next request in every process, with no
signal and no explicit invalidation.
"""
