from csp.constants import NONE
from csp.decorators import csp
from django.http import Http404
from django.shortcuts import get_object_or_404

from geography import access
from uploads.responses import stored_document_response

from .models import Agreement, Attachment

# The file's own policy, in place of the site's (django-csp leaves a view's policy alone): should
# a browser ever render one as a page, it runs nothing, loads nothing and is framed by no one.
FILE_POLICY = {"default-src": [NONE], "sandbox": True, "frame-ancestors": [NONE]}


@csp(FILE_POLICY)
def attachment_file(request, pk):
    """An attachment's file, to whoever may see it.

    Public: a public attachment of a published agreement (and of no activity, or a published
    one: Attachment.objects.public()). Anything else only to staff who may
    view the agreement's region. Everyone else gets 404, so the file's existence stays private.
    Files are never served from MEDIA_URL directly.

    PDFs are downloaded (Content-Disposition: attachment), images shown; the type comes from the
    checked content, never from a file name.
    """
    attachment = get_object_or_404(Attachment.objects.select_related("agreement"), pk=pk)
    public = Attachment.objects.public().filter(pk=pk).exists()
    if not public and not staff_may_view(request.user, attachment.agreement):
        raise Http404
    return stored_document_response(
        attachment.file, public=public, name=f"attachment-{attachment.pk}"
    )


def staff_may_view(user, agreement):
    """Login first, then permission, then region: the region is looked up only for staff."""
    if not (user.is_authenticated and user.is_staff):
        return False
    if not user.has_perm("agreements.view_agreement"):
        return False
    return access.scope(
        Agreement.objects.filter(pk=agreement.pk), user, "province__region"
    ).exists()
