from pathlib import Path

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from geography import access

from .models import Agreement, Attachment
from .validators import content_type_of


def attachment_file(request, pk):
    """An attachment's file, to whoever may see it.

    Public: a public attachment of a published agreement. Anything else only to staff who may
    view the agreement's region. Everyone else gets 404, so the file's existence stays private.
    Files are never served from MEDIA_URL directly.
    """
    attachment = get_object_or_404(
        Attachment.objects.select_related("agreement__province__region"), pk=pk
    )
    public = attachment.is_public and attachment.agreement.is_published
    if not public and not staff_may_view(request.user, attachment.agreement):
        raise Http404
    content_type = content_type_of(attachment.file.open("rb").read(16))
    attachment.file.seek(0)
    response = FileResponse(attachment.file, content_type=content_type)
    suffix = Path(attachment.file.name).suffix
    response["Content-Disposition"] = f'inline; filename="attachment-{attachment.pk}{suffix}"'
    if not public:
        response["Cache-Control"] = "private, no-store"
    return response


def staff_may_view(user, agreement):
    in_scope = access.scope(Agreement.objects.filter(pk=agreement.pk), user, "province__region")
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm("agreements.view_agreement")
        and in_scope.exists()
    )
