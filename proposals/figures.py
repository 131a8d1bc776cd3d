"""ProvinceProposalFigures, what the partnership dashboard and its export show of each
province's proposals and way of working: derived data (records.derived), rebuilt per province
after every audited change of a proposal (its province, publication), of a step (the proposal's
status follows its latest step, proposals/status.py), of a way of working or of a district
council. `manage.py rebuild_derived` rewrites them all.

- the way of working: the mode of the province's latest published ProvinceWorkingMode;
- submitted: its published proposals past "drafted" (any later status, "not adopted" too);
- adopted into a plan: those adopted, funded or implemented;
- funded: those funded or implemented;
- district councils: the published district-level councils of its districts.

Regional and national proposals have no province and are in no province's figures.

ProposalTotal, how many proposals are published in all (regional and national ones too, and
those still at "drafted"), is derived the same way: counted again after every audited change of
a proposal.
"""

from django.apps import apps as global_apps
from django.db.models import Count, Q

from records.compiled import compiled
from records.derived import Derived, history_values

from .models import (
    PROPOSAL_TOTAL,
    PROVINCE_PROPOSAL_FIGURES,
    DistrictCouncil,
    Proposal,
    ProposalTotal,
    ProvinceProposalFigures,
    ProvinceWorkingMode,
)

Status = Proposal.Status
ADOPTED = [Status.ADOPTED, Status.FUNDED, Status.IMPLEMENTED]
FUNDED = [Status.FUNDED, Status.IMPLEMENTED]


# Every province's stored figures that have a row, as named rows (records.compiled).
_every_figure = compiled(
    lambda: ProvinceProposalFigures.objects.order_by().values_list(
        "province",
        "mode",
        "proposals_submitted",
        "proposals_adopted",
        "proposals_funded",
        "district_councils",
        named=True,
    )
)


def proposal_figures(provinces) -> dict:
    """{province pk: figures} of those of `provinces` (pks) that have any, each a row with the
    fields of ProvinceProposalFigures: one query of at most 77 rows (what this transaction
    changed is rebuilt first)."""
    wanted = set(provinces)
    return {row.province: row for row in _every_figure.fetch() if row.province in wanted}


def rebuild(provinces):
    """Rewrite the figures of `provinces` (pks) from the published records."""
    provinces = sorted(provinces)
    figures = {}

    def row(pk):
        if pk not in figures:
            figures[pk] = ProvinceProposalFigures(province_id=pk)
        return figures[pk]

    # Proposal.objects brings each proposal's status current first (ProposalManager).
    counts = (
        Proposal.objects.published()
        .filter(province__in=provinces)
        .exclude(status=Status.DRAFTED)
        .order_by()
        .values("province")
        .annotate(
            submitted=Count("pk"),
            adopted=Count("pk", filter=Q(status__in=ADOPTED)),
            funded=Count("pk", filter=Q(status__in=FUNDED)),
        )
    )
    for counted in counts:
        figures_of = row(counted["province"])
        figures_of.proposals_submitted = counted["submitted"]
        figures_of.proposals_adopted = counted["adopted"]
        figures_of.proposals_funded = counted["funded"]
    councils = (
        DistrictCouncil.objects.published()
        .filter(district__province__in=provinces)
        .order_by()
        .values_list("district__province")
        .annotate(n=Count("pk"))
    )
    for province, n in councils:
        row(province).district_councils = n
    # A province's history of ways of working is a few rows: the latest of each is kept.
    modes = (
        ProvinceWorkingMode.objects.published()
        .filter(province__in=provinces)
        .order_by("province", "-agreed_on", "-pk")
        .values_list("province", "mode")
    )
    current = {}
    for province, mode in modes:
        current.setdefault(province, mode)
    for province, mode in current.items():
        row(province).mode = mode
    ProvinceProposalFigures._base_manager.filter(province__in=provinces).delete()
    ProvinceProposalFigures._base_manager.bulk_create(figures.values())
    return len(figures)


def _province(model, pks):
    return history_values(model, pks, "province")


def _provinces_of_proposals(proposal_pks):
    # The audit records: a proposal moved to another province, or deleted, left the old one.
    return (
        Proposal.history.filter(id__in=list(proposal_pks))
        .order_by()
        .values_list("province", flat=True)
        .distinct()
    )


def _step(model, pks):
    return _provinces_of_proposals(history_values(model, pks, "proposal"))


def _council(model, pks):
    District = global_apps.get_model("geography", "District")
    districts = list(history_values(model, pks, "district"))
    return District.objects.filter(pk__in=districts).values_list("province", flat=True)


def _all_provinces():
    return global_apps.get_model("geography", "Province").objects.values_list("pk", flat=True)


province_proposal_figures = Derived(PROVINCE_PROPOSAL_FIGURES, rebuild, everything=_all_provinces)
province_proposal_figures.follow("proposals.Proposal", _province)
province_proposal_figures.follow("proposals.ProposalStep", _step)
province_proposal_figures.follow("proposals.ProvinceWorkingMode", _province)
province_proposal_figures.follow("proposals.DistrictCouncil", _council)


def recount_total(_keys=None):
    """Store how many proposals are published; returns that number."""
    published = Proposal.objects.published().count()
    ProposalTotal._base_manager.update_or_create(
        pk=ProposalTotal.ONLY, defaults={"published": published}
    )
    return published


# The stored total, read by the open-data API's unfiltered list (records.compiled).
_stored_total = compiled(
    lambda: ProposalTotal.objects.filter(pk=ProposalTotal.ONLY).order_by().values_list("published")
)


def published_proposal_total():
    """How many proposals are published: the stored total, counted again where it is missing
    (a database the benchmark's generator filled before `rebuild_derived`)."""
    stored = _stored_total.rows()
    return stored[0][0] if stored else recount_total()


proposal_total = Derived(PROPOSAL_TOTAL, recount_total, everything=lambda: [ProposalTotal.ONLY])
proposal_total.follow("proposals.Proposal", lambda _model, _pks: [ProposalTotal.ONLY])
