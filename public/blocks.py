"""The repeated blocks of the public pages, written out in Python: agreement cards, the partner
list's rows, a commitment's progress, a partnership's timeline, the budget table and chart,
the home page's map, a region's table of provinces, a province's list of partners and its
agreements' commitments.

A card drawn through a template include cost about half a millisecond each here (twenty
variables, four translations, three reversed URLs): a list of twenty cards was a third of its
page. The HTML is the same as the templates it replaces; the words are translated once per
list and the URLs reversed once per list, not once per card or row.
"""

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext

from agreements.models import Agreement
from partners.models import Organisation
from proposals.models import Proposal
from thai.bilingual import text_in
from thai.calendar import local_date
from thai.templatetags.thai import lang, money
from thai.text import escape

# Stands for a URL's one argument while it is reversed; digits, so that any converter takes it.
_MARKER = "918273645"


def url_maker(name, argument):
    """A function of one value giving the URL `name` with `argument` = that value: reverse()
    runs once, in the current language, however many links a list draws."""
    before, after = reverse(name, kwargs={argument: _MARKER}).split(_MARKER)
    return lambda value: f"{before}{value}{after}"


def labels(choices):
    """{code: escaped label} of a model's choices in the current language, once per list:
    get_FOO_display() builds its dictionary of lazy labels again on every call."""
    return {code: escape(label) for code, label in choices}


def filter_field(field):
    """A filter form's field with its label and errors (a list page's filters): what
    templates/includes/filter_field.html drew, without an include per field."""
    errors = "".join(f'<p class="error" role="alert">{escape(e)}</p>' for e in field.errors)
    return mark_safe(  # noqa: S308 - the label and errors are escaped, the field is safe HTML
        f'<div class="field{" has-error" if field.errors else ""}">\n'
        f'  <label for="{escape(field.id_for_label)}">{escape(field.label)}</label>\n'
        f"  {field}\n  {errors}\n</div>\n"
    )


def agreement_cards(agreements):
    """The cards of `agreements` (from AgreementQuerySet.for_cards()), as one safe string."""
    language = get_language()
    kinds = labels(Agreement.Kind.choices)
    statuses = labels(Agreement.Status.choices)
    words = {
        "signed": escape(gettext("Signed")),
        "province": escape(gettext("Province")),
        "until": escape(gettext("Until")),
        "open_ended": escape(gettext("No fixed term")),
        "with": escape(gettext("With")),
    }
    agreement_url = url_maker("agreement-detail", "pk")
    province_url = url_maker("province-detail", "slug")
    cards = (
        agreement_card(a, words, kinds, statuses, agreement_url, province_url, language)
        for a in agreements
    )
    return mark_safe("".join(cards))  # noqa: S308 - every value is escaped in agreement_card


def agreement_card(agreement, words, kinds, statuses, agreement_url, province_url, language):
    status = agreement.status
    province = agreement.province
    until = (
        escape(local_date(agreement.ends_on, language=language))
        if agreement.ends_on
        else words["open_ended"]
    )
    parties = ""
    if agreement.signing_parties:
        names = " · ".join(party_name(party, language) for party in agreement.signing_parties)
        parties = (
            f'<p class="parties small"><span class="muted">{words["with"]}:</span> {names}</p>'
        )
    title = lang(text_in(agreement, "title", language), language)
    signed = escape(local_date(agreement.signed_on, language=language))
    return (
        '<article class="card agreement-card">'
        f'<div class="card-top"><span class="status status-{status.value}">'
        f"{statuses.get(status.value, '')}</span> "
        f'<span class="muted small">{kinds.get(agreement.kind, "")}</span></div>'
        f'<h3><a href="{agreement_url(agreement.pk)}">{title}</a></h3>'
        '<dl class="facts">'
        f"<div><dt>{words['signed']}</dt><dd>{signed}</dd></div>"
        f'<div><dt>{words["province"]}</dt><dd><a href="{province_url(province.slug)}">'
        f"{lang(text_in(province, 'name', language), language)}</a></dd></div>"
        f"<div><dt>{words['until']}</dt><dd>{until}</dd></div>"
        f"</dl>{parties}</article>"
    )


