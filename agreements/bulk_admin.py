"""The agreement changelist's bulk pages: import a workbook of agreements (agreements.workbook)
and attach signed scans from a ZIP (agreements.scans).

The workbook is previewed first; a file that may be confirmed is kept as the other imports keep
theirs (importing.models.Upload: in the database, under a random token bound to the user and
session that previewed it, never a path they name), and is read again on confirm, so a confirm
imports exactly what the preview showed, with the existing records staff picked instead of the
new organisations and people it would create. Another user's token, one of another session, one
already imported and an expired one find nothing.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from importing import files, jobs
from importing.models import Upload

from .models import Agreement
from .scans import ScansRefused, attach_scans
from .workbook import WorkbookError, agreements_workbook, workbook_import, workbook_plan

# What reads an Upload of this page (Upload.resource): the workbook, never an import resource.
WORKBOOK_READER = "agreements.workbook.workbook_plan"


class WorkbookForm(forms.Form):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("The workbook of “Export agreements” (it is also the template)."),
    )

    def clean_workbook(self):
        file = self.cleaned_data["workbook"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(gettext("Only .xlsx workbooks can be imported."))
        try:
            # Before a byte is read, as the other imports (importing.files).
            files.check_size(file.size)
        except files.FileRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return file


class ScansForm(forms.Form):
    archive = forms.FileField(
        label=_("ZIP of scans"),
        help_text=_(
            "PDF, JPEG or PNG files named by agreement reference, e.g. MOU-2567-30-01.pdf, "
            "MOU-2567-30-01-2.jpg."
        ),
    )
    is_public = forms.BooleanField(
        label=_("public"),
        required=False,
        help_text=_(
            "Shown on the public page of a published agreement. Check for personal data "
            "(ID numbers, addresses, signatures of private persons) first."
        ),
    )


class BulkEntryAdminMixin:
    """For AgreementAdmin: the workbook import and the scans pages, linked from the changelist."""

    def get_urls(self):
        return [
            path(
                "import-workbook/",
                self.admin_site.admin_view(self.import_workbook_view),
                name="agreements_agreement_import_workbook",
            ),
            path(
                "import-workbook/template.xlsx",
                self.admin_site.admin_view(self.workbook_template_view),
                name="agreements_agreement_workbook_template",
            ),
            path(
                "attach-scans/",
                self.admin_site.admin_view(self.attach_scans_view),
                name="agreements_agreement_attach_scans",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Export as a workbook to import"), permissions=["view"])
    def export_workbook(self, request, queryset):
        """The selected agreements as the import's workbook (agreements.workbook)."""
        return workbook_response(agreements_workbook(queryset), "agreements-workbook.xlsx")

    def workbook_template_view(self, request):
        """The workbook with its headers and no rows: the template."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        return workbook_response(
            agreements_workbook(Agreement.objects.none()), "agreements-template.xlsx"
        )

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            **extra,
        }

    def import_workbook_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        title = gettext("Import agreements from a workbook")
        form, plan, upload = WorkbookForm(), None, None
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm_workbook(request, title)
        if request.method == "POST":
            form = WorkbookForm(request.POST, request.FILES)
            if form.is_valid():
                file = form.cleaned_data["workbook"]
                data = file.read()
                try:
                    plan = workbook_plan(data, user=request.user, file_name=file.name)
                except WorkbookError as error:
                    form.add_error("workbook", str(error))
                # Only a file that may be confirmed waits for the confirm.
                if plan is not None and not plan.refused:
                    upload = jobs.upload_save(
                        user=request.user,
                        session_key=request.session.session_key,
                        resource=WORKBOOK_READER,
                        file_name=file.name,
                        extension=".xlsx",
                        data=data,
                    )
                    Upload.objects.filter(pk=upload.pk).update(state=Upload.State.PREVIEWED)
        context = self._context(request, title, form=form, plan=plan, upload=upload)
        return TemplateResponse(request, "admin/agreements/agreement/import_workbook.html", context)

    def _claimed_upload(self, request):
        """The upload the confirm names, if this user previewed it in this session and it still
        waits; claimed in one UPDATE, so that a second click imports nothing twice."""
        upload = Upload.objects.of(
            token=request.POST.get("token", ""),
            user=request.user,
            session_key=request.session.session_key,
        )
        if upload is None or upload.resource != WORKBOOK_READER:
            return None
        claimed = Upload.objects.filter(pk=upload.pk, state=Upload.State.PREVIEWED).update(
            state=Upload.State.IMPORTING, started_at=timezone.now()
        )
        return upload if claimed else None

    def _confirm_workbook(self, request, title):
        upload = self._claimed_upload(request)
        if upload is None:
            messages.error(
                request,
                gettext(
                    "This file was not previewed by you in this session, or its preview has "
                    "expired. Upload it again."
                ),
            )
            return HttpResponseRedirect(reverse("admin:agreements_agreement_import_workbook"))
        picks = {
            name: value
            for name, value in request.POST.items()
            if name.startswith(("org-", "person-")) and value.isdigit()
        }
        plan = workbook_plan(
            bytes(upload.data), user=request.user, file_name=upload.file_name, picks=picks
        )
        if plan.refused:
            # The registry changed since the preview: show the new one.
            _finish(upload, Upload.State.REFUSED, {"refusals": plan.refusals})
            messages.error(request, gettext("The file is refused now; nothing was imported."))
            context = self._context(request, title, form=WorkbookForm(), plan=plan)
            return TemplateResponse(
                request, "admin/agreements/agreement/import_workbook.html", context
            )
        try:
            counts = workbook_import(plan, user=request.user)
        except WorkbookError as error:
            _finish(upload, Upload.State.REFUSED, {"refusals": [str(error)]})
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:agreements_agreement_import_workbook"))
        _finish(upload, Upload.State.IMPORTED, {"counts": counts})
        messages.success(
            request,
            gettext(
                "Imported %(file)s: %(new)s new, %(changed)s changed, %(unchanged)s unchanged. "
                "New and changed agreements wait for review."
            )
            % {
                "file": upload.file_name,
                "new": counts.get("new", 0),
                "changed": counts.get("changed", 0),
                "unchanged": counts.get("unchanged", 0),
            },
        )
        return HttpResponseRedirect(
            reverse("admin:agreements_agreement_changelist") + "?review_state__exact=submitted"
        )

    def attach_scans_view(self, request):
        if not (
            self.has_change_permission(request)
            and request.user.has_perm("agreements.add_attachment")
        ):
            raise PermissionDenied
        form, reports = ScansForm(), None
        if request.method == "POST":
            form = ScansForm(request.POST, request.FILES)
            if form.is_valid():
                archive = form.cleaned_data["archive"]
                try:
                    reports = attach_scans(
                        archive,
                        user=request.user,
                        is_public=form.cleaned_data["is_public"],
                        file_name=archive.name,
                    )
                except ScansRefused as error:
                    form.add_error("archive", str(error))
        context = self._context(
            request, gettext("Attach signed scans from a ZIP"), form=form, reports=reports
        )
        return TemplateResponse(request, "admin/agreements/agreement/attach_scans.html", context)


def _finish(upload, state, outcome):
    """Nothing more will read the file: only its outcome is kept (as importing.jobs.run)."""
    upload.state, upload.outcome, upload.finished_at = state, outcome, timezone.now()
    upload.data = b""
    upload.save(update_fields=["state", "outcome", "finished_at", "data"])


def workbook_response(data, file_name):
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
