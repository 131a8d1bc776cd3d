"""{% agreement_cards agreements %} and {% partner_rows partners %}: the repeated blocks of the
public lists (public/cards.py)."""

from django import template

from public import cards

register = template.Library()


@register.simple_tag
def agreement_cards(agreements):
    return cards.agreement_cards(agreements)


@register.simple_tag
def partner_rows(partners):
    return cards.partner_rows(partners)
