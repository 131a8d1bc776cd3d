"""The public site: pages composed from the domain apps, Thai at the root and English under /en/.

Every view here shows published agreements only (and what hangs off them).
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Sum
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from agreements import exports as agreement_exports
from agreements.coverage import coverage_and_themes
from agreements.filters import AgreementFilter
from agreements.models import (
    Agreement,
    AgreementParty,
    Responsibility,
    ScopeClause,
    Theme,
    published_page,
)
from budgets import exports as budget_exports
from budgets.models import Allocation, BudgetTotal
from budgets.tables import (
    loaded_budget_table,
    national_budget_total,
    province_budget_table,
    region_budget_table,
)
from geography import map as thailand_map
from geography.models import Province, Region
from partners.filters import MATCHES_LISTED, PartnerFilter
from partners.models import Organisation
from proposals.filters import ProposalFilter
from proposals.models import (
    Event,
    Proposal,
    ProposalStep,
    ProvinceProposalFigures,
    ProvinceWorkingMode,
)
from records.compiled import compiled, give_related
from records.paging import CappedCountPaginator
from reports.renderers import pdf_response, respond
from thai import calendar as thai_calendar
from thai import text as thai_text
from tracking.figures import CountedAgreementFilter, province_counts, province_figures
from tracking.partnership import (
    LATEST_AGREEMENTS,
    latest_followups,
    partnership_from,
    partnerships,
)

from . import partnerships as partnership_board
from . import social
from .blocks import in_force_map, partner_items, region_province_rows
from .open_data import open_data_html

# Region and province pages show this many agreements and link to the full filtered list.
LATEST = 12
# The province page's lists of agreements by status, and its follow-ups (ProvinceDetailView):
# as many as the stored figures name (LATEST_FOLLOWUPS is as many).
PROVINCE_LATEST = LATEST_AGREEMENTS


def only_or_404(found, model):
    """The one row of `found` (a compiled query's rows, at most one), or not_found()."""
    if not found:
        raise not_found(model)
    return found[0]


def not_found(model):
    """The 404 a DetailView gives when its queryset finds nothing."""
    return Http404(
        _("No %(verbose_name)s found matching the query")
        % {"verbose_name": model._meta.verbose_name}
    )


# The newest published agreements, of the country and of a region (records/compiled.py).
_latest_cards = compiled(lambda: Agreement.objects.published().for_cards()[:6])
_every_province = compiled(lambda: Province.objects.all())
_every_region = compiled(lambda: Region.objects.all())
_latest_cards_in_region = compiled(
    lambda region: Agreement.objects.published().for_cards().in_region(region)[:LATEST]
)


class HomeView(TemplateView):
    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provinces = list(_every_province.fetch())
        # The stored figures (tracking/figures.py): two counts per province, not every agreement.
        counts = province_counts(timezone.localdate(), [p.pk for p in provinces])
        for province in provinces:
            province.active_agreements = counts[province.pk][1]
        by_code = {p.code: p for p in provinces}
        context["map_shapes"] = [
            (shape, by_code.get(shape.province_code)) for shape in thailand_map.shapes()
        ]
        context["map"] = in_force_map(context["map_shapes"])
        context["map_view_box"] = thailand_map.VIEW_BOX
        context["figures"] = {
            "agreements": sum(agreements for agreements, _ in counts.values()),
            "in_force": sum(p.active_agreements for p in provinces),
            "provinces": sum(1 for p in provinces if p.active_agreements),
            "partners": Organisation.objects.public_partner_count(),
            "budget": national_budget_total(),
        }
        context["latest"] = list(_latest_cards.fetch())
        regions = list(_every_region.fetch())
        for region in regions:
            ours = [p for p in provinces if p.region_id == region.pk]
            region.province_count = len(ours)
            region.active_agreements = sum(p.active_agreements for p in ours)
        context["regions"] = regions
        return context


# The region page's fixed-shape queries, compiled once per process (records/compiled.py).
_region_by_code = compiled(lambda code: Region.objects.filter(code=code)[:1])
_region_budget_by_province = compiled(
    lambda region: (
        BudgetTotal.objects.filter(province__region=region)
        .order_by()
        .values("province")
        .annotate(t=Sum("amount"))
        .values_list("province", "t")
    )
)
_provinces_of_region = compiled(lambda region: Province.objects.filter(region=region).order_by())


class RegionDetailView(DetailView):
    template_name = "public/region_detail.html"
    context_object_name = "region"

    def get_object(self, queryset=None):
        return only_or_404(_region_by_code.fetch(self.kwargs["code"]), Region)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        # The derived totals (budgets/totals.py): provinces × years × programmes at most.
        budget_by_province = dict(_region_budget_by_province.fetch(region.pk))
        # By name in the page's language, in Python: the database orders text by code point.
        provinces = thai_text.sorted_by_name(_provinces_of_region.fetch(region.pk))
        for province in provinces:
            province.region = region  # as region.provinces would
        # The stored figures (tracking/figures.py): two counts per province.
        counts = province_counts(timezone.localdate(), [p.pk for p in provinces])
        for province in provinces:
            province.agreement_count, province.active_agreements = counts[province.pk]
            province.budget_total = budget_by_province.get(province.pk)
        context["provinces"] = provinces
        context["province_rows"] = region_province_rows(provinces)
        # The latest few; the full list is one click away on the filterable list page.
        context["agreements"] = list(_latest_cards_in_region.fetch(region.pk))
        context["agreement_count"] = sum(p.agreement_count for p in provinces)
        context["budget"] = region_budget_table(region)
        context["og_image"] = social.image_url(self.request, "regions", region.code)
        return context


class ProvinceDetailView(DetailView):
    """A province: its agreements in force, starting soon and past, partners, budget and
    follow-ups. Each list shows the latest PROVINCE_LATEST and links to the full filtered
    list, so the page stays the same size however many agreements the province has. (Six, not
    the twelve of other lists: three lists of agreements, their timeline and the follow-ups
    made a page of 36 cards and some 60 events, twice the work of any other page.)"""

    template_name = "public/province_detail.html"
    context_object_name = "province"

    def get_object(self, queryset=None):
        return only_or_404(_province_by_slug.fetch(self.kwargs["slug"]), Province)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        province = self.object
        S = Agreement.Status
        groups = {
            "active": Agreement.IN_FORCE,
            "upcoming": {S.UPCOMING},
            "past": Agreement.ENDED,
        }
        # The stored figures (tracking/figures.py): the partners, how many follow-ups and the
        # latest of them, and the latest agreements of each status, read from one row instead
        # of the province's agreements, parties and activities.
        (figures,) = province_figures(timezone.localdate(), [province.pk])
        # The latest of each status, newest first: the first of a group are among them.
        ranked = figures.latest_agreements
        of_status = {status: count for _pk, status, count in ranked}
        chosen = {}
        for name, statuses in groups.items():
            chosen[name] = [pk for pk, status, _c in ranked if status in statuses][:PROVINCE_LATEST]
            context[f"{name}_count"] = sum(of_status.get(status, 0) for status in statuses)
        shown = [pk for pks in chosen.values() for pk in pks]
        # Published only, read again here: the stored keys are derived data, and derived data
        # is never what decides what is public.
        cards = {a.pk: a for a in _cards_by_pk.fetch(shown)}
        for name, pks in chosen.items():
            context[f"{name}_agreements"] = [cards[pk] for pk in pks if pk in cards]

        top = figures.top_partners[:LATEST]
        chosen = {organisation.pk: organisation for organisation in _organisations_by_pk.fetch(top)}
        context["partners"] = [chosen[pk] for pk in top if pk in chosen]
        context["partner_items"] = partner_items(context["partners"])
        context["partner_count"] = figures.partners
        budget = province_budget_table(province)
        context["budget"] = budget  # the figure above: every year
        context["budget_years"] = len(budget.fiscal_years)
        shown = budget.latest_years(PROVINCE_BUDGET_YEARS)
        context["budget_shown"] = shown
        context["budget_years_shown"] = len(shown.fiscal_years)
        context["budget_chart"] = shown.chart()

        context["partnership"] = partnership_from(figures, timezone.localdate())
        context["followup_months"] = settings.PARTNERSHIP_FOLLOWUP_MONTHS
        activities = latest_followups(figures, PROVINCE_LATEST)
        context["activity_count"] = figures.followups
        context["timeline_followups"] = len(activities)
        context["timeline"] = partnership_board.timeline(
            [
                *context["active_agreements"],
                *context["upcoming_agreements"],
                *context["past_agreements"],
            ],
            activities,
        )
        context["commitments"] = agreement_commitments(
            context["active_agreements"][:COMMITMENT_AGREEMENTS]
        )
        context.update(province_proposals(province))
        context["og_image"] = social.image_url(self.request, "provinces", province.code)
        return context


# The province page's fixed-shape queries, compiled once per process (records/compiled.py).
_province_by_slug = compiled(
    lambda slug: Province.objects.select_related("region").filter(slug=slug)[:1]
)
_cards_by_pk = compiled(lambda pks: Agreement.objects.published().filter(pk__in=pks).for_cards())
_organisations_by_pk = compiled(lambda pks: Organisation.objects.filter(pk__in=pks))


# The province page's budget chart, table and money trail show this many of its latest fiscal
# years; the budget page has them all. (Every year since records began was half the page's
# HTML, and grew by a year's rows every year.)
PROVINCE_BUDGET_YEARS = 5

# The province page shows the commitments of this many of its latest agreements in force.
COMMITMENT_AGREEMENTS = 5


_clauses_of = compiled(
    lambda agreements: ScopeClause.objects.filter(agreement__in=agreements).with_progress()
)
_duties_of = compiled(
    lambda parties: Responsibility.objects.filter(party__in=parties).with_progress()
)


def agreement_commitments(agreements):
    """[(agreement, clauses, [(party, duties)])] for `agreements` (from for_cards(): their
    signing parties, in signing order, are the parties whose duties are listed), each
    commitment with its current progress, in two queries whatever their number."""
    pks = [agreement.pk for agreement in agreements]
    if not pks:
        return []
    clauses = {}
    for clause in _clauses_of.fetch(pks):
        clauses.setdefault(clause.agreement_id, []).append(clause)
    parties = [party.pk for agreement in agreements for party in agreement.signing_parties]
    duties = {}
    for duty in _duties_of.fetch(parties):
        duties.setdefault(duty.party_id, []).append(duty)
    return [
        (
            agreement,
            clauses.get(agreement.pk, []),
            [(p, duties[p.pk]) for p in agreement.signing_parties if p.pk in duties],
        )
        for agreement in agreements
    ]


class PublicAgreementMixin:
    """Supplies the public queryset: published agreements only, with what the view reads
    (cards for lists; everything on the agreement page for `page = True`)."""

    page = False

    def get_queryset(self):
        published = Agreement.objects.published()
        return published.for_page() if self.page else published.for_cards()


class CardsByIds:
    """For a list view whose rows are cards: the page's ids in the list's order (its filters,
    a search's ranking), then their cards by `cards_by_pk`, a query compiled once per number of
    cards (records.compiled). The card query with its joins and columns, compiled again for
    every request, cost more than running it: a third of the proposal list's time."""

    cards_by_pk = None

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        ranked_pks = getattr(queryset, "ranked_pks", None)  # a search's ids, in its order
        if ranked_pks is not None:
            # The same slice of them as the page's rows (the paginator's bounds).
            pks = ranked_pks()[rows.query.low_mark : rows.query.high_mark]
        else:
            pks = list(rows.values_list("pk", flat=True))
        cards = {card.pk: card for card in self.cards_by_pk.fetch(pks)}
        page.object_list = [cards[pk] for pk in pks if pk in cards]
        return paginator, page, page.object_list, is_paginated


class AgreementListView(CardsByIds, PublicAgreementMixin, FilterView):
    filterset_class = CountedAgreementFilter
    template_name = "agreements/agreement_list.html"
    context_object_name = "agreements"
    paginate_by = 20
    paginator_class = CappedCountPaginator  # a search counted its matches already
    cards_by_pk = _cards_by_pk

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["more_filters_used"] = any(
            value for key, value in self.request.GET.items() if key not in ("q", "page")
        )
        return context


class AgreementDetailView(DetailView):
    context_object_name = "agreement"
    template_name = "agreements/agreement_detail.html"

    def get_object(self, queryset=None):
        # What for_page(coverage=False) reads, its queries compiled once (agreements.models);
        # its districts, sub-districts and themes come in one query of their own (below).
        agreement = published_page(self.kwargs["pk"])
        if agreement is None:
            raise not_found(Agreement)
        return agreement

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parties = list(self.object.parties.all())
        Role = AgreementParty.Role
        context["signing_parties"] = [p for p in parties if p.role == Role.PARTY]
        context["presiding"] = [p for p in parties if p.role == Role.PRESIDING]
        context["witnesses"] = [p for p in parties if p.role == Role.WITNESS]
        context.update(coverage_and_themes(self.object.pk))
        context["has_duties"] = any(p.responsibilities.all() for p in parties)
        renews = self.object.renews
        context["renews"] = renews if renews and renews.is_published else None
        agreement = self.object
        context["partnership"] = partnerships(provinces=[agreement.province_id])[
            agreement.province_id
        ]
        context["timeline"] = partnership_board.timeline([agreement], agreement.public_activities)
        context["budget_chart"] = loaded_budget_table(agreement.public_allocations).chart()
        # Its money from allocation to report, once any of it was transferred (stored sums).
        context["money_trail"] = any(a.transferred_amount for a in agreement.public_allocations)
        context["og_image"] = social.image_url(self.request, "provinces", agreement.province.code)
        return context


class AgreementPDFView(PublicAgreementMixin, DetailView):
    """The printable sheet of one agreement."""

    page = True
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        agreement = self.get_object()
        document = agreement_exports.agreement_sheet_pdf(
            agreement,
            budget=budget_exports.agreement_budget(agreement.public_allocations),
            attachments=agreement.public_attachments,
            activities=agreement.public_activities,
        )
        return pdf_response(document, f"agreement-{agreement.pk}")


@require_GET
def agreement_export(request, extension):
    """The public list as CSV or XLSX, with the list's filters."""
    filterset = AgreementFilter(request.GET, queryset=PublicAgreementMixin().get_queryset())
    filterset.search_limit = None  # a download holds every match, not the ranked newest
    if not filterset.is_valid():
        return HttpResponseBadRequest(_("The filters are not valid; check the list page."))
    queryset = agreement_exports.export_queryset(filterset.qs)
    return respond(agreement_exports.agreement_report(queryset), "agreements", extension)


class PartnerListPaginator(CappedCountPaginator):
    """Ten pages of a search or filter, then "more than": a partner name that many share
    (ราชภัฏ, ชุมชน) lists and counts 300 matches (PartnerFilter.qs)."""

    cap = MATCHES_LISTED


class PartnerListView(FilterView):
    filterset_class = PartnerFilter
    template_name = "partners/organisation_list.html"
    context_object_name = "partners"
    paginate_by = 30
    paginator_class = PartnerListPaginator  # unfiltered, the stored partner total

    def get_queryset(self):
        # Thai dictionary order, from the index organisation_partners_by_thai_name on
        # PostgreSQL (partners/0007).
        return Organisation.objects.public_partners().order_by(thai_text.ThaiOrder("name_th"), "pk")


# The partner page's queries, compiled once per process (records/compiled.py).
_partner_page = compiled(lambda pk: Organisation.objects.with_public_page().filter(pk=pk)[:1])
_latest_cards_of_partner = compiled(
    lambda organisation: (
        Agreement.objects.published()
        .for_cards()
        .filter(
            pk__in=AgreementParty.objects.filter(organisation=organisation).values("agreement")
        )[:LATEST]
    )
)


class PartnerDetailView(DetailView):
    context_object_name = "partner"
    template_name = "partners/organisation_detail.html"

    def get_object(self, queryset=None):
        return only_or_404(_partner_page.fetch(self.kwargs["pk"]), Organisation)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A record merged into another: its old links lead to the kept record for good.
            alias = Organisation.objects.merged_alias(self.kwargs["pk"])
            if alias is None:
                raise
            return HttpResponsePermanentRedirect(alias.current().get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The latest few; the rest on the list filtered by this partner.
        context["agreements"] = _latest_cards_of_partner.fetch(self.object.pk)
        return context


# The province page's latest proposals; the rest are on the list filtered by the province.
PROVINCE_PROPOSALS = 6
# An event's page lists this many of its proposals, then links to the list filtered by it.
EVENT_PROPOSALS = 50


def proposals_for_cards():
    """Published proposals with the columns their cards show (public.blocks.proposal_cards):
    the area and the event in the same query."""
    return (
        Proposal.objects.published()
        .select_related("region", "province", "district", "subdistrict", "event")
        .only(
            "title_th",
            "title_en",
            "level",
            "status",
            "status_on",
            "proposed_on",
            "region__name_th",
            "region__name_en",
            "province__name_th",
            "province__name_en",
            "province__slug",
            "district__name_th",
            "district__name_en",
            "subdistrict__name_th",
            "subdistrict__name_en",
            "event__title_th",
            "event__title_en",
            "event__is_published",
        )
    )


_proposal_cards_by_pk = compiled(lambda pks: proposals_for_cards().filter(pk__in=pks))
# A province's latest published proposals, and the published plans they were adopted into.
_latest_proposals = compiled(
    lambda province: proposals_for_cards().filter(province=province)[:PROVINCE_PROPOSALS]
)
_adopted_into_plans = compiled(
    lambda proposals: (
        ProposalStep.objects.filter(
            proposal__in=proposals, step=ProposalStep.Step.ADOPTED, plan__is_published=True
        )
        .select_related("plan")
        .only(
            "proposal",
            "plan",
            "plan__title_th",
            "plan__title_en",
            "plan__first_year",
            "plan__last_year",
        )
    )
)
# How many published district councils the province has, from its stored proposal figures
# (proposals/figures.py; no row is none).
_district_councils = compiled(
    lambda province: ProvinceProposalFigures.objects.filter(province=province).values_list(
        "district_councils"
    )
)
# The province's way of working now: its latest published one.
_working_mode = compiled(
    lambda province: (
        ProvinceWorkingMode.objects.published().filter(province=province).order_by("-agreed_on")[:1]
    )
)


def province_proposals(province):
    """The province page's "Proposals and development plans": its latest published proposals,
    each with the published plans it was adopted into; the province's way of working now (its
    latest published one) and how many district councils it has. Four queries (three when it
    has no published proposal)."""
    proposals = list(_latest_proposals.fetch(province.pk))
    plans = {}  # {proposal id: {plan id: plan}}, in the order they were adopted
    if proposals:
        for step in _adopted_into_plans.fetch([p.pk for p in proposals]):
            plans.setdefault(step.proposal_id, {})[step.plan_id] = step.plan
    for proposal in proposals:
        proposal.plans = list(plans.get(proposal.pk, {}).values())
    return {
        "province_proposals": proposals,
        "working_mode": next(iter(_working_mode.fetch(province.pk)), None),
        "district_councils": next(iter(_district_councils.rows(province.pk)), (0,))[0],
    }


class ProposalListView(CardsByIds, FilterView):
    filterset_class = ProposalFilter
    template_name = "proposals/proposal_list.html"
    context_object_name = "proposals"
    paginate_by = 20
    paginator_class = CappedCountPaginator  # a filter or search counts 1,001 rows at most
    cards_by_pk = _proposal_cards_by_pk

    def get_queryset(self):
        return proposals_for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["more_filters_used"] = any(
            value for key, value in self.request.GET.items() if key not in ("q", "page")
        )
        form = self.filterset.form
        context["chosen_event"] = form.cleaned_data.get("event") if form.is_valid() else None
        return context


_proposal_page = compiled(
    lambda pk: (
        Proposal.objects.published()
        .select_related("region", "province", "district", "subdistrict", "event")
        .filter(pk=pk)[:1]
    )
)
_proposers = compiled(lambda proposal: Organisation.objects.filter(proposals=proposal))
_proposal_themes = compiled(lambda proposal: Theme.objects.filter(proposals=proposal))
_proposal_steps = compiled(
    lambda proposal: ProposalStep.objects.select_related("plan").filter(proposal=proposal)
)
_proposal_agreements = compiled(
    lambda proposal: (
        Agreement.objects.published()
        .only("title_th", "title_en", "signed_on")
        .order_by("-signed_on", "pk")
        .filter(proposals=proposal)
    )
)
_proposal_allocations = compiled(
    lambda proposal: (
        Allocation.objects.published()
        .select_related("programme", "province")
        .order_by("fiscal_year", "pk")
        .filter(proposals=proposal)
    )
)


class ProposalDetailView(DetailView):
    """A published proposal: its text, area, who proposed it to whom, its steps as a
    timeline, and the published agreements and allocations that came of it."""

    context_object_name = "proposal"
    template_name = "proposals/proposal_detail.html"

    def get_object(self, queryset=None):
        """The published proposal with what its page reads: what a prefetch_related() of its
        proposers, themes, steps, published agreements and allocations would give, in as many
        queries, each compiled once per process (records/compiled.py)."""
        pk = self.kwargs["pk"]
        proposal = only_or_404(_proposal_page.fetch(pk), Proposal)
        give_related(proposal, "proposed_by", _proposers.fetch(pk))
        give_related(proposal, "themes", _proposal_themes.fetch(pk))
        give_related(proposal, "steps", _proposal_steps.fetch(pk))
        proposal.public_agreements = list(_proposal_agreements.fetch(pk))
        proposal.public_allocations = list(_proposal_allocations.fetch(pk))
        return proposal

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object.event
        context["event"] = event if event is not None and event.is_published else None
        return context


class EventDetailView(DetailView):
    """A published forum or meeting, with its published proposals in the order they were
    made (EVENT_PROPOSALS of them; the list filtered by the event has them all)."""

    context_object_name = "event"
    template_name = "proposals/event_detail.html"

    def get_queryset(self):
        return Event.objects.published().select_related("organiser", "region", "province")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        proposals = list(
            proposals_for_cards()
            .filter(event=event)
            .order_by("proposed_on", "pk")[: EVENT_PROPOSALS + 1]
        )
        context["proposals"] = proposals[:EVENT_PROPOSALS]
        context["more_proposals"] = len(proposals) > EVENT_PROPOSALS
        context["venues"] = [line.strip() for line in event.venue.splitlines() if line.strip()]
        context["dates"] = thai_calendar.local_date_span(event.starts_on, event.ends_on)
        return context


class PartnershipDashboardView(TemplateView):
    """The national partnership dashboard: every province's partnership status, follow-up,
    commitments and money, by region, with the map shaded by status."""

    template_name = "public/partnerships.html"

    # The table's columns, by sort name. The headings link to sort by them.
    COLUMNS = [
        "province",
        "status",
        "in_force",
        "partners",
        "last_followup",
        "followups",
        "commitments",
        "budget_current",
        "budget_previous",
        "mode",
        "proposals",
        "district_councils",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = partnership_board.dashboard(self.request.GET)
        current, previous = partnership_board.current_fiscal_years()
        context["board"] = board
        context["form"] = board.form
        context["followup_months"] = settings.PARTNERSHIP_FOLLOWUP_MONTHS
        headings = column_headings(current, previous)
        # The status totals, region cards, table and map, written in Python (see there).
        context["html"] = partnership_board.DashboardHTML(
            board,
            self.request.GET,
            headings={name: headings[name] for name in self.COLUMNS},
            fiscal_year=current,
        )
        context["map_view_box"] = thailand_map.VIEW_BOX
        return context


def column_headings(current_year, previous_year):
    """{sort name: heading} of the dashboard's table, in the page's language."""
    months = settings.PARTNERSHIP_FOLLOWUP_MONTHS
    budget = _("Budget")
    return {
        "province": _("Province"),
        "status": _("Partnership"),
        "in_force": _("Agreements in force"),
        "partners": _("Partners in agreements in force"),
        "last_followup": _("Last follow-up"),
        # Names the threshold's months, which the figures count over.
        "followups": ngettext(
            "Follow-ups, last month", "Follow-ups, last %(months)s months", months
        )
        % {"months": months},
        "commitments": _("Commitments done / tracked"),
        "budget_current": f"{budget} {thai_calendar.fiscal_year_short(current_year)}",
        "budget_previous": f"{budget} {thai_calendar.fiscal_year_short(previous_year)}",
        "mode": _("Way of working"),
        "proposals": _("Proposals submitted / in a plan / funded"),
        "district_councils": _("District community councils"),
    }


@require_GET
def partnership_export(request, extension):
    """The dashboard's table (with its filters and order) as CSV or XLSX: one row per province."""
    board = partnership_board.dashboard(request.GET)
    report = partnership_board.dashboard_report(board.shown)
    return respond(report, "partnerships", extension)


class OpenDataView(TemplateView):
    """The open-data documentation (docs/open-data.th.md, in English docs/open-data.md) as a
    page of the site."""

    template_name = "public/open_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(document=open_data_html(), **kwargs)


@require_safe
def robots_txt(request):
    """Crawlers may read the public pages and the API documentation, not the admin, the
    downloads or the API itself; the sitemap is named by its absolute address, as the format
    requires."""
    translated = ["/admin/", *DOWNLOAD_PATHS]
    # Thai at the root, the other languages under their prefix (i18n_patterns); the API has
    # one address in every language.
    prefixed = [f"/{code}{path}" for code, _name in settings.LANGUAGES[1:] for path in translated]
    lines = [
        "User-agent: *",
        # The API documentation is a page every footer links; the rest of /api/ is data.
        # The longer (more specific) rule wins, whatever the order.
        f"Allow: {reverse('api:docs')}",
        *(f"Disallow: {path}" for path in [*translated, *prefixed, "/api/"]),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Exports and PDFs (see codi_registry/urls.py), as robots.txt path patterns: "*" stands for
# any characters, and a pattern matches every path that begins with it.
DOWNLOAD_PATHS = [
    "/agreements/export.",
    "/agreements/*/export.pdf",
    "/budgets/export.",
    "/budgets/summary.",
    "/partnerships/export.",
    "/attachments/",
]


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page links to."""
    with open(finders.find("favicon.ico"), "rb") as f:
        response = HttpResponse(f.read(), content_type="image/vnd.microsoft.icon")
    patch_cache_control(response, public=True, max_age=7 * 24 * 3600)
    return response


@require_safe
def social_image(request, kind, code=""):
    """A link-preview image (public/social.py): drawn once, then read from storage."""
    try:
        content = social.image_bytes(kind, code)
    except LookupError:
        raise Http404 from None
    response = HttpResponse(content, content_type="image/png")
    patch_cache_control(response, public=True, max_age=24 * 3600)
    return response
