"""The admin's history pages, for reading only.

django-simple-history's page for one past version ("history form") is a full model form, and a
POST to it saves that form as a change after checking only the *view* permission. With reverting
turned off (SIMPLE_HISTORY_REVERT_DISABLED) nothing links to that, but a hand-made POST would let
a member of staff who may only view a record (regional staff and provinces, themes, programmes)
change it, outside the change view's rules. Every history admin here refuses anything but reading.
"""

from django.http import HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin

from .deletion import LinkRowsOutOfDeleteSummaryMixin


class ReadOnlyHistoryAdmin(LinkRowsOutOfDeleteSummaryMixin, SimpleHistoryAdmin):
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_form_view(request, object_id, version_id, extra_context)
