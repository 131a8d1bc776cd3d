"""No address of the site answers a server error, whatever a client puts in it.

Every URL pattern (found by walking the resolver, so a new page is covered the day it is added),
once with real values from the demo data and once with hostile ones in each path parameter; and
every query parameter a pattern's view reads (its FilterSet or form, the API's pagination, and the
parameters any view may look at) with hostile values. Not the full cross product of parameters:
one hostile parameter at a time, which is where a missing check shows.

The budget: each view × each of its parameters gets one value of every class of hostile value
(HOSTILE_CLASSES), not every value. Which value of a class a view gets rotates with each view
that reads the same parameter name, so a parameter that several views share (the agreement
filters: the list, its CSV, XLSX and API) still meets every value somewhere. Parameters a view
does not declare get one value and one malformed shape each: a view reading one anyway is what
they look for.

The admin is left out (staff only, Django's own). Downloads are in, with the rate limit off so a
429 cannot hide what the view would have answered.
"""

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation
from django.utils.module_loading import import_string

from agreements.models import Agreement, Attachment
from budgets.models import Allocation
from geography.models import Province, Region
from partners.models import Organisation
from public.sitemaps import SITEMAPS

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

# Hostile values, as raw bytes or text, by the kind of check each would find missing; quote()
# percent-encodes either for the address.
HOSTILE_CLASSES = {
    # codi_registry/middleware.py answers these two classes before any view.
    "control characters": ["\x00", "a\r\nSet-Cookie: x=1", "\t", "\x7f"],
    "broken UTF-8": [b"\xff\xfe", b"\xe0\xb8"],  # the second: a Thai letter cut in half
    "huge text": ["ก" * 10_000],
    "integers out of place": ["-1", "0", "999999"],
    "numbers beyond any column": [str(10**30), str(-(10**30)), "1e309"],
    "not integers": ["1.5", "NaN"],
    "impossible dates": ["2568-13-45", "0000-00-00"],
    "unknown words": ["no-such-thing", "ราชภัฏ", "\u202egnp.exe", "😀"],
    "injection and paths": ["' OR '1'='1' --", "1; DROP TABLE agreements_agreement", "%"]
    + ["../../etc/passwd"],
    "empty": [""],
}
HOSTILE = [value for values in HOSTILE_CLASSES.values() for value in values]
# For parameters a view does not declare: what a view reading one anyway could trip over.
COMMON_VALUES = ["-1", "0", "999999", str(10**30), "ก" * 10_000, "no-such-thing", "' OR 1=1 --", ""]

# Parameters any view may read: pagination, ordering, search, DRF's format, the schema's.
COMMON_PARAMETERS = ["page", "sort", "o", "q", "format", "lang", "version"]

# Views that read their filters inside a function, not from a `filterset_class` attribute.
FUNCTION_VIEW_FILTERS = {
    "agreement-csv": "agreements.filters.AgreementFilter",
    "agreement-xlsx": "agreements.filters.AgreementFilter",
    "allocation-csv": "budgets.filters.AllocationFilter",
    "allocation-xlsx": "budgets.filters.AllocationFilter",
    "summary-xlsx": "budgets.filters.AllocationFilter",
    "summary-pdf": "budgets.filters.AllocationFilter",
    "partnership-dashboard": "public.partnerships.DashboardForm",
    "partnership-csv": "public.partnerships.DashboardForm",
    "partnership-xlsx": "public.partnerships.DashboardForm",
}


