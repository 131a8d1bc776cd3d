"""Each proposal's status: its latest step (by date, then by entry), kept on the proposal's row
as derived data (records.derived), rewritten whenever a step is added, changed, moved or
deleted. A proposal with no step is drafted."""

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from records.derived import Derived, history_values

from .models import PROPOSAL_STATUS, Proposal, ProposalStep

# Rows written per UPDATE: a bounded list of keys in each statement.
BATCH = 1000


def rebuild(keys):
    pks = sorted(keys)
    latest = ProposalStep.objects.filter(proposal=OuterRef("pk")).order_by("-taken_on", "-pk")
    for start in range(0, len(pks), BATCH):
        Proposal._base_manager.filter(pk__in=pks[start : start + BATCH]).update(
            status=Coalesce(Subquery(latest.values("step")[:1]), Value(Proposal.Status.DRAFTED)),
            status_on=Subquery(latest.values("taken_on")[:1]),
        )


def _proposals(model, pks):
    """The proposals the steps `pks` are on, or were on (a move or a deletion)."""
    return {pk for pk in history_values(model, pks, "proposal") if pk is not None}


def everything():
    return list(Proposal._base_manager.values_list("pk", flat=True))


proposal_status = Derived(PROPOSAL_STATUS, rebuild, everything=everything)
proposal_status.follow("proposals.ProposalStep", _proposals)
