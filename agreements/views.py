import logging

from csp.constants import NONE
from csp.decorators import csp
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from geography import access
from uploads.validators import IMAGE_TYPES, SUFFIXES, content_type_of

from .models import Agreement, Attachment

logger = logging.getLogger(__name__)

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
    try:
        file = attachment.file.open("rb")
    except FileNotFoundError:
        logger.error("Attachment %s: its file %s is missing", attachment.pk, attachment.file.name)
        raise Http404 from None
    content_type = content_type_of(file.read(16))
    file.seek(0)
    if content_type is None:  # only a file stored by hand could be none of them
        logger.error("Attachment %s: its file is no PDF, JPEG or PNG", attachment.pk)
        file.close()
        raise Http404
    response = FileResponse(
        file,
        content_type=content_type,
        as_attachment=content_type not in IMAGE_TYPES,
        filename=f"attachment-{attachment.pk}{SUFFIXES[content_type][0]}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not public:
        response["Cache-Control"] = "private, no-store"
    return response


def staff_may_view(user, agreement):
    """Login first, then permission, then region: the region is looked up only for staff."""
    if not (user.is_authenticated and user.is_staff):
        return False
    if not user.has_perm("agreements.view_agreement"):
        return False
    return access.scope(
        Agreement.objects.filter(pk=agreement.pk), user, "province__region"
    ).exists()
