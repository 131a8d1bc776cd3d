"""The open-data API's OpenAPI document: the errors each endpoint answers, besides its 200.

drf-spectacular documents only the successful answer. A client (and schemathesis, in
tests/api/test_schemathesis.py) must also know that an unknown record or a page past the last
one is a 404 `{"detail": ...}`, and that a filter value of the wrong form (not in a code list,
not a number, out of bounds) is a 400 naming the filter (as is, on any endpoint, a query string
with a control character). A value of the right form that names no record (a province slug,
an id) answers an empty list (opendata.filters.filter_or_refuse).
"""

from django import forms
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from opendata.filters import value_form

NOT_FOUND = OpenApiResponse(
    response={
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    description="No such record, or a page past the last one.",
)
INVALID_FILTERS = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    description=(
        "A filter value of the wrong form (not in its code list, not a number, out of its "
        "bounds): the messages by parameter name (`query` when the query string itself holds "
        "a control character or invalid UTF-8). A value of the right form that names no "
        "record answers 200 with an empty list."
    ),
)


# What codi_registry/middleware.py lets through in a query value: no control character.
NO_CONTROL_CHARACTERS = "^[^\\x00-\\x1f\\x7f]*$"


class OpenDataSchema(AutoSchema):
    def get_operation(self, *args, **kwargs):
        """Every text parameter says it takes no control character: the middleware refuses a
        query string with one (a 400) before any view sees it. A code list also takes the
        empty value, which django-filter reads as no filter (`?level=` lists every level).
        A number parameter gets the bounds its filter enforces. A filter may be sent empty."""
        operation = super().get_operation(*args, **kwargs)
        filterset_class = getattr(self.view, "filterset_class", None)
        filters = filterset_class.base_filters if filterset_class else {}
        for parameter in (operation or {}).get("parameters", []):
            schema = parameter.get("schema", {})
            if parameter["in"] != "query":
                continue
            if parameter["name"] in filters and not parameter.get("required"):
                # `?year=` is no filter: django-filter reads an empty value so, as the pages'
                # forms send it. (Paging parameters are not filters and take no empty value.)
                parameter["allowEmptyValue"] = True
            if schema.get("type") in ("integer", "number"):
                schema.update(self._bounds(parameter["name"]))
            if schema.get("type") != "string":
                continue
            schema.setdefault("pattern", NO_CONTROL_CHARACTERS)
            if "enum" in schema and "" not in schema["enum"]:
                schema["enum"] = [*schema["enum"], ""]
        return operation

    def _bounds(self, name):
        """The bounds the filter `name` enforces (an id from 1, a year from 2400):
        drf-spectacular leaves them out, and a client would be refused a value the document
        allows. A NumberFilter says them to its form field; an id or a year chosen among the
        data's, in the form of its values (opendata.filters.value_form)."""
        filterset_class = getattr(self.view, "filterset_class", None)
        filter_ = filterset_class.base_filters.get(name) if filterset_class else None
        if filter_ is None:
            return {}
        form = value_form(filter_)
        extra = filter_.extra
        if isinstance(form, forms.IntegerField):
            extra = {"min_value": form.min_value, "max_value": form.max_value}
        bounds = {}
        for bound, keyword in (("minimum", "min_value"), ("maximum", "max_value")):
            if extra.get(keyword) is not None:
                bounds[bound] = extra[keyword]
        return bounds

    def get_response_serializers(self):
        responses = super().get_response_serializers()
        if self.method != "GET":
            return responses
        if not isinstance(responses, dict):
            responses = {200: responses}
        # Every endpoint may answer 400: a query string with a control character or invalid
        # UTF-8 is refused before any view sees it (codi_registry/middleware.py), and on lists a
        # filter value that is not valid.
        return {**responses, 400: INVALID_FILTERS, 404: NOT_FOUND}
