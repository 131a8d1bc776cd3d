import logging

from csp.decorators import csp
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from agreements.views import FILE_POLICY
from geography import access
from uploads.validators import IMAGE_TYPES, SUFFIXES, content_type_of

from .models import Proposal, ProposalStep

logger = logging.getLogger(__name__)


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
    try:
        file = step.evidence.open("rb")
    except FileNotFoundError:
        logger.error("Proposal step %s: its file %s is missing", step.pk, step.evidence.name)
        raise Http404 from None
    content_type = content_type_of(file.read(16))
    file.seek(0)
    if content_type is None:  # only a file stored by hand could be none of them
        logger.error("Proposal step %s: its evidence is no PDF, JPEG or PNG", step.pk)
        file.close()
        raise Http404
    response = FileResponse(
        file,
        content_type=content_type,
        as_attachment=content_type not in IMAGE_TYPES,
        filename=f"proposal-evidence-{step.pk}{SUFFIXES[content_type][0]}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not public:
        response["Cache-Control"] = "private, no-store"
    return response


def staff_may_view(user, proposal):
    """Login first, then permission, then region: the region is looked up only for staff."""
    if not (user.is_authenticated and user.is_staff):
        return False
    if not user.has_perm("proposals.view_proposal"):
        return False
    return access.scope(Proposal.objects.filter(pk=proposal.pk), user, "region").exists()
