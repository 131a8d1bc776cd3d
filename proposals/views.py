from csp.decorators import csp
from django.http import Http404
from django.shortcuts import get_object_or_404

from agreements.views import FILE_POLICY
from geography import access
from uploads.responses import stored_document_response

from .models import Proposal, ProposalStep


@csp(FILE_POLICY)
def step_evidence(request, pk):
    """A proposal step's evidence document, served as agreements.views.attachment_file serves
    attachments.

    Public: the evidence marked public of a step of a published proposal. Anything else only
    to staff who may view the proposal's region (national proposals: central staff). Everyone
    else gets 404, so the file's existence stays private. PDFs are downloaded, images shown;
    the type comes from the checked content, never from a file name.
    """
    step = get_object_or_404(ProposalStep.objects.select_related("proposal"), pk=pk)
    if not step.evidence:
        raise Http404
    public = step.evidence_is_public and step.proposal.is_published
    if not public and not staff_may_view(request.user, step.proposal):
        raise Http404
    return stored_document_response(
        step.evidence, public=public, name=f"proposal-evidence-{step.pk}"
    )


def staff_may_view(user, proposal):
    """Login first, then permission, then region: the region is looked up only for staff."""
    if not (user.is_authenticated and user.is_staff):
        return False
    if not user.has_perm("proposals.view_proposal"):
        return False
    return access.scope(Proposal.objects.filter(pk=proposal.pk), user, "region").exists()
