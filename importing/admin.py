"""The admin's import pages (importing.resources): upload, preview every row, confirm.

django-import-export's pages, with these changes: the preview is one table of every row (new,
changed, unchanged or error, numbered as in the spreadsheet) instead of either the errors or the
changes; the uploaded file is kept in the database under a random token bound to the user and
session that previewed it (importing.models.Upload), never in a shared folder by name, so only
that user's previewed file can be confirmed; a large file is previewed and imported as a
background job (importing.jobs) with a page that shows its progress and its outcome; a
confirmed import that turns out refused (the data changed since the preview) says so instead of
counting; and only staff who may both add and change the model import it.

ExportJobAdminMixin gives a model's admin the actions that export the selected rows as CSV or
Excel: at once for a few, as a background job with the same kind of page for many.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult
from import_export.admin import ImportMixin

from reports.columns import Column, Report
from reports.renderers import respond

from . import files, jobs
from .models import Export, Upload
from .resources import IMPORT_FORMATS

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
            path(
                "import/job/<str:token>/",
                self.admin_site.admin_view(self.import_job_view),
                name=self._url_name("import_job"),
            ),
            path(
                "import/job/<str:token>/status.json",
                self.admin_site.admin_view(self.import_status_view),
                name=self._url_name("import_status"),
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

    def get_context_data(self, **kwargs):
        name = "admin:" + self._url_name("import_template")
        return {
            **super().get_context_data(**kwargs),
            "import_templates": [
                (extension, reverse(name, args=[extension])) for extension in TEMPLATE_FORMATS
            ],
        }

    def _resource_path(self, request):
        resource = self.get_import_resource_classes(request)[0]
        return f"{resource.__module__}.{resource.__qualname__}"

    def _page(self, request, context):
        context = {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": gettext("Import"),
            "opts": self.model._meta,
            **context,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def _confirm_form(self, request, upload, format_index):
        return self.get_confirm_form_class(request)(
            initial={
                "import_file_name": upload.token,
                "original_file_name": upload.file_name,
                "format": format_index,
                "resource": "",
            }
        )

    def import_action(self, request, **kwargs):
        """Upload: keep the file privately, then preview it here, or as a job for a large
        file (its page shows the progress)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return super().import_action(request, **kwargs)
        form = self.create_import_form(request)
        if not form.is_valid():
            return self._page(request, {"form": form, "media": self.media + form.media})
        import_file = form.cleaned_data["import_file"]
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        try:
            # Before a byte is read: Django has the upload on disk with its size.
            files.check_size(import_file.size)
        except files.FileRefused as refusal:
            form.add_error("import_file", str(refusal))
            return self._page(request, {"form": form, "media": self.media + form.media})
        data = import_file.read()
        try:
            # What costs nothing to check refuses the file here, before it is kept.
            files.precheck(data, input_format.extension)
        except files.FileRefused as refusal:
            outcome = jobs.Outcome({"refusals": [str(refusal)]})
            return self._page(
                request, {"form": form, "result": outcome, "media": self.media + form.media}
            )
        upload = jobs.upload_save(
            user=request.user,
            session_key=request.session.session_key,
            resource=self._resource_path(request),
            file_name=import_file.name,
            extension=input_format.extension,
            data=data,
        )
        if jobs.runs_as_job(upload):
            jobs.enqueue(upload, dry_run=True)
            return HttpResponseRedirect(self._job_url(upload))
        outcome = jobs.run(upload, dry_run=True)
        context = {"form": form, "result": outcome, "media": self.media + form.media}
        if not outcome.is_refused:
            context["confirm_form"] = self._confirm_form(
                request, upload, form.cleaned_data["format"]
            )
        return self._page(request, context)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Confirm: only a file this user previewed in this session, still waiting."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.get_confirm_form_class(request)(data=request.POST)
        upload = None
        if confirm_form.is_valid():
            upload = Upload.objects.of(
                token=confirm_form.cleaned_data["import_file_name"],
                user=request.user,
                session_key=request.session.session_key,
            )
        # Claimed in one UPDATE, so that a second click on the button imports nothing twice.
        claimed = (
            upload is not None
            and upload.resource == self._resource_path(request)
            and Upload.objects.filter(pk=upload.pk, state=Upload.State.PREVIEWED).update(
                state=Upload.State.QUEUED
            )
        )
        if not claimed:
            messages.error(
                request,
                gettext(
                    "This file was not previewed by you in this session, or its preview has "
                    "expired. Upload it again."
                ),
            )
            return HttpResponseRedirect(reverse("admin:" + self._url_name("import")))
        if jobs.runs_as_job(upload):
            jobs.enqueue(upload, dry_run=False)
            return HttpResponseRedirect(self._job_url(upload))
        outcome = jobs.run(upload, dry_run=False)
        return self.process_result(outcome, request)

    def process_result(self, result, request):
        if result.is_refused:
            for message in result.refusals or [
                gettext("Some rows have errors; nothing was imported. Upload the file again.")
            ]:
                messages.error(request, message)
            return HttpResponseRedirect(reverse("admin:" + self._url_name("import")))
        self.add_success_message(result, request)
        return HttpResponseRedirect(reverse("admin:" + self._url_name("changelist")))

    def add_success_message(self, result, request):
        counts = result.counts
        messages.success(
            request,
            gettext(
                "Imported %(things)s: %(new)s new, %(changed)s changed, %(unchanged)s unchanged."
            )
            % {
                "things": self.opts.verbose_name_plural,
                "new": counts.get("new", 0),
                "changed": counts.get("changed", 0),
                "unchanged": counts.get("unchanged", 0),
            },
        )

    # Background jobs

    def _job_url(self, upload):
        return reverse("admin:" + self._url_name("import_job"), args=[upload.token])

    def _upload(self, request, token):
        # Only its uploader sees it (from any session: the e-mail's link opens a new one).
        if not self.has_import_permission(request):
            raise PermissionDenied
        upload = Upload.objects.of(token=token, user=request.user)
        if upload is None or upload.resource != self._resource_path(request):
            raise Http404
        return upload

    def import_job_view(self, request, token):
        """A job's page: its progress while it runs, then the preview (with the confirmation)
        or the result."""
        upload = self._upload(request, token)
        done, total = jobs.progress_of(upload)
        outcome = jobs.Outcome(upload.outcome)
        context = {
            "upload": upload,
            "done": done,
            "total": total,
            "status_url": reverse("admin:" + self._url_name("import_status"), args=[upload.token]),
            "result": None if upload.is_running else outcome,
            "job_page": True,
        }
        if upload.state == Upload.State.PREVIEWED and upload.session == jobs.session_digest(
            request.session.session_key
        ):
            index = next(
                i
                for i, f in enumerate(self.get_import_formats())
                if f.extension == upload.extension
            )
            context["confirm_form"] = self._confirm_form(request, upload, index)
        return TemplateResponse(
            request,
            "admin/imports/job.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Import"),
                "opts": self.model._meta,
                **context,
            },
        )

    def import_status_view(self, request, token):
        return job_status(self._upload(request, token))


