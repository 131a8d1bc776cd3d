"""Merging organisations entered twice: every row that points at the duplicates moves to the kept
record in one transaction, each with an entry in its audit trail, and the duplicates stay as
aliases that old links follow.

What points at an organisation is found from the model's relations, so a relation added later
(in any app) moves too, without this module importing that app.
"""

import dataclasses

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from records.derived import bulk_update_with_history

from .models import Organisation

# The preview lists this many rows of each relation; the counts are always complete.
PREVIEW_ROWS = 200


@dataclasses.dataclass
class MovingRows:
    """The rows of one relation that point at the organisations being merged."""

    relation: models.ForeignObjectRel
    rows: list

    @property
    def field(self):
        return self.relation.field

    @property
    def model(self):
        return self.relation.related_model

    @property
    def label(self):
        if self.relation.related_model is Organisation:
            return f"{self.model._meta.verbose_name_plural} ({self.field.verbose_name})"
        return self.model._meta.verbose_name_plural


@dataclasses.dataclass
class MergePlan:
    kept: Organisation
    merged: list
    moving: list  # [MovingRows], one per relation, empty ones included
    people: list  # the signatories who signed for the merged organisations
    conflicts: list  # Thai sentences; any one blocks the merge

    @property
    def total(self):
        return sum(len(group.rows) for group in self.moving)


def organisation_relations():
    """The relations that point at Organisation, its audit trail's copies left out."""
    return [
        relation
        for relation in Organisation._meta.related_objects
        if relation.one_to_many and not issubclass(relation.related_model, HistoricalChanges)
    ]


def _forward_keys(model):
    """What a row's name in the preview and its move read: its foreign keys, including the
    organisation it leaves (its name is the change reason's and the name as written)."""
    return [field.name for field in model._meta.concrete_fields if field.many_to_one]


def organisation_merge_plan(*, kept, merged, lock=False):
    """What merging `merged` (organisations) into `kept` would move, and what stops it.

    One query per relation whatever the number of rows (plus one for the people). With `lock`,
    the rows are read with SELECT … FOR UPDATE (inside organisation_merge's transaction).
    """
    merged = [organisation for organisation in merged if organisation.pk != kept.pk]
    merged_pks = [organisation.pk for organisation in merged]
    moving = []
    conflicts = []
    if not merged:
        conflicts.append(_("Choose at least two organisations: one to keep and one to merge."))
    for organisation in [kept, *merged]:
        if organisation.is_alias:
            conflicts.append(
                _("“%(name)s” was already merged into another record.")
                % {"name": organisation.name_th}
            )
    for relation in organisation_relations():
        name = relation.field.name
        rows = relation.related_model._base_manager.filter(**{f"{name}__in": merged_pks})
        rows = rows.select_related(*_forward_keys(relation.related_model)).order_by("pk")
        if lock:
            rows = rows.select_for_update(of=("self",))
        group = MovingRows(relation=relation, rows=list(rows))
        moving.append(group)
        conflicts += _unique_conflicts(group, kept)
    for group in moving:
        if group.model is Organisation and group.field.name in ("parent", "successor"):
            if any(row.pk == kept.pk for row in group.rows):
                conflicts.append(
                    _("“%(name)s” points at an organisation being merged into it (%(field)s).")
                    % {"name": kept.name_th, "field": group.field.verbose_name}
                )
    return MergePlan(
        kept=kept,
        merged=merged,
        moving=moving,
        people=_people(moving),
        conflicts=conflicts,
    )


def _people(moving):
    """The people who signed for the merged organisations: they move with the rows that name
    them (an agreement party's signatory)."""
    people = {}
    for group in moving:
        for field in group.model._meta.concrete_fields:
            if field.many_to_one and field.related_model._meta.label == "partners.Person":
                for row in group.rows:
                    person = getattr(row, field.name)
                    if person is not None:
                        people[person.pk] = person
    return sorted(people.values(), key=lambda person: person.name_th)


