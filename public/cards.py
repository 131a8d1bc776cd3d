"""The repeated blocks of the public lists, written out in Python: agreement cards and the
partner list's rows.

A card drawn through a template include cost about half a millisecond each here (twenty
variables, four translations, three reversed URLs): a list of twenty cards was a third of its
page. The HTML is the same as the templates it replaces; the words are translated once per
list and the URLs reversed once per list, not once per card or row.
"""

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from thai.calendar import local_date
from thai.templatetags.thai import lang

# Stands for a URL's one argument while it is reversed; digits, so that any converter takes it.
_MARKER = "918273645"


def url_maker(name, argument):
    """A function of one value giving the URL `name` with `argument` = that value: reverse()
    runs once, in the current language, however many links a list draws."""
    before, after = reverse(name, kwargs={argument: _MARKER}).split(_MARKER)
    return lambda value: f"{before}{value}{after}"


def agreement_cards(agreements):
    """The cards of `agreements` (from AgreementQuerySet.for_cards()), as one safe string."""
    words = {
        "signed": escape(gettext("Signed")),
        "province": escape(gettext("Province")),
        "until": escape(gettext("Until")),
        "open_ended": escape(gettext("No fixed term")),
        "with": escape(gettext("With")),
    }
    agreement_url = url_maker("agreement-detail", "pk")
    province_url = url_maker("province-detail", "slug")
    return mark_safe(  # noqa: S308 - every value is escaped in agreement_card
        "".join(agreement_card(a, words, agreement_url, province_url) for a in agreements)
    )


def agreement_card(agreement, words, agreement_url, province_url):
    status = agreement.status
    province = agreement.province
    until = escape(local_date(agreement.ends_on)) if agreement.ends_on else words["open_ended"]
    parties = ""
    if agreement.signing_parties:
        names = " · ".join(party_name(party) for party in agreement.signing_parties)
        parties = (
            f'<p class="parties small"><span class="muted">{words["with"]}:</span> {names}</p>'
        )
    return (
        '<article class="card agreement-card">'
        f'<div class="card-top"><span class="status status-{status.value}">'
        f"{escape(status.label)}</span> "
        f'<span class="muted small">{escape(agreement.get_kind_display())}</span></div>'
        f'<h3><a href="{agreement_url(agreement.pk)}">{lang(agreement.title)}</a></h3>'
        '<dl class="facts">'
        f"<div><dt>{words['signed']}</dt><dd>{escape(local_date(agreement.signed_on))}</dd></div>"
        f'<div><dt>{words["province"]}</dt><dd><a href="{province_url(province.slug)}">'
        f"{lang(province.name)}</a></dd></div>"
        f"<div><dt>{words['until']}</dt><dd>{until}</dd></div>"
        f"</dl>{parties}</article>"
    )


def party_name(party):
    """How a card names a signing party: the organisation as written in the agreement, else
    its registered name; a person who signed for no organisation by name."""
    if party.organisation_id:
        return lang(party.organisation_name or party.organisation.name)
    return lang(party.signatory.name)


def partner_rows(partners):
    """The rows of the partner list's table for `partners` (from public_partners())."""
    national = escape(gettext("National"))
    partner_url = url_maker("partner-detail", "pk")
    return mark_safe(  # noqa: S308 - every value is escaped in partner_row
        "".join(partner_row(p, partner_url, national) for p in partners)
    )


def partner_row(partner, partner_url, national):
    successor = ""
    if partner.successor_id:
        known_as = gettext("now known as %(name)s") % {"name": lang(partner.successor.name)}
        successor = f'<br><small class="muted">{known_as}</small>'
    province = lang(partner.province.name) if partner.province_id else national
    return (
        f'<tr><th scope="row"><a href="{partner_url(partner.pk)}">{lang(partner.name)}</a>'
        f"{successor}</th><td>{escape(partner.get_kind_display())}</td><td>{province}</td>"
        f'<td class="num">{partner.agreement_count}</td></tr>'
    )
