"""Query parameters every endpoint of the open-data API checks, whatever its own filters."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend


class QueryChecks(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        check_query(request)
        return queryset


def check_query(request):
    """400 for what would otherwise be answered wrongly without a word:

    - `?search=`, what many APIs call their text search; here it is `?q=`. Ignored, it would
      answer every row as if they all matched.
    - a parameter given twice (`?year=2566&year=2567`): every parameter takes one value, and
      all but the last would be ignored.
    """
    params = request.query_params
    if "search" in params:
        raise ValidationError({"search": [_("Unknown parameter: search by text with ?q=.")]})
    repeated = sorted(name for name in params if len(params.getlist(name)) > 1)
    if repeated:
        raise ValidationError({name: [_("Give this parameter only once.")] for name in repeated})