def job_status(job):
    """A job's state and progress, polled by static/js/import-progress.js."""
    done, total = jobs.progress_of(job)
    return JsonResponse(
        {"state": job.shown_state, "running": job.is_running, "done": done, "total": total}
    )


class ExportJobAdminMixin:
    """For a ModelAdmin: the actions `export_csv` and `export_xlsx` of the selected rows, with
    `export_stem` (the file's name) and `export_report(queryset)` (a reports.columns.Report).

    Up to EXPORT_JOB_ROWS rows stream at once; more are written by a background job
    (importing.jobs.export_job) and the action answers with the job's page: its progress, then
    a link to the file for the user who asked for it, kept EXPORT_FILE_HOURS.
    """

    export_stem = ""

    def export_report(self, queryset):
        raise NotImplementedError

    @admin.action(description=_("Export the selected %(verbose_name_plural)s (CSV)"))
    def export_csv(self, request, queryset):
        return self.export_response(request, queryset, "csv")

    @admin.action(description=_("Export the selected %(verbose_name_plural)s (Excel)"))
    def export_xlsx(self, request, queryset):
        return self.export_response(request, queryset, "xlsx")

    def export_response(self, request, queryset, extension):
        # The changelist counted the same rows already: one cheap query.
        rows = queryset.count()
        if not jobs.export_runs_as_job(rows):
            return respond(self.export_report(queryset), self.export_stem, extension)
        export = jobs.export_save(
            user=request.user, queryset=queryset, extension=extension, rows=rows
        )
        jobs.export_enqueue(export)
        return HttpResponseRedirect(jobs.export_url(export))

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export/job/<str:token>/",
                self.admin_site.admin_view(self.export_job_view),
                name="{}_{}_export_job".format(*info),
            ),
            path(
                "export/job/<str:token>/status.json",
                self.admin_site.admin_view(self.export_status_view),
                name="{}_{}_export_status".format(*info),
            ),
            path(
                "export/job/<str:token>/download",
                self.admin_site.admin_view(self.export_download_view),
                name="{}_{}_export_download".format(*info),
            ),
            *super().get_urls(),
        ]

    def _export(self, request, token, *, with_file=False):
        # Only who asked for it sees it (from any session: the e-mail's link opens a new one).
        if not self.has_view_permission(request):
            raise PermissionDenied
        exports = Export.objects.all() if with_file else Export.objects.defer("data", "query")
        export = exports.of(token=token, user=request.user)
        if export is None or export.model != self.opts.label_lower:
            raise Http404
        return export

    def export_job_view(self, request, token):
        """An export's page: its progress while it runs, then the link to its file."""
        export = self._export(request, token)
        done, total = jobs.progress_of(export)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Export"),
            "opts": self.opts,
            "export": export,
            "done": done,
            "total": total,
            "status_url": jobs.export_url(export, "export_status"),
            "download_url": jobs.export_url(export, "export_download"),
            "hours": settings.EXPORT_FILE_HOURS,
        }
        return TemplateResponse(request, "admin/imports/export_job.html", context)

    def export_status_view(self, request, token):
        return job_status(self._export(request, token))

    def export_download_view(self, request, token):
        export = self._export(request, token, with_file=True)
        if export.state != Export.State.DONE:
            raise Http404
        response = HttpResponse(bytes(export.data), content_type=CONTENT_TYPES[export.extension])
        response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
        return response


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# The job queue's own admin (django_tasks_db) lists raw task rows, in English only. Staff follow
# an import's job on its own page (import_job_view); operators have `manage.py db_worker` and
# the database (docs/deployment.md, "Workers").
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
