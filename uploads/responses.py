"""Serving a stored document (an attachment, a proposal step's evidence) to someone who may see
it: PDFs downloaded, images shown, the type from the checked content and never from a file
name, and nothing when the file is missing or is none of the types uploads accept."""

import logging

from django.http import FileResponse, Http404

from .validators import IMAGE_TYPES, SUFFIXES, content_type_of

logger = logging.getLogger(__name__)


def stored_document_response(document, *, public, name):
    """The response for the stored file `document` (a FieldFile), named `name` plus its
    type's ending; `public` says whether caches may keep it. Raises Http404 when the file is
    missing or not a PDF, JPEG or PNG (only a file stored by hand could be), and logs why."""
    try:
        file = document.open("rb")
    except FileNotFoundError:
        logger.error("%s: the file %s is missing", name, document.name)
        raise Http404 from None
    content_type = content_type_of(file.read(16))
    file.seek(0)
    if content_type is None:
        logger.error("%s: the file %s is no PDF, JPEG or PNG", name, document.name)
        file.close()
        raise Http404
    response = FileResponse(
        file,
        content_type=content_type,
        as_attachment=content_type not in IMAGE_TYPES,
        filename=f"{name}{SUFFIXES[content_type][0]}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not public:
        response["Cache-Control"] = "private, no-store"
    return response
