"""Optimistic locking for the admin's change forms: a save made from a form opened before someone
else's save is refused, instead of silently putting back what the form showed.

A record with a `version` column carries it in its change form as a hidden field. When the form
is validated, the row is read with SELECT … FOR UPDATE inside the admin's transaction (the change
view runs in one), so the comparison and the save that follows cannot interleave with another
save of the same row: a second save waits for the first to commit, then sees the new version and
is refused. A save that passes writes the next version with the row.

The refusal names who saved in between, what they changed and when, read from the audit trail
(django-simple-history). The form is shown again with the user's own entries and the current
version, so saving it again is a deliberate choice to put those entries over the other change.

A spreadsheet import (importing.resources) moves the version on for each record it changes, so a
form opened before the import is refused too; other commands and the demo loader write rows
without a form and leave the version as it is.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models, transaction
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thai.calendar import local_datetime


def version_field():
    """The `version` column of a record whose change form is checked here."""
    return models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_(
            "Counts the saves made in the admin; a form opened before the last save is refused."
        ),
    )


VERSION_FIELD = "version"


class VersionInput(forms.HiddenInput):
    """A hidden input that no <label> points to: the admin draws a label for every field of a
    fieldset, and one whose `for` names a hidden input is not valid HTML (Nu Html Checker)."""

    def id_for_label(self, id_):
        return None


class VersionedModelForm(forms.ModelForm):
    version = forms.IntegerField(
        label=_("version"), widget=VersionInput, required=False, min_value=1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault(VERSION_FIELD, self.instance.version)

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is None:
            return cleaned
        rows = type(instance)._base_manager.filter(pk=instance.pk)
        if transaction.get_connection(rows.db).in_atomic_block:
            rows = rows.select_for_update()
        current = rows.values_list(VERSION_FIELD, flat=True).first()
        if current is None:  # deleted meanwhile: the admin says so itself
            return cleaned
        seen = cleaned.get(VERSION_FIELD)
        # A form always sends the version it was opened with; a hand-made POST without one is
        # not checked, but still moves the version on.
        if seen is not None and seen != current:
            self.add_error(None, conflict_message(instance, seen))
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION_FIELD)] = str(current)
            return cleaned
        instance.version = current + 1
        return cleaned


def conflict_message(instance, seen_version):
    """'นาย ก saved this agreement on 21 พฤศจิกายน 2569 at 09:30, after you opened this form,
    and changed: title (English). …' from the records saved since version `seen_version`."""
    history = instance.history.order_by("history_date", "history_id")
    opened = history.filter(version=seen_version).last()
    since = history.filter(history_date__gt=opened.history_date) if opened else history
    records = list(since.select_related("history_user"))
    if not records:
        return gettext("Someone saved this record after you opened this form.")
    latest = records[-1]
    changed = []
    if opened is not None:
        skipped = [f.name for f in instance._meta.fields if not f.editable]
        delta = latest.diff_against(opened, excluded_fields=skipped)
        changed = [
            str(instance._meta.get_field(name).verbose_name) for name in delta.changed_fields
        ]
    users = []
    for record in records:
        name = user_name(record.history_user)
        if name not in users:
            users.append(name)
    return gettext(
        "%(users)s saved this %(thing)s on %(when)s, after you opened this form, and changed: "
        "%(fields)s. Your entries are kept below: check them and save again to put them over "
        "that change, or open the page again to see it first."
    ) % {
        "users": get_text_list(users, gettext("and")),
        "thing": instance._meta.verbose_name,
        "when": local_datetime(latest.history_date),
        "fields": ", ".join(changed) if changed else gettext("only the rows that belong to it"),
    }


def user_name(user):
    if user is None:
        return gettext("an import or another program")
    return user.get_full_name() or user.get_username()


class VersionedAdminMixin:
    """For the ModelAdmin (or inline) of a model with a `version`: the form carries it hidden.

    The version is not editable, so it is left out of the model form's fields and added by
    VersionedModelForm; it is put in the first fieldset so that the page renders it.
    """

    form = VersionedModelForm

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), VERSION_FIELD]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]