def party_name(party, language=None):
    """How a card names a signing party (a CardParty, from for_cards()), on a page in
    `language` (the active one when not given)."""
    language = language or get_language()
    return lang(party.name_in(language), language)


def party_list(parties):
    """The <li> of each signing party of an agreement page (AgreementParty rows of
    page_parties()): the organisation as written on the document, linked to its page, or the
    person; then the signatory and their position."""
    language = get_language()
    partner_url = url_maker("partner-detail", "pk")
    items = []
    for party in parties:
        signatory = lang(party.signatory.name, language) if party.signatory else ""
        name, under = signatory, ""
        if party.organisation:
            name = party_organisation(party, partner_url, language)
            under = f"<br><span>{signatory}</span>" if party.signatory else ""
        position = party_position(party, language)
        items.append(f"<li><strong>{name}</strong>{under}{position}</li>")
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped


def party_attendees(parties):
    """The <li> of each presiding official or witness of an agreement page, named as the
    parties are: the organisation as written, then the person and their position."""
    language = get_language()
    partner_url = url_maker("partner-detail", "pk")
    items = []
    for party in parties:
        parts = []
        if party.organisation:
            parts.append(party_organisation(party, partner_url, language))
            if party.signatory:
                parts.append("<br>")
        if party.signatory:
            parts.append(lang(party.signatory.name, language))
        parts.append(party_position(party, language))
        items.append(f"<li>{''.join(parts)}</li>")
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped


def party_organisation(party, partner_url, language):
    """A party's organisation as the document names it, linked to the organisation's page (or
    its successor's), with the name it is known by now when that differs."""
    organisation = party.organisation
    current = organisation.successor or organisation
    written = text_in(party, "organisation_name", language) or text_in(
        organisation, "name", language
    )
    html = f'<a href="{partner_url(current.pk)}">{lang(written, language)}</a>'
    if party.organisation_name_th and current.name_th != party.organisation_name_th:
        now = gettext("now known as %(name)s") % {"name": lang(current.name, language)}
        html += f' <span class="muted">({now})</span>'
    return html


def party_position(party, language):
    position = party.signatory_position
    return f'<span class="muted">, {lang(position, language)}</span>' if position else ""


def partner_rows(partners):
    """The rows of the partner list's table for `partners` (from public_partners())."""
    national = escape(gettext("National"))
    kinds = labels(Organisation.Kind.choices)
    partner_url = url_maker("partner-detail", "pk")
    return mark_safe(  # noqa: S308 - every value is escaped in partner_row
        "".join(partner_row(p, partner_url, national, kinds) for p in partners)
    )


def partner_row(partner, partner_url, national, kinds):
    successor = ""
    if partner.successor_id:
        known_as = gettext("now known as %(name)s") % {"name": lang(partner.successor.name)}
        successor = f'<br><small class="muted">{known_as}</small>'
    province = lang(partner.province.name) if partner.province_id else national
    return (
        f'<tr><th scope="row"><a href="{partner_url(partner.pk)}">{lang(partner.name)}</a>'
        f"{successor}</th><td>{kinds.get(partner.kind, '')}</td><td>{province}</td>"
        f'<td class="num">{partner.agreement_count}</td></tr>'
    )


def progress(item, language=None):
    """A commitment's current progress: `item` is a scope clause or duty read with
    with_progress(); on a page in `language` (the active one when not given)."""
    language = language or get_language()
    status = item.progress
    if status:
        html = f'<span class="progress progress-{status.value}">{escape(status.label)}</span>'
    else:
        none = escape(gettext("not recorded"))
        html = f'<span class="progress progress-none">{none}</span>'
    if item.progress_on:
        day = escape(local_date(item.progress_on, language=language))
        as_of = gettext("as of %(date)s") % {"date": day}
        html += f' <span class="muted small">{as_of}</span>'
    note = item.progress_note_in(language)
    if note:
        html += f'<span class="progress-note small">{escape(note)}</span>'
    return mark_safe(html)  # noqa: S308 - every value is escaped


