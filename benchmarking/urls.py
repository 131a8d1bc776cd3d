"""The project's URLs plus a bare view, the floor that every page is compared with.

`manage.py benchmark` runs with ROOT_URLCONF pointing here, so the bare view goes through the
same middleware (sessions, locale, CSP, axes, ...) as the pages it is compared with.
"""

from django.http import HttpResponse
from django.urls import path

from codi_registry.urls import urlpatterns as project_urlpatterns

HELLO_PATH = "/bench-hello/"


def hello(request):
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [path(HELLO_PATH.strip("/") + "/", hello), *project_urlpatterns]
