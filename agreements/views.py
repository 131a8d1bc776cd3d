from pathlib import Path

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import DetailView
from django_filters.views import FilterView

from budgets.models import Allocation
from codi_registry import renderers
from geography import access
from geography.views import public_agreements

from . import exports
from .filters import AgreementFilter
from .models import Activity, Agreement, AgreementParty, Attachment
from .validators import sniff_content_type


class AgreementListView(FilterView):
    filterset_class = AgreementFilter
    template_name = "agreements/agreement_list.html"
    context_object_name = "agreements"
    paginate_by = 20

    def get_queryset(self):
        return public_agreements()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["more_filters_used"] = any(
            value for key, value in self.request.GET.items() if key not in ("q", "page")
        )
        return context


class AgreementDetailView(DetailView):
    context_object_name = "agreement"

    def get_queryset(self):
        """Only published agreements, with every relation the page reads prefetched."""
        return (
            Agreement.objects.published()
            .with_status()
            .select_related("province__region", "renews")
            .prefetch_related(
                "themes",
                "districts",
                "subdistricts",
                "clauses",
                Prefetch(
                    "parties",
                    queryset=AgreementParty.objects.select_related(
                        "organisation", "signatory"
                    ).prefetch_related("responsibilities"),
                ),
                Prefetch(
                    "attachments",
                    queryset=Attachment.objects.filter(is_public=True),
                    to_attr="public_attachments",
                ),
                Prefetch(
                    "activities",
                    queryset=Activity.objects.filter(is_published=True).select_related("province"),
                    to_attr="public_activities",
                ),
                Prefetch(
                    "allocations",
                    queryset=Allocation.objects.select_related("programme", "province"),
                ),
                Prefetch(
                    "renewals",
                    queryset=Agreement.objects.published(),
                    to_attr="public_renewals",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parties = list(self.object.parties.all())
        Role = AgreementParty.Role
        context["signing_parties"] = [p for p in parties if p.role == Role.PARTY]
        context["presiding"] = [p for p in parties if p.role == Role.PRESIDING]
        context["witnesses"] = [p for p in parties if p.role == Role.WITNESS]
        context["has_duties"] = any(p.responsibilities.all() for p in parties)
        renews = self.object.renews
        context["renews"] = renews if renews and renews.is_published else None
        return context


def _filtered(request):
    """The public list's filters applied to the export, or None when they are malformed."""
    filterset = AgreementFilter(request.GET, queryset=public_agreements())
    return filterset.qs if filterset.is_valid() else None


@require_GET
def agreement_export(request, extension):
    queryset = _filtered(request)
    if queryset is None:
        return HttpResponseBadRequest(_("The filters are not valid; check the list page."))
    report = exports.agreement_report(exports.export_queryset(queryset))
    if extension == "csv":
        return renderers.csv_response(report, "agreements")
    return renderers.xlsx_response([report], "agreements")


@require_GET
def agreement_pdf(request, pk):
    view = AgreementDetailView()
    agreement = get_object_or_404(view.get_queryset(), pk=pk)
    document = exports.agreement_sheet_pdf(agreement, activities=agreement.public_activities)
    return renderers.pdf_response(document, f"agreement-{agreement.pk}")


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
    content_type, _suffixes = sniff_content_type(attachment.file.open("rb").read(16))
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