def commitment_list(items, css_class="commitment-list", line_breaks=False, language=None):
    """A numbered list of commitments (scope clauses or duties, read with with_progress()),
    each with its progress; `line_breaks` keeps a clause's line breaks."""
    language = language or get_language()
    rows = []
    for item in items:
        text = text_in(item, "text", language)
        if line_breaks:
            text = linebreaksbr(text, autoescape=True)
        rows.append(
            f'<li><span class="commitment-text">{lang(text, language)}</span> '
            f"{progress(item, language)}</li>"
        )
    return mark_safe(f'<ol class="{escape(css_class)}">{"".join(rows)}</ol>')  # noqa: S308 - escaped


def commitment_cards(commitments):
    """The province page's commitments: `commitments` from public.views.agreement_commitments,
    one card per agreement with its scope clauses and each signing party's duties."""
    scope = escape(gettext("Scope of cooperation"))
    none = escape(gettext("No commitments recorded for this agreement."))
    agreement_url = url_maker("agreement-detail", "pk")
    language = get_language()
    cards = []
    for agreement, clauses, parties in commitments:
        title = lang(text_in(agreement, "title", language), language)
        html = (
            '<div class="commitments card">'
            f'<h3><a href="{agreement_url(agreement.pk)}">{title}</a></h3>'
        )
        if clauses:
            html += f"<h4>{scope}</h4>{commitment_list(clauses, language=language)}"
        for party, duties in parties:
            html += (
                f"<h4>{party_name(party, language)}</h4>"
                f"{commitment_list(duties, language=language)}"
            )
        if not clauses and not parties:
            html += f'<p class="empty">{none}</p>'
        cards.append(html + "</div>")
    return mark_safe("".join(cards))  # noqa: S308 - every value is escaped


def timeline(events, show_agreement=False):
    """A partnership's story in date order: `events` from public.partnerships.timeline();
    `show_agreement` names each follow-up's agreement."""
    if not events:
        nothing = escape(gettext("Nothing recorded yet."))
        return mark_safe(f'<p class="empty">{nothing}</p>')  # noqa: S308 - escaped
    words = {
        "handed": escape(gettext("baht handed over")),
        "outcome": escape(gettext("Outcome")),
    }
    language = get_language()
    agreement_url = url_maker("agreement-detail", "pk") if show_agreement else None
    items = "".join(timeline_event(event, words, agreement_url, language) for event in events)
    return mark_safe(f'<ol class="timeline">{items}</ol>')  # noqa: S308 - escaped in timeline_event


def timeline_event(event, words, agreement_url, language):
    """One event of timeline(); `agreement_url` (pk -> URL) names each follow-up's agreement
    when given."""
    when = escape(local_date(event.date, language=language))
    if event.until and event.until != event.date:
        when += f" – {escape(local_date(event.until, language=language))}"
    title = lang(event.title, language)
    if event.url:
        title = f'<a href="{escape(event.url)}">{title}</a>'
    html = (
        f'<li class="event-{escape(event.kind)}">'
        f'<time datetime="{event.date.isoformat()}">{when}</time> '
        f'<span class="tag">{escape(event.label)}</span> <strong>{title}</strong>'
    )
    if event.amount is not None:
        html += (
            f'<p class="money-handed"><span class="figure">{money(event.amount)}</span> '
            f"{words['handed']}</p>"
        )
    activity = event.activity
    if activity:
        description = text_in(activity, "description", language)
        if description:
            html += f"<p>{lang(description, language)}</p>"
        outcome = text_in(activity, "outcome", language)
        if outcome:
            html += (
                f'<p><span class="muted">{words["outcome"]}:</span> {lang(outcome, language)}</p>'
            )
        if activity.participants:
            count = activity.participants
            people = ngettext("%(counter)s participant", "%(counter)s participants", count) % {
                "counter": count
            }
            html += f'<p class="small muted">{escape(people)}</p>'
        if agreement_url and activity.agreement:
            agreement = activity.agreement
            html += (
                f'<p class="small"><a href="{agreement_url(agreement.pk)}">'
                f"{lang(agreement.title, language)}</a></p>"
            )
    return html + "</li>"


