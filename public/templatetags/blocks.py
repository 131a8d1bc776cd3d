"""The repeated blocks of the public pages, drawn in Python (public/blocks.py):
{% filter_field field %}, {% agreement_cards agreements %}, {% party_list parties %},
{% party_attendees parties %}, {% partner_rows partners %},
{% progress item %}, {% commitment_list items %}, {% commitment_cards commitments %},
{% timeline events show_agreement=True %}, {% budget_table budget by="province" %},
{% budget_chart chart "chart-id" %}, {% money_trail budget "money-id" %},
{% proposal_cards proposals show_event=False %} and {% proposal_steps steps %}."""

from django import template

from public import blocks

register = template.Library()


@register.simple_tag
def filter_field(field):
    return blocks.filter_field(field)


@register.simple_tag
def agreement_cards(agreements):
    return blocks.agreement_cards(agreements)


@register.simple_tag
def party_list(parties):
    return blocks.party_list(parties)


@register.simple_tag
def party_attendees(parties):
    return blocks.party_attendees(parties)


@register.simple_tag
def partner_rows(partners):
    return blocks.partner_rows(partners)


@register.simple_tag
def progress(item):
    return blocks.progress(item)


@register.simple_tag
def commitment_list(items, css_class="commitment-list", line_breaks=False):
    return blocks.commitment_list(items, css_class, line_breaks)


@register.simple_tag
def commitment_cards(commitments):
    return blocks.commitment_cards(commitments)


@register.simple_tag
def timeline(events, show_agreement=False):
    return blocks.timeline(events, show_agreement)


@register.simple_tag
def budget_chart(chart, chart_id):
    return blocks.budget_chart(chart, chart_id)


@register.simple_tag
def budget_table(budget, by=""):
    return blocks.budget_table(budget, by)


@register.simple_tag
def money_trail(budget, chart_id):
    return blocks.money_trail(budget, chart_id)


@register.simple_tag
def proposal_cards(proposals, show_event=True):
    return blocks.proposal_cards(proposals, show_event)


@register.simple_tag
def proposal_steps(steps):
    return blocks.proposal_steps(steps)