def _unique_conflicts(group, kept):
    """Rows that would break a unique constraint once they point at `kept`, e.g. both
    organisations are parties to the same agreement."""
    name = group.field.name
    model = group.model
    conflicts = []
    for fields, condition in _unique_field_sets(model, name):
        others = [field for field in fields if field != name]
        if not group.rows or not others:
            continue
        attnames = [model._meta.get_field(field).attname for field in others]
        existing = model._base_manager.filter(**{name: kept})
        rows = group.rows
        if condition is not None:
            # A partial constraint: only the rows it covers, once they point at `kept`.
            existing = existing.filter(condition)
            covered = set(
                model._base_manager.filter(condition, pk__in=[row.pk for row in rows]).values_list(
                    "pk", flat=True
                )
            )
            rows = [row for row in rows if row.pk in covered]
        seen = {tuple(row): None for row in existing.values_list(*attnames)}
        for row in rows:
            key = tuple(getattr(row, attname) for attname in attnames)
            if None in key:
                continue
            if key in seen:
                conflicts.append(
                    _(
                        "%(model)s: “%(row)s” and a row of “%(kept)s” would become the same "
                        "(%(fields)s must be unique). Correct one of them first."
                    )
                    % {
                        "model": model._meta.verbose_name,
                        "row": _describe(row),
                        "kept": kept.name_th,
                        "fields": ", ".join(
                            str(model._meta.get_field(field).verbose_name) for field in fields
                        ),
                    }
                )
            seen[key] = None
    return conflicts


def _describe(row):
    """A row as staff know it: an agreement's rows with the agreement's reference."""
    agreement = getattr(row, "agreement", None)
    return f"{agreement.reference} · {row}" if agreement is not None else str(row)


def _unique_field_sets(model, name):
    """[(fields, condition)] of the unique rules that name the field `name`; the condition of
    a partial unique constraint (a Q), else None."""
    sets = [(list(fields), None) for fields in model._meta.unique_together]
    sets += [
        (list(constraint.fields), constraint.condition)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    ]
    if model._meta.get_field(name).unique:
        sets.append(([name], None))
    return [(fields, condition) for fields, condition in sets if name in fields]


@transaction.atomic
def organisation_merge(*, kept, merged, user=None, today=None):
    """Merge the organisations `merged` into `kept`: every row that points at one of them
    points at `kept` afterwards, with an audit-trail entry by `user`, and each merged record
    becomes an alias of `kept` (successor, "merged", today). Returns the plan it carried out.

    Raises ValidationError (nothing written) when the plan has conflicts.
    """
    today = today or timezone.localdate()
    pks = [kept.pk, *(organisation.pk for organisation in merged)]
    locked = {o.pk: o for o in Organisation.objects.select_for_update().filter(pk__in=pks)}
    kept = locked[kept.pk]
    merged = [locked[pk] for pk in pks[1:] if pk in locked and pk != kept.pk]
    plan = organisation_merge_plan(kept=kept, merged=merged, lock=True)
    if plan.conflicts:
        raise ValidationError(plan.conflicts)
    names = {organisation.pk: organisation.name_th for organisation in merged}
    for group in plan.moving:
        _move(group, kept, names, user)
    for organisation in merged:
        organisation.refresh_from_db()  # a unit or alias of another merged one moved meanwhile
        organisation.successor = kept
        organisation.successor_reason = Organisation.SuccessorReason.MERGED
        organisation.successor_since = today
        organisation.version += 1
        organisation._history_user = user
        organisation._change_reason = _change_reason(organisation.name_th, kept)
        organisation.save()
    return plan


def _change_reason(name, kept):
    # Stored in the audit trail, which staff read in Thai: not translated per request.
    return f"รวมองค์กร: {name} → {kept.name_th}"


def _move(group, kept, names, user):
    """Point the rows of one relation at `kept`: one UPDATE and one history INSERT per
    batch, never a query per row. A row that keeps the organisation's name as written
    (`<field>_name_th`) has it filled first if empty, so the document's name stays."""
    if not group.rows:
        return
    field = group.field
    fields = [field.name]
    written = [f"{field.name}_name_th", f"{field.name}_name_en"]
    keeps_names = all(_has_field(group.model, name) for name in written)
    if keeps_names:
        fields += written
    versioned = _has_field(group.model, "version")
    if versioned:
        fields.append("version")
    by_reason = {}
    for row in group.rows:
        old = getattr(row, field.name)
        if keeps_names and not getattr(row, written[0]):
            setattr(row, written[0], old.name_th)
            setattr(row, written[1], old.name_en)
        setattr(row, field.name, kept)
        if versioned:
            row.version += 1
        by_reason.setdefault(_change_reason(names[old.pk], kept), []).append(row)
    for reason, rows in by_reason.items():
        bulk_update_with_history(
            rows, group.model, fields, default_user=user, default_change_reason=reason
        )


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
