"""The one check every request passes before anything reads its address: no control characters,
no broken UTF-8.

No page of this site has a control character (C0: NUL to US, and DEL) in its address or in any
query parameter, and every address is UTF-8. Without this check such bytes reach the views:
PostgreSQL refuses a NUL in any text it is asked to compare (a 500 for `/regions/%00/`), and a
CR LF that a view copies into a header (a download's file name) is refused by Django (another
500). Refusing them here, once, spares every view, filter and converter from checking:

- in the path: 404, as for any other address that names nothing;
- in the query string (keys or values): 400 (templates/400.html), as the address exists but
  the question is malformed.

Under /api/ both answers are JSON (codi_registry/errors.py).

The path and query string are read as the raw bytes the client sent, percent-decoded: Django
itself would turn broken UTF-8 into "%FF" in the path and "\ufffd" in query values, which are
harmless but would hide what the client sent.
"""

import re
from urllib.parse import parse_qsl

from django.core.exceptions import BadRequest
from django.http import Http404
from django.urls import get_resolver
from django.utils.log import log_response

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not path_is_clean(request.META.get("PATH_INFO", "")):
            raise Http404("Control character or invalid UTF-8 in the path")
        if not query_is_clean(request.META.get("QUERY_STRING", "")):
            # Answered here rather than raised: Django logs a raised BadRequest with its
            # traceback, which says nothing about a client's malformed address.
            response = get_resolver().resolve_error_handler(400)(request, BadRequest())
            log_response(
                "Bad request (control character or invalid UTF-8 in the query string): %s",
                request.path,
                response=response,
                request=request,
            )
            return response
        return self.get_response(request)


def as_bytes(text: str):
    """The bytes the client sent, from an environ string.

    WSGI passes them as a latin-1 string (PEP 3333); an ASGI server gives text it has decoded
    itself, which cannot be encoded as latin-1 once it holds anything beyond it.
    """
    try:
        return text.encode("iso-8859-1")
    except UnicodeEncodeError:
        return text.encode()


def path_is_clean(path: str):
    try:
        text = as_bytes(path).decode()
    except UnicodeDecodeError:
        return False
    return not CONTROL_CHARACTERS.search(text)


def query_is_clean(query_string: str):
    try:
        query = as_bytes(query_string).decode()
        pairs = parse_qsl(query, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return False
    return not any(CONTROL_CHARACTERS.search(key + value) for key, value in pairs)