def budget_chart(chart, chart_id):
    """A budget table drawn as stacked bars: `chart` from BudgetTable.chart(), `chart_id`
    unique on the page. '' for an empty chart."""
    if not chart:
        return ""
    chart_id = escape(chart_id)
    bars = []
    label_x = int(chart.label_width) - 8
    for bar in chart.bars:
        label = escape(bar.label)
        text_y = f"{bar.text_y:.2f}"
        bars.append(
            f'<text class="axis-label" x="{label_x}" y="{text_y}" text-anchor="end">{label}</text>'
        )
        bars.extend(
            f'<rect class="{s.colour}" x="{s.x:.2f}" y="{bar.y}" width="{s.width:.2f}" '
            f'height="{bar.height}"><title>{label} · {escape(s.name)}: {money(s.value)}</title>'
            "</rect>"
            for s in bar.segments
        )
        bars.append(
            f'<text class="bar-total" x="{bar.end + 6:.2f}" y="{text_y}">{money(bar.total)}</text>'
        )
    legend = "".join(
        f'<li><span class="swatch {colour}" aria-hidden="true"></span>{escape(name)}</li>'
        for name, colour in chart.legend()
    )
    title = escape(gettext("Budget by fiscal year and programme, in baht"))
    programmes = escape(gettext("Programmes"))
    return mark_safe(  # noqa: S308 - every value is escaped
        '<figure class="chart">'
        f'<svg class="budget-chart" viewBox="{chart.view_box}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{title}</title>'
        f'<desc id="{chart_id}-desc">{escape(chart.description())}</desc>'
        f"{''.join(bars)}</svg>"
        f'<figcaption><ul class="legend small" aria-label="{programmes}">'
        f"{legend}</ul></figcaption></figure>"
    )


def budget_table(budget, by=""):
    """A BudgetTable (budgets/tables.py) as a table: a row per fiscal year, and per province or
    region when `by` says so, a column per programme after the row's total."""
    if not budget:
        empty = escape(gettext("No budget allocations have been published yet."))
        return mark_safe(f'<p class="empty">{empty}</p>')  # noqa: S308 - escaped
    total = escape(gettext("Total"))
    key_heading = {"province": gettext("Province"), "region": gettext("Region")}.get(by)
    place_url = url_maker("province-detail", "slug") if by == "province" else None
    headings = "".join(
        f'<th scope="col" class="num">{lang(p.name)}</th>' for p in budget.programmes
    )
    key_column = f'<th scope="col">{escape(key_heading)}</th>' if key_heading else ""
    language = get_language()
    rows = "".join(budget_row(row, by, place_url, language) for row in budget.rows)
    column_totals = "".join(f'<td class="num">{money(a)}</td>' for a in budget.column_totals)
    span = ' colspan="2"' if by else ""
    label = escape(gettext("Budget allocations"))
    caption = escape(gettext("Budget allocations in baht, by fiscal year and programme"))
    hint = escape(gettext("The table scrolls sideways: swipe it to see every column."))
    in_baht = escape(gettext("Amounts in Thai baht (THB)."))
    year = escape(gettext("Fiscal year"))
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<p class="scroll-hint small muted" aria-hidden="true">{hint}</p>'
        f'<div class="table-wrap" role="region" aria-label="{label}" tabindex="0">'
        f'<table class="budget-table{" two-keys" if by else ""}">'
        f'<caption class="visually-hidden">{caption}</caption>'
        f'<thead><tr><th scope="col">{year}</th>{key_column}'
        f'<th scope="col" class="num total">{total}</th>{headings}</tr></thead>'
        f"<tbody>{rows}</tbody>"
        f'<tfoot><tr><th scope="row"{span}>{total}</th>'
        f'<td class="num total">{money(budget.total)}</td>{column_totals}</tr></tfoot>'
        "</table></div>"
        f'<p class="small muted">{in_baht}</p>'
    )


def budget_row(row, by, place_url, language):
    if by == "province":
        name = lang(text_in(row.province, "name", language), language)
        place = f'<td><a href="{place_url(row.province.slug)}">{name}</a></td>'
    elif by == "region":
        query = f"?region={escape(row.region.code)}&amp;fiscal_year={row.fiscal_year}"
        name = lang(text_in(row.region, "name", language), language)
        place = f'<td><a href="{query}">{name}</a></td>'
    else:
        place = ""
    cells = "".join(f'<td class="num">{money(a) or "–"}</td>' for a in row.cells)
    return (
        f'<tr><th scope="row">{row.fiscal_year}</th>{place}'
        f'<td class="num total">{money(row.total)}</td>{cells}</tr>'
    )


