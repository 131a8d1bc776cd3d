"""Pages whose count does not cost a pass over every matching row.

Django's Paginator counts with COUNT(*), which reads every row that matches: at national scale
the biggest share of a list page's SQL. A search that bounded its candidates already knows how
many it found, and says so on the queryset (`found_count`, `found_capped`): this paginator
takes that number instead of asking the database again.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class KnownCountPaginator(Paginator):
    """A Paginator that uses the count the queryset already knows, when it knows one.

    `capped` is True when the list holds only the first part of the matches (a broad search
    ranks the newest of them): pages then say "more than" their count.
    """

    capped = False

    @cached_property
    def count(self):
        found = getattr(self.object_list, "found_count", None)
        if found is None:
            return super().count
        self.capped = getattr(self.object_list, "found_capped", False)
        return found
