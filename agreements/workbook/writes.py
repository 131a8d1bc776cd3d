"""Writing a plan (workbook_import): every agreement of the file or none, each sent for
review, with the organisations and people it creates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from geography.imports import province_widget
from geography.models import Province
from importing.resources import ChoiceWidget
from partners.models import Organisation, Person

from .. import review
from ..models import Agreement, AgreementParty, Responsibility, ScopeClause
from .plans import Plan, RecordPlan
from .reading import WorkbookError, _blank, _text


def _reason(file_name):
    with translation.override("th"):
        return gettext("Imported from file %(name)s") % {"name": file_name or "-"}


def _save(record, user, reason):
    record._history_user = user
    record._change_reason = reason
    record.full_clean(exclude=["version"] if hasattr(record, "version") else None)
    record.save()
    return record


def _delete(record, user, reason):
    record._history_user = user
    record._change_reason = reason
    record.delete()


@transaction.atomic
def workbook_import(plan: Plan, *, user=None) -> dict:
    """Write `plan` (from workbook_plan, not refused): every agreement or none. Returns the
    counts by status. WorkbookError (nothing written) when a record fails its model's checks
    in a way the preview could not see (a constraint between rows)."""
    if plan.refused:
        raise ValueError("a refused plan cannot be imported")
    try:
        return _write(plan, user)
    except ValidationError as error:
        raise WorkbookError(
            gettext("Refused, nothing written: %(reasons)s") % {"reasons": " ".join(error.messages)}
        ) from None


def _write(plan, user):
    reason = _reason(plan.file_name)
    user = user if user is not None and user.is_authenticated else None
    organisations, people = {}, {}
    written = []
    for agreement in plan.agreements:
        if agreement.row.status not in ("new", "changed"):
            continue
        instance = agreement.instance
        if instance.pk is not None:
            instance.version += 1  # an admin form opened before is refused (records.locking)
        _save(instance, user, reason)
        instance.themes.set(agreement.themes)
        instance.districts.set(agreement.districts)
        instance.subdistricts.set(agreement.subdistricts)
        _sync_clauses(instance, agreement.clauses, user, reason)
        _sync_parties(instance, agreement, plan, organisations, people, user, reason)
        # Allocations first: an activity may name one the file creates.
        for child in agreement.allocations:
            _write_record(child, instance, plan, organisations, user, reason)
        for child in agreement.activities:
            _write_record(child, instance, plan, organisations, user, reason)
        written.append(agreement)
    by_reference = {a.reference: a.instance for a in plan.agreements}
    for agreement in written:
        instance = agreement.instance
        renews = None
        if agreement.renews:
            renews = by_reference.get(agreement.renews) or Agreement.objects.get(
                reference=agreement.renews
            )
        if instance.renews_id != (renews.pk if renews else None):
            instance.renews = renews
            _save(instance, user, reason)
        review.agreement_submit(agreement=instance, user=user, after_edit=True)
    return plan.counts()


def _sync_clauses(instance, clauses, user, reason):
    existing = {}
    for clause in instance.clauses.all():
        existing.setdefault(clause.order, []).append(clause)
    wanted = {order: (th, en) for order, th, en in clauses}
    for order, rows in existing.items():
        for clause in rows[1:] if order in wanted else rows:
            _delete(clause, user, reason)
    for order, (text_th, text_en) in wanted.items():
        clause = existing.get(order, [None])[0] or ScopeClause(agreement=instance, order=order)
        if clause.pk is None or (clause.text_th, clause.text_en) != (text_th, text_en):
            clause.text_th, clause.text_en = text_th, text_en
            _save(clause, user, reason)


def _sync_parties(instance, agreement, plan, organisations, people, user, reason):
    """Parties by role and order: unchanged ones keep their rows (and the progress recorded on
    their duties), others are updated, created or deleted."""
    existing = {}
    for party in instance.parties.all():
        existing.setdefault((party.role, party.order), []).append(party)
    wanted = {(p.role, p.order): p for p in agreement.parties}
    # Removed first, so that a unique constraint never sees the old and the new row together.
    for key, rows in existing.items():
        for party in rows[1:] if key in wanted else rows:
            _delete(party, user, reason)
    kept = {key: rows[0] for key, rows in existing.items() if key in wanted}
    for key, spec in wanted.items():
        party = kept.get(key) or AgreementParty(
            agreement=instance, role=spec.role, order=spec.order
        )
        values = {
            "organisation": _organisation_for(spec.organisation, plan, organisations, user, reason),
            "signatory": _person_for(spec.signatory, plan, people, user, reason),
            "organisation_name_th": spec.organisation_name_th,
            "organisation_name_en": spec.organisation_name_en,
            "signatory_title": spec.signatory_title,
            "signatory_title_en": spec.signatory_title_en,
        }
        if party.pk is None or any(getattr(party, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(party, name, value)
            _save(party, user, reason)
        _sync_duties(party, spec.duties, user, reason)


def _sync_duties(party, duties, user, reason):
    existing = {}
    for duty in party.responsibilities.all():
        existing.setdefault(duty.order, []).append(duty)
    wanted = {order: (th, en) for order, th, en in duties}
    for order, rows in existing.items():
        for duty in rows[1:] if order in wanted else rows:
            _delete(duty, user, reason)
    for order, (text_th, text_en) in wanted.items():
        duty = existing.get(order, [None])[0] or Responsibility(party=party, order=order)
        if duty.pk is None or (duty.text_th, duty.text_en) != (text_th, text_en):
            duty.text_th, duty.text_en = text_th, text_en
            _save(duty, user, reason)


def _write_record(child, agreement, plan, organisations, user, reason):
    """Create or update the allocation or activity of a RecordPlan (unless it says nothing new),
    published or hidden by the review rule as an import_allocations row is."""
    if not child.changed:
        return
    record = child.record
    if record is None:
        record = child.record = child.model(agreement=agreement)
    for name, value in child.values.items():
        if name == "recipient":
            value = _organisation_for(value, plan, organisations, user, reason)
        elif isinstance(value, RecordPlan):
            value = value.record  # an allocation of the file, written just before
        setattr(record, name, value)
    review.review_write(record, user, published=child.published is not False)
    if record.pk is not None and hasattr(record, "version"):
        record.version += 1  # a form opened before is refused (records.locking)
    _save(record, user, reason)


def _organisation_for(value, plan, made, user, reason):
    """The Organisation of a party: an existing one, the one staff picked, or a new one made
    from the organisations sheet (its parent first)."""
    if value is None or isinstance(value, Organisation):
        return value
    new = plan.new_organisations.get(value)
    if new is not None and new.picked is not None:
        return new.picked
    if value in made:
        return made[value]
    name, code = value
    found = Organisation.objects.filter(name_th=name).filter(
        Q(province__code=code) if code else Q(province__isnull=True)
    )
    organisation = found.first()
    if organisation is None:
        details = plan.organisation_details.get(value)
        cells = details.cells if details else {}
        kind = ChoiceWidget(Organisation.Kind).clean(cells.get("kind")) if cells else None
        parent = None
        if cells and not _blank(cells.get("parent")):
            parent_province = ""
            if not _blank(cells.get("parent_province")):
                parent_province = province_widget().clean(cells.get("parent_province")).code
            parent_key = (_text(cells["parent"]), parent_province)
            parent = _organisation_for(parent_key, plan, made, user, reason)
        organisation = _save(
            Organisation(
                name_th=name,
                province=Province.objects.get(code=code) if code else None,
                name_en=_text(cells.get("name_en")),
                short_name_th=_text(cells.get("short_name_th")),
                short_name_en=_text(cells.get("short_name_en")),
                kind=kind or Organisation.Kind.OTHER,
                parent=parent,
                website=_text(cells.get("website")),
            ),
            user,
            reason,
        )
    made[value] = organisation
    return organisation


def _person_for(value, plan, made, user, reason):
    if value is None or isinstance(value, Person):
        return value
    new = plan.new_people.get(value)
    if new is not None and new.picked is not None:
        return new.picked
    if value not in made:
        name_th, name_en = value
        made[value] = _save(Person(name_th=name_th, name_en=name_en), user, reason)
    return made[value]