def in_force_map(pairs):
    """The home page's map: (shape, province or None) pairs as SVG markup, each province a
    link to its page shaded by its `active_agreements`, a shape of no province (the lake) as
    water. Written here with the whitespace of the template loop it replaces: there, 77 links
    with a plural translation and a reversed URL each took a third of the page. A path needs
    no escaping: geography.map.compact() writes only digits, "m", "z", ",", "-" and ".".
    """
    province_url = url_maker("province-detail", "slug")
    labels = {}  # translated once per number of agreements, not once per province
    parts = []
    for shape, province in pairs:
        if province is None:
            parts.append(
                f'\n        \n          <path class="water" d="{shape.path}" aria-hidden="true"/>'
                "\n        \n      "
            )
            continue
        count = province.active_agreements
        if count not in labels:
            labels[count] = ngettext(
                "%(name)s: %(counter)s agreement in force",
                "%(name)s: %(counter)s agreements in force",
                count,
            )
        name, slug = escape(province.name), province.slug  # a slug is letters, digits, - and _
        parts.append(
            f'\n        \n          <a href="{province_url(slug)}"'
            f' class="province level-{4 if count >= 4 else 2 if count >= 2 else count}"'
            f' data-province="{slug}"'
            f' aria-label="{labels[count] % {"name": name, "counter": count}}">'
            f"\n            <title>{name} ({count})</title>"
            f'\n            <path d="{shape.path}"/>'
            "\n          </a>\n        \n      "
        )
    return mark_safe("".join(parts))  # noqa: S308 - the names are escaped, the paths are safe


def region_province_rows(provinces):
    """The rows of the region page's table of provinces, with the whitespace of the template
    loop they replace, where each row's link, name and figures took a quarter of the page.
    A slug is letters, digits, "-" and "_": written into a link as it is."""
    province_url = url_maker("province-detail", "slug")
    language = get_language()
    return mark_safe(  # noqa: S308 - lang() escapes the names, the rest are numbers
        "".join(
            f'\n        <tr>\n          <th scope="row"><a href="{province_url(p.slug)}">'
            f"{lang(text_in(p, 'name', language), language)}</a></th>"
            f'\n          <td class="num">{p.agreement_count}</td>'
            f'\n          <td class="num">{p.active_agreements}</td>'
            f'\n          <td class="num">{money(p.budget_total) or "–"}</td>'
            "\n        </tr>\n      "
            for p in provinces
        )
    )


def partner_items(partners):
    """The province page's list of partners, with the whitespace of the template loop they
    replace (a reversed URL and a translated kind per partner)."""
    partner_url = url_maker("partner-detail", "pk")
    kinds = labels(Organisation.Kind.choices)
    return mark_safe(  # noqa: S308 - lang() and labels() escape every value
        "".join(
            f'\n      <li><a href="{partner_url(p.pk)}">{lang(p.name)}</a>'
            f' <span class="muted small">{kinds.get(p.kind, "")}</span></li>\n    '
            for p in partners
        )
    )


def proposal_cards(proposals, show_event=True):
    """The cards of `proposals` (from public.views.proposals_for_cards(): their area and event
    read with them); `show_event` links each one's event (not on the event's own page). A
    proposal given `plans` (the province page) names the published plans it was adopted
    into."""
    words = {
        "level": escape(gettext("Level")),
        "area": escape(gettext("Area")),
        "proposed": escape(gettext("Proposed on")),
        "event": escape(gettext("Event")),
        "plans": escape(gettext("In the plan")),
        "national": escape(gettext("Whole country")),
    }
    urls = {
        "proposal": url_maker("proposal-detail", "pk"),
        "province": url_maker("province-detail", "slug"),
        "event": url_maker("event-detail", "pk") if show_event else None,
    }
    names = {
        "level": {code: escape(capfirst(label)) for code, label in Proposal.Level.choices},
        "status": labels(Proposal.Status.choices),
    }
    return mark_safe(  # noqa: S308 - every value is escaped in proposal_card
        "".join(proposal_card(p, words, urls, names) for p in proposals)
    )


