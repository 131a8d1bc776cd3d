"""Answers for a malformed request, an unknown address and a server error: the bilingual pages,
or JSON under /api/ for the first two, whose clients read JSON and whose OpenAPI document
promises it (codi_registry/openapi.py).
"""

import sys

from django.db import DatabaseError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from pagecache.middleware import database_unavailable

# Thai as it is, like the API's own answers (DRF's JSON renderer).
UTF8 = {"ensure_ascii": False}


def is_api(request):
    return request.path.startswith("/api/")


def bad_request(request, exception):
    if is_api(request):
        # Shaped like a filter's error: the messages by parameter, here the whole query.
        message = _("The query string holds a control character or is not valid UTF-8.")
        return JsonResponse({"query": [message]}, status=400, json_dumps_params=UTF8)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404, json_dumps_params=UTF8)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """A database that does not answer is the 503 page (for staff too, whose pages are never
    cached): it will answer again, and nothing saved is lost. Anything else is the 500 page."""
    if isinstance(sys.exception(), DatabaseError):
        return database_unavailable(request)
    return defaults.server_error(request)
