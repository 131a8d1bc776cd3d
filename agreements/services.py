"""Writes that touch several rows at once, inside one transaction.

Rows are written with save() and removed with delete(), never with QuerySet.update(): the audit
trail only sees those.
"""

from django.db import transaction

from .models import Attachment, Responsibility


@transaction.atomic
def party_set_responsibilities(*, party, items):
    """Make a party's numbered duties exactly `items` [(text_th, text_en), ...], in order.

    Rows that already say the same thing are kept, so an unchanged list writes nothing.
    """
    current = list(party.responsibilities.order_by("order", "pk"))
    wanted = [(order, th, en) for order, (th, en) in enumerate(items, start=1)]
    if [(r.order, r.text_th, r.text_en) for r in current] == wanted:
        return
    for row in current:
        row.delete()
    for order, text_th, text_en in wanted:
        Responsibility.objects.create(party=party, order=order, text_th=text_th, text_en=text_en)


@transaction.atomic
def party_create_new_partners(*, party, organisation=None, signatory=None):
    """Save the new organisation and the new signatory typed into a party row (unsaved,
    validated) and make them the party's. Saved with save(), so their history records the
    user of the request, as for anything created in the admin."""
    if organisation is not None:
        organisation.save()
        party.organisation = organisation
        if not party.organisation_name_th:
            party.copy_organisation_name()
    if signatory is not None:
        signatory.save()
        party.signatory = signatory


@transaction.atomic
def activity_attachments_follow(*, activity):
    """An activity's files are kept with its agreement: after the activity moved to another
    agreement, move its files there too (an activity without one keeps none, see
    ActivityAdminForm)."""
    if activity.agreement_id is None:
        return
    for attachment in Attachment.objects.filter(activity=activity).exclude(
        agreement_id=activity.agreement_id
    ):
        attachment.agreement_id = activity.agreement_id
        attachment.save()