def proposal_card(proposal, words, urls, names):
    since = ""
    if proposal.status_on:
        since = f' <span class="muted small">{escape(local_date(proposal.status_on))}</span>'
    facts = [
        (words["level"], names["level"].get(proposal.level, "")),
        (words["area"], proposal_area(proposal, urls["province"], words["national"])),
        (words["proposed"], escape(local_date(proposal.proposed_on))),
    ]
    event = proposal.event
    if urls["event"] and event is not None and event.is_published:
        link = f'<a href="{urls["event"](event.pk)}">{lang(event.title)}</a>'
        facts.append((words["event"], link))
    plans = getattr(proposal, "plans", None)
    if plans:
        facts.append((words["plans"], "<br>".join(plan_name(plan) for plan in plans)))
    facts_html = "".join(f"<div><dt>{term}</dt><dd>{value}</dd></div>" for term, value in facts)
    return (
        '<article class="card proposal-card">'
        f'<div class="card-top"><span><span class="status proposal-{proposal.status}">'
        f"{names['status'].get(proposal.status, '')}</span>{since}</span></div>"
        f'<h3><a href="{urls["proposal"](proposal.pk)}">{lang(proposal.title)}</a></h3>'
        f'<dl class="facts">{facts_html}</dl></article>'
    )


def proposal_area(proposal, province_url, national):
    """Where a proposal is about, smallest area first: the tambon, the district, the province
    (a link to its page); the region of a regional proposal; else `national`."""
    if proposal.province_id:
        parts = [
            lang(area.name)
            for area in (
                proposal.subdistrict if proposal.subdistrict_id else None,
                proposal.district if proposal.district_id else None,
            )
            if area is not None
        ]
        province = proposal.province
        parts.append(f'<a href="{province_url(province.slug)}">{lang(province.name)}</a>')
        return " · ".join(parts)
    if proposal.region_id:
        return lang(proposal.region.name)
    return national


def plan_name(plan):
    """A plan's title with its period in BE years, unless the title gives the period already
    (แผนพัฒนาจังหวัด… พ.ศ. 2566–2570)."""
    title = lang(plan.title)
    if plan.period in plan.title:
        return title
    period = gettext("BE %(first)s–%(last)s") % {"first": plan.first_year, "last": plan.last_year}
    return f"{title} ({escape(period)})"


def proposal_steps(steps, evidence_url=None):
    """A proposal's steps in date order (ProposalStep rows read with their plan), as a
    timeline: each with its note, the plan of "adopted", the amount of "funded" and a link
    to its evidence when that is public."""
    if not steps:
        nothing = escape(gettext("No step recorded yet."))
        return mark_safe(f'<p class="empty">{nothing}</p>')  # noqa: S308 - escaped
    words = {
        "plan": escape(gettext("Plan")),
        "line": escape(gettext("Project or line")),
        "baht": escape(gettext("baht")),
        "source": escape(gettext("Source of the money")),
        "evidence": escape(gettext("Evidence document")),
    }
    evidence_url = evidence_url or url_maker("proposal-evidence", "pk")
    items = "".join(proposal_step(step, words, evidence_url) for step in steps)
    return mark_safe(f'<ol class="timeline proposal-steps">{items}</ol>')  # noqa: S308 - escaped in proposal_step


def proposal_step(step, words, evidence_url):
    html = (
        f'<li class="step-{step.step}" id="step-{step.pk}">'
        f'<time datetime="{step.taken_on.isoformat()}">{escape(local_date(step.taken_on))}</time> '
        f'<span class="tag proposal-{step.step}">{escape(step.get_step_display())}</span>'
    )
    if step.note:
        html += f"<p>{lang(linebreaksbr(step.note, autoescape=True))}</p>"
    plan = step.plan if step.plan_id else None
    if plan is not None and plan.is_published:
        html += f'<p><span class="muted">{words["plan"]}:</span> {plan_name(plan)}</p>'
    if step.plan_line_th:
        html += f'<p><span class="muted">{words["line"]}:</span> {lang(step.plan_line_th)}</p>'
    if step.amount is not None:
        html += (
            f'<p class="money-handed"><span class="figure">{money(step.amount)}</span> '
            f"{words['baht']}</p>"
        )
    if step.funding_source_th:
        source = lang(step.funding_source_th)
        html += f'<p><span class="muted">{words["source"]}:</span> {source}</p>'
    if step.evidence and step.evidence_is_public:
        html += f'<p class="small"><a href="{evidence_url(step.pk)}">{words["evidence"]}</a></p>'
    return html + "</li>"


