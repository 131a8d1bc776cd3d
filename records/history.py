"""The admin's history pages, for reading only.

django-simple-history's page for one past version ("history form") is a full model form, and a
POST to it saves that form as a change after checking only the *view* permission. With reverting
turned off (SIMPLE_HISTORY_REVERT_DISABLED) nothing links to that, but a hand-made POST would let
a member of staff who may only view a record (regional staff and provinces, themes, programmes)
change it, outside the change view's rules. Every history admin here refuses anything but reading.

The list of versions says what each one changed, as the admin writes values elsewhere (choices
by their label, dates in BE on Thai pages, a record by its name). simple-history's diff leaves
out the fields staff cannot edit, which left the column empty for a review step (its only
change is the agreement's review state) and so for every entry of an agreement entered,
submitted and published; those fields are compared here too, but not the bookkeeping every save
changes (`updated_at`, the edit-conflict version).
"""

import dataclasses
import unicodedata

from django.http import HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject, ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay

from thai.admin_dates import display_for_field

from .deletion import LinkRowsOutOfDeleteSummaryMixin
from .locking import VERSION_FIELD


def _tells_what_happened(field):
    """A field staff cannot edit whose change is still news (an agreement's review state)."""
    return not (
        field.editable
        or field.primary_key
        or field.is_relation
        or field.name == VERSION_FIELD
        or getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
    )


def history_delta(record, previous, foreign_keys_are_objs=True):
    """What `record` changed from `previous` (two historical records of one object), in the
    model's field order. Foreign keys are their objects unless told otherwise: select them with
    the records, or each changed one costs a query."""
    delta = record.diff_against(previous, foreign_keys_are_objs=foreign_keys_are_objs)
    changes = list(delta.changes)
    for field in record.tracked_fields:
        if _tells_what_happened(field):
            old, new = getattr(previous, field.attname), getattr(record, field.attname)
            if old != new:
                changes.append(ModelChange(field.name, old, new))
    position = {field.name: i for i, field in enumerate(record.tracked_fields)}
    changes.sort(key=lambda change: position.get(change.field, len(position)))
    return dataclasses.replace(
        delta, changes=changes, changed_fields=[change.field for change in changes]
    )


class _ShortDiff(ObjDiffDisplay):
    def shortened_str(self, prefix, num_skipped_chars, suffix):
        # simple-history writes "[141 chars]", in English on Thai pages. A Thai vowel or tone
        # mark cut from its consonant would sit on the ellipsis.
        while suffix and unicodedata.category(suffix[0]) == "Mn":
            suffix = suffix[1:]
        return f"{prefix}…{suffix}"


class HistoryChanges(HistoricalRecordContextHelper):
    """A change's values as the admin's lists and read-only fields write them."""

    def __init__(self, model, historical_record, *, empty_value_display, **kwargs):
        super().__init__(model, historical_record, **kwargs)
        self.empty_value_display = empty_value_display

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            return super().prepare_delta_change_value(change, value)
        # simple-history hands an empty foreign key over as a deleted object without a key.
        if isinstance(value, DeletedObject) and value.pk is None:
            value = None
        return display_for_field(value, field, self.empty_value_display, avoid_link=True)

    def get_obj_diff_display(self):
        return _ShortDiff(max_length=self.max_displayed_delta_change_chars)


class ReadOnlyHistoryAdmin(LinkRowsOutOfDeleteSummaryMixin, SimpleHistoryAdmin):
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryChanges(
            self.model, historical_record, empty_value_display=self.get_empty_value_display()
        )

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each record of history_view's page (newest first) with what it changed. The oldest
        on the page is compared with the newest of the next page, read in one query; the
        object's first record has no changes."""
        page = historical_records
        records = list(page)
        older = page.paginator.object_list[page.end_index()] if page.has_next() else None
        # No record, no older one: zip stops at the shorter list.
        for record, previous in zip(records, [*records[1:], older], strict=False):
            if previous is not None:
                helper = self.get_historical_record_context_helper(request, record)
                delta = history_delta(record, previous, foreign_keys_are_objs)
                record.history_delta_changes = helper.context_for_delta_changes(delta)