def templates(resolver=None, prefix=""):
    """("regions/{code}/", pattern) for every URL pattern outside the admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        template = prefix + pattern_template(entry.pattern)
        if template.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            yield from templates(entry, template)
        else:
            yield template, entry


def pattern_template(pattern):
    if isinstance(pattern, LocalePrefixPattern):
        # Thai, at the root. The prefix is that of the active language, which a request to an
        # English page made earlier in this process (LocaleMiddleware) leaves active.
        with translation.override(settings.LANGUAGE_CODE):
            return pattern.language_prefix
    if isinstance(pattern, RoutePattern):
        # DRF's format-suffix converter matches ".json/" and gives "json".
        route = str(pattern).replace("<drf_format_suffix:format>", ".<format>/")
        return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    assert isinstance(pattern, RegexPattern), pattern
    regex = str(pattern).removeprefix("^").removesuffix("$")
    regex = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", regex)
    return regex.replace("/?", "/").replace("\\.", ".")


def real_values():
    """Values from the demo data for every path parameter name the site uses."""
    pks = [
        Agreement.objects.published().values_list("pk", flat=True).first(),
        Organisation.objects.public_partners().values_list("pk", flat=True).first(),
        Allocation.objects.published().values_list("pk", flat=True).first(),
        Attachment.objects.values_list("pk", flat=True).first(),
    ]
    return {
        # Regions and provinces are both named by their code (link-preview images).
        "code": [Region.objects.first().code, Province.objects.get(slug="kanchanaburi").code],
        "section": list(SITEMAPS),
        "slug": [Province.objects.get(slug="kanchanaburi").slug],
        "pk": [str(pk) for pk in pks if pk is not None],
        "format": ["json"],
    }


def fill(template, values):
    return "/" + template.format(**{name: quote(value, safe="") for name, value in values.items()})


def own_parameters(match):
    """The query parameters the view of `match` declares: its filters and pagination."""
    view = getattr(match.func, "view_class", None) or getattr(match.func, "cls", None)
    filters = getattr(view, "filterset_class", None)
    if match.url_name in FUNCTION_VIEW_FILTERS:
        filters = import_string(FUNCTION_VIEW_FILTERS[match.url_name])
    names = set()
    if filters is not None:
        names |= set(getattr(filters, "base_filters", None) or filters.base_fields)
    pagination = getattr(view, "pagination_class", None)
    if pagination is not None and pagination.page_size_query_param:
        names.add(pagination.page_size_query_param)
    return sorted(names)


def query_targets():
    """(url, its own parameters) for one address of every view: the ".json" twins of the API's
    addresses and other real values reach the same code."""
    seen = set()
    for url in real_urls(every_value=False):
        match = resolve(url)
        if match.view_name not in seen:
            seen.add(match.view_name)
            yield url, own_parameters(match)


def shapes(name):
    """The malformed forms of a parameter: repeated, repeated with a NUL, bracketed, bare."""
    return [f"{name}=1&{name}=2", f"{name}=kanchanaburi&{name}=%00", f"{quote(name)}[]=1", name]


class Rotation:
    """The n-th view that reads a parameter name gets the n-th value of each list (wrapping),
    so views sharing a parameter meet different values of the same class."""

    def __init__(self):
        self.seen = {}

    def turn(self, name):
        self.seen[name] = self.seen.get(name, -1) + 1
        return self.seen[name]


def queries(name, turn):
    """Query strings with one hostile `name`: one value of every class, and one malformed shape."""
    for values in HOSTILE_CLASSES.values():
        yield f"{name}={quote(values[turn % len(values)], safe='')}"
    yield pick(shapes(name), turn)


def undeclared_queries(name, turn):
    """One value and one shape for a parameter the view does not declare (control characters
    were shown refused before any view, so the value is one that reaches the views)."""
    yield f"{name}={quote(pick(COMMON_VALUES, turn), safe='')}"
    yield pick(shapes(name), turn)


def pick(values, turn):
    return values[turn % len(values)]


def hostile_queries():
    """(url, query string) for every view's address: its own parameters with every class of
    hostile value, and the parameters any view may read."""
    rotation = Rotation()
    for url, own in query_targets():
        for name in own:
            yield from ((url, query) for query in queries(name, rotation.turn(name)))
        for name in COMMON_PARAMETERS:
            if name not in own:
                turn = rotation.turn(name)
                yield from ((url, query) for query in undeclared_queries(name, turn))


@pytest.fixture
def visitor(demo, settings):
    settings.DOWNLOAD_RATE_LIMIT = ""
    return Client(raise_request_exception=False)


def server_errors(visitor, urls):
    failures = []
    for url in urls:
        response = visitor.get(url)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {url[:200]}")
    return failures


def real_urls(every_value=True):
    """Every pattern filled with real values: the first of each, then (`every_value`) the others."""
    values = real_values()
    for template, _pattern in templates():
        names = re.findall(r"{(\w+)}", template)
        yield fill(template, {name: values[name][0] for name in names})
        for name in names if every_value else []:
            for value in values[name][1:]:
                yield fill(template, {**{n: values[n][0] for n in names}, name: value})


def test_the_walk_finds_every_kind_of_page():
    found = {template for template, _pattern in templates()}
    assert "regions/{code}/" in found
    assert "agreements/{pk}/export.pdf" in found
    assert "api/v1/provinces/{slug}/" in found
    assert "api/v1/agreements.{format}/" in found
    assert "api/v1/.{format}/" in found
    assert "api/schema/" in found
    assert not any(template.startswith("admin/") for template in found)


def test_every_address_with_real_values_answers_without_a_server_error(visitor):
    urls = list(real_urls())
    responses = {url: visitor.get(url).status_code for url in urls}
    assert not [url for url, status in responses.items() if status >= 500]
    # The walk reached real pages, not only 404s.
    assert responses["/regions/" + Region.objects.first().code + "/"] == 200
    assert sum(status == 200 for status in responses.values()) >= 20


def test_no_hostile_path_value_gives_a_server_error(visitor):
    values = real_values()
    urls = []
    for template, _pattern in templates():
        names = re.findall(r"{(\w+)}", template)
        for name in names:
            for value in HOSTILE:
                urls.append(fill(template, {**{n: values[n][0] for n in names}, name: value}))
    assert len(urls) > 200
    assert server_errors(visitor, urls) == []


@pytest.mark.slow  # about 45 s: every hostile value in every parameter of every page
def test_no_hostile_query_parameter_gives_a_server_error(visitor):
    urls = [f"{url}?{query}" for url, query in hostile_queries()]
    assert any("partner_kind=" in url for url in urls)
    assert any("fiscal_year=" in url for url in urls)
    assert any("page_size=" in url for url in urls)
    assert any(url.startswith("/partnerships/export.csv?sort=") for url in urls)
    # The budget leaves no value unsent: the filters several views share meet every one.
    for name in ("region", "province", "q"):
        sent = {url.split("?", 1)[1] for url in urls if url.split("?", 1)[1].startswith(name)}
        assert {f"{name}={quote(value, safe='')}" for value in HOSTILE} <= sent, name
        assert set(shapes(name)) <= sent, name
    assert server_errors(visitor, urls) == []
