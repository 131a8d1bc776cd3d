"""Answers for a malformed request and an unknown address: the bilingual pages, or JSON under
/api/, whose clients read JSON and whose OpenAPI document promises it (codi_registry/openapi.py).
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

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
