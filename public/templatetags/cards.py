"""{% agreement_cards agreements %}: the agreement cards of a list (public/cards.py)."""

from django import template

from public.cards import agreement_cards as _agreement_cards

register = template.Library()


@register.simple_tag
def agreement_cards(agreements):
    return _agreement_cards(agreements)
