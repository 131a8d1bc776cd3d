"""Writes that touch several rows at once, inside one transaction.

Rows are written with save() and removed with delete(), never with QuerySet.update(): the audit
trail only sees those.
"""

from django.db import transaction

from .models import Responsibility


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
