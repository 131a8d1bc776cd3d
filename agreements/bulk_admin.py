"""The agreement changelist's bulk pages: import a workbook of agreements (agreements.workbook)
and attach signed scans from a ZIP (agreements.scans).

The workbook is previewed first; the file staff previewed is kept in their session (only theirs,
never a path they name) until they confirm or upload another, and is read again on confirm, so
a confirm imports exactly what the preview showed, with the existing records staff picked
instead of the new organisations and people it would create.
"""

import base64
import hashlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Agreement
from .scans import ScansRefused, attach_scans
from .workbook import WorkbookError, agreements_workbook, workbook_import, workbook_plan

SESSION_KEY = "agreements_workbook"
# Kept in the session between the preview and the confirm: a workbook of a few thousand
# agreements is well under this.
WORKBOOK_MAX_BYTES = 10 * 1024 * 1024


class WorkbookForm(forms.Form):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("The workbook of “Export agreements” (it is also the template)."),
    )

    def clean_workbook(self):
        file = self.cleaned_data["workbook"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(gettext("Only .xlsx workbooks can be imported."))
        if file.size > WORKBOOK_MAX_BYTES:
            raise forms.ValidationError(
                gettext("The file is too large to import here; use manage.py import_agreements.")
            )
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
        form, plan = WorkbookForm(), None
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
                request.session.pop(SESSION_KEY, None)
                if plan is not None and not plan.refused:
                    request.session[SESSION_KEY] = {
                        "name": file.name,
                        "data": base64.b64encode(data).decode(),
                        "sha": hashlib.sha256(data).hexdigest(),
                    }
        context = self._context(request, title, form=form, plan=plan)
        return TemplateResponse(request, "admin/agreements/agreement/import_workbook.html", context)

    def _confirm_workbook(self, request, title):
        kept = request.session.get(SESSION_KEY)
        if not kept:
            messages.error(request, gettext("Upload the workbook again: no preview is waiting."))
            return HttpResponseRedirect(reverse("admin:agreements_agreement_import_workbook"))
        data = base64.b64decode(kept["data"])
        picks = {
            name: value
            for name, value in request.POST.items()
            if name.startswith(("org-", "person-")) and value.isdigit()
        }
        plan = workbook_plan(data, user=request.user, file_name=kept["name"], picks=picks)
        if plan.refused:
            # The registry changed since the preview: show the new one.
            messages.error(request, gettext("The file is refused now; nothing was imported."))
            context = self._context(request, title, form=WorkbookForm(), plan=plan)
            return TemplateResponse(
                request, "admin/agreements/agreement/import_workbook.html", context
            )
        try:
            counts = workbook_import(plan, user=request.user)
        except WorkbookError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:agreements_agreement_import_workbook"))
        del request.session[SESSION_KEY]
        messages.success(
            request,
            gettext(
                "Imported %(file)s: %(new)s new, %(changed)s changed, %(unchanged)s unchanged. "
                "New and changed agreements wait for review."
            )
            % {
                "file": kept["name"],
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


def workbook_response(data, file_name):
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
