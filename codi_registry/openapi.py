"""The open-data API's OpenAPI document: the errors each endpoint answers, besides its 200.

drf-spectacular documents only the successful answer. A client (and schemathesis, in
tests/api/test_schemathesis.py) must also know that an unknown record or a page past the last
one is a 404 `{"detail": ...}`, and that a filter value which is not one of its choices is a 400
naming the filter (as is, on any endpoint, a query string with a control character).
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

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
        "A filter value that is not valid: the messages by parameter name (`query` when the "
        "query string itself holds a control character or invalid UTF-8)."
    ),
)


class OpenDataSchema(AutoSchema):
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
