"""The admin's import pages (importing.resources): upload, preview every row, confirm.

django-import-export's pages, with three changes: the preview is one table of every row
(new, changed, unchanged or error, numbered as in the spreadsheet) instead of either the errors
or the changes; a confirmed import that turns out refused (the data changed since the preview)
says so instead of counting; and only staff who may both add and change the model import it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext
from import_export.admin import ImportMixin
from import_export.results import RowResult

from reports.columns import Column, Report
from reports.renderers import respond

from .resources import IMPORT_FORMATS, is_refused, refusals

TEMPLATE_FORMATS = ("xlsx", "csv")


class ImportPreviewAdminMixin(ImportMixin):
    """For a ModelAdmin: `resource_classes = [TheResource]` and this mixin first in its bases."""

    import_template_name = "admin/imports/import.html"
    import_formats = IMPORT_FORMATS
    # The history (django-simple-history) records each import, with the user and the file.
    skip_admin_log = True

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def _url_name(self, view):
        return "{}_{}_{}".format(*self.get_model_info(), view)

    def get_urls(self):
        return [
            path(
                "import/template.<str:extension>",
                self.admin_site.admin_view(self.import_template_view),
                name=self._url_name("import_template"),
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request, extension):
        """The file to fill in: the Thai headers and one example row."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if extension not in TEMPLATE_FORMATS:
            raise Http404
        resource = self.get_import_resource_classes(request)[0]()
        headers, example = resource.template_rows()
        report = Report(
            title=str(self.opts.verbose_name_plural),
            columns=[Column(header, width=24) for header in headers],
            rows=[example],
        )
        return respond([report], f"import-template-{self.opts.model_name}", extension)

    def get_import_data_kwargs(self, **kwargs):
        # A confirmed import writes every row or none.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def get_context_data(self, **kwargs):
        name = "admin:" + self._url_name("import_template")
        return {
            **super().get_context_data(**kwargs),
            "import_templates": [
                (extension, reverse(name, args=[extension])) for extension in TEMPLATE_FORMATS
            ],
        }

    def process_result(self, result, request):
        if is_refused(result):
            for message in refusals(result) or [
                gettext("Some rows have errors; nothing was imported. Upload the file again.")
            ]:
                messages.error(request, message)
            return HttpResponseRedirect(reverse("admin:" + self._url_name("import")))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            gettext(
                "Imported %(things)s: %(new)s new, %(changed)s changed, %(unchanged)s unchanged."
            )
            % {
                "things": self.opts.verbose_name_plural,
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "changed": totals[RowResult.IMPORT_TYPE_UPDATE],
                "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )
