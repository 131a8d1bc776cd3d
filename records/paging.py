"""Pages whose count does not cost a pass over every matching row.

Django's Paginator counts with COUNT(*), which reads every row that matches: at national scale
the biggest share of a list page's SQL. A search that bounded its candidates already knows how
many it found, and says so on the queryset (`found_count`, `found_capped`); a list whose size
figures kept current with the data give says so too, with a function (`found_count`
callable, asked only when a page is counted): this paginator takes that number instead of
asking the database.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class KnownCountPaginator(Paginator):
    """A Paginator that uses the count the queryset already knows, when it knows one, and
    otherwise, when it has a `cap`, counts at most `cap` + 1 rows (a COUNT over a LIMIT).

    `capped` is True when the list holds only the first part of the matches (a broad search
    ranks the newest of them; a count stopped at the cap): pages then say "more than" their
    count, and the pages past the cap are not offered.
    """

    cap = None  # exact counts: the API's `count` is a number, not "more than"
    capped = False

    @cached_property
    def count(self):
        found = getattr(self.object_list, "found_count", None)
        if found is not None:
            self.capped = getattr(self.object_list, "found_capped", False)
            return found() if callable(found) else found
        if self.cap is None:
            return super().count
        counted = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)


class CappedCountPaginator(KnownCountPaginator):
    """Counts at most `cap` + 1 rows where the queryset knows no count: enough for "is there
    a next page" and for "more than `cap`", without reading every match of a broad search.
    The public lists (a filter that matches half the country, "in force", reads a thousand
    rows) and the admin autocompletes."""

    cap = 1000


class AutocompletePagingMixin:
    """For a ModelAdmin that admin autocompletes search: their answer needs only the page of
    options and whether there are more, so the count behind it stops at CappedCountPaginator's
    cap instead of counting every organisation or person that matches."""

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            return CappedCountPaginator(queryset, per_page, orphans, allow_empty_first_page)
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