def money_trail(budget, chart_id):
    """A BudgetTable's money trail (budgets/tables.py: allocated, transferred, reported spent
    and returned per fiscal year and programme) as bars and a table; '' when nothing was
    transferred. Amounts only: no finance reference reaches a BudgetTable."""
    rows = budget.money_trail() if budget else []
    if not rows:
        return ""
    words = [
        gettext("Allocated"),
        gettext("Transferred"),
        gettext("Share transferred"),
        gettext("Reported spent"),
        gettext("Returned"),
    ]
    headings = "".join(f'<th scope="col" class="num">{escape(word)}</th>' for word in words)
    # A programme's name once, not once per fiscal year.
    names = {programme.pk: lang(programme.name) for programme in budget.programmes}
    body = "".join(
        f'<tr><th scope="row">{row.fiscal_year}</th><td>{names[row.programme.pk]}</td>'
        f'<td class="num">{money(row.allocated)}</td><td class="num">{money(row.transferred)}</td>'
        f'<td class="num">{percent(row.share_transferred)}</td>'
        f'<td class="num">{money(row.reported)}</td><td class="num">{money(row.returned)}</td></tr>'
        for row in rows
    )
    label = escape(gettext("Where the money went"))
    year, programme = escape(gettext("Fiscal year")), escape(gettext("Programme"))
    caption = escape(
        gettext("Allocated, transferred, reported spent and returned, in baht, by fiscal year")
    )
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<h3 id="{escape(chart_id)}-heading">{label}</h3>'
        f"{money_chart(budget.money_chart(), chart_id)}"
        f'<div class="table-wrap" role="region" aria-label="{label}" tabindex="0">'
        f'<table class="money-trail"><caption class="visually-hidden">{caption}</caption>'
        f'<thead><tr><th scope="col">{year}</th>'
        f'<th scope="col">{programme}</th>{headings}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
        f'<p class="small muted">{escape(money_trail_note())}</p>'
    )


def money_trail_note():
    return gettext(
        "Transferred: paid to the recipient so far. Reported spent: what the recipient's "
        "spending reports account for. Returned: unspent money sent back. Amounts in Thai "
        "baht (THB)."
    )


def percent(value):
    return "–" if value is None else f"{value:.0f}%"


def money_chart(chart, chart_id):
    """Bars of allocated, transferred and reported, three per fiscal year (BudgetTable.
    money_chart()): the year is written once, beside its first bar."""
    if not chart:
        return ""
    chart_id = escape(f"{chart_id}-chart")
    bars = []
    label_x = int(chart.label_width) - 8
    for i, bar in enumerate(chart.bars):
        text_y = f"{bar.text_y:.2f}"
        if i % 3 == 0:
            bars.append(
                f'<text class="axis-label" x="{label_x}" y="{text_y}" text-anchor="end">'
                f"{escape(bar.label)}</text>"
            )
        bars.extend(
            f'<rect class="{s.colour}" x="{s.x:.2f}" y="{bar.y}" width="{s.width:.2f}" '
            f'height="{bar.height}"><title>{escape(bar.label)} · {escape(s.name)}: '
            f"{money(s.value)}</title></rect>"
            for s in bar.segments
        )
        bars.append(
            f'<text class="bar-total" x="{bar.end + 6:.2f}" y="{text_y}">{money(bar.total)}</text>'
        )
    legend = "".join(
        f'<li><span class="swatch {colour}" aria-hidden="true"></span>{escape(name)}</li>'
        for name, colour in chart.legend()
    )
    title = escape(gettext("Allocated, transferred and reported spent by fiscal year, in baht"))
    legend_label = escape(gettext("Legend"))
    return mark_safe(  # noqa: S308 - every value is escaped
        '<figure class="chart">'
        f'<svg class="budget-chart money-chart" viewBox="{chart.view_box}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{title}</title>'
        f'<desc id="{chart_id}-desc">{escape(chart.description())}</desc>'
        f"{''.join(bars)}</svg>"
        f'<figcaption><ul class="legend small" aria-label="{legend_label}">'
        f"{legend}</ul></figcaption></figure>"
    )
