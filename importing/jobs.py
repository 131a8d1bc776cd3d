"""Previews and imports of an uploaded file (importing.models.Upload), in the request for a
small file and as a background job (Django's Tasks API, settings.TASKS) for a large one; and the
admin's large exports (importing.models.Export), written by a job to a file kept for the user
who asked for them.

A job reads the file from the database, so any worker on any machine can run it. Its progress
goes to the cache (CACHE_URL: Redis when the web servers and workers are several processes),
because the rows are written in one transaction that nobody else sees before it commits: a
worker killed mid-way has written nothing, and the upload's page says so. The cache is an
accelerator here too (pagecache.backend): while it does not answer, the bar stays at nought
until the job ends, and the job and its page go on. The outcome (the preview's rows, the
refusal, the counts) is stored on the upload for its page.
"""

import logging
import pickle
from collections import Counter
from dataclasses import asdict

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django_tasks import task

from pagecache.backend import cache_get, cache_set
from reports.renderers import export_filename, render

from . import files
from .models import Export, Upload, session_digest
from .resources import PreviewRow, is_refused, refusals

logger = logging.getLogger(__name__)

PROGRESS_SECONDS = 24 * 60 * 60


def upload_save(*, user, session_key, resource, file_name, extension, data):
    """Keep an uploaded file for its preview and confirmation; drop the expired ones."""
    Upload.objects.expired().delete()
    return Upload.objects.create(
        user=user,
        session=session_digest(session_key),
        resource=resource,
        file_name=file_name,
        extension=extension,
        data=data,
        rows=files.estimated_rows(data, extension),
    )


def runs_as_job(upload):
    return upload.rows > settings.IMPORT_JOB_ROWS


def progress_of(job):
    """(rows done, rows in all) of a running upload or export."""
    return cache_get(_progress_key(job.token)) or 0, job.rows


def _progress_key(token):
    return f"importing:progress:{token}"


class Outcome:
    """What the preview and result pages show, rebuilt from `Upload.outcome`."""

    def __init__(self, stored):
        self.refusals = stored.get("refusals", [])
        self.preview = [PreviewRow(**row) for row in stored.get("preview", [])]
        self.counts = stored.get("counts", {})

    def has_errors(self):
        return bool(self.refusals)

    def has_validation_errors(self):
        return any(row.status == "error" for row in self.preview)

    @property
    def is_refused(self):
        return self.has_errors() or self.has_validation_errors()

    @property
    def counts_text(self):
        return ", ".join(
            f"{PreviewRow(0, status, '').label} {count}" for status, count in self.counts.items()
        )


def run(upload, *, dry_run):
    """Preview (`dry_run`) or import `upload` now, in this process; store and return the
    Outcome. A refused file, or one with a row in error, writes nothing."""
    upload.state = Upload.State.PREVIEWING if dry_run else Upload.State.IMPORTING
    upload.started_at = timezone.now()
    upload.save(update_fields=["state", "started_at"])
    key = _progress_key(upload.token)
    cache_set(key, 0, PROGRESS_SECONDS)
    stored = {}
    try:
        deadline = files.Deadline(settings.IMPORT_MAX_SECONDS)
        dataset = files.read_dataset(bytes(upload.data), upload.extension, deadline=deadline)
        resource = import_string(upload.resource)()
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            user=upload.user,
            file_name=upload.file_name,
            rollback_on_validation_errors=True,
            retain_instance_in_row_result=True,
            deadline=deadline,
            progress=lambda done: cache_set(key, done, PROGRESS_SECONDS),
        )
        stored = {
            "refusals": refusals(result),
            "preview": [asdict(row) for row in result.preview],
            "counts": dict(Counter(row.status for row in result.preview)),
        }
        refused = is_refused(result)
    except files.FileRefused as refusal:
        stored, refused = {"refusals": [str(refusal)]}, True
    if refused:
        state = Upload.State.REFUSED
    else:
        state = Upload.State.PREVIEWED if dry_run else Upload.State.IMPORTED
    upload.outcome = stored
    upload.state = state
    upload.finished_at = timezone.now()
    fields = ["outcome", "state", "finished_at"]
    if state != Upload.State.PREVIEWED:
        # Nothing more will read it: only the outcome is kept, for the page.
        upload.data = b""
        fields.append("data")
    upload.save(update_fields=fields)
    cache_set(key, upload.rows, PROGRESS_SECONDS)
    return Outcome(stored)


def _run_job(token, dry_run):
    upload = Upload.objects.select_related("user").filter(token=token).first()
    if upload is None:
        return  # expired and removed before a worker took it
    with translation.override(settings.LANGUAGE_CODE):
        try:
            run(upload, dry_run=dry_run)
        except Exception:
            # The transaction of the rows is rolled back; the page says nothing was saved.
            logger.exception("Import job %s failed", upload.pk)
            Upload.objects.filter(pk=upload.pk).update(
                state=Upload.State.FAILED, finished_at=timezone.now()
            )
            raise
        _tell_when_long(upload)


@task()
def preview_job(token):
    _run_job(token, dry_run=True)


@task()
def import_job(token):
    _run_job(token, dry_run=False)


def enqueue(upload, *, dry_run):
    upload.state = Upload.State.QUEUED
    upload.save(update_fields=["state"])
    (preview_job if dry_run else import_job).enqueue(upload.token)


def _took_long(job):
    """Whether the user who started `job` is to be e-mailed the link to its result."""
    took = (job.finished_at - job.started_at).total_seconds()
    return took >= getattr(settings, job.email_after_setting) and bool(job.user.email)


def _tell_when_long(upload):
    """E-mail the link of the result to whoever started a job that took long."""
    if not _took_long(upload):
        return
    link = settings.SITE_URL + upload_url(upload)
    send_mail(
        gettext("Import of %(file)s: %(state)s")
        % {"file": upload.file_name, "state": upload.get_state_display()},
        gettext(
            "The file %(file)s has been checked or imported: %(state)s.\n\nSee the result: %(link)s"
        )
        % {"file": upload.file_name, "state": upload.get_state_display(), "link": link},
        settings.DEFAULT_FROM_EMAIL,
        [upload.user.email],
    )


def upload_url(upload):
    """The address of the upload's page in the admin of its model."""
    opts = import_string(upload.resource)._meta.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_import_job", args=[upload.token])


# Exports


def export_runs_as_job(rows):
    return rows > settings.EXPORT_JOB_ROWS


def export_save(*, user, queryset, extension, rows):
    """Keep what a background export of `queryset` reads; drop the expired exports."""
    Export.objects.expired().delete()
    return Export.objects.create(
        user=user,
        model=queryset.model._meta.label_lower,
        # Django's documented way to keep a queryset for later: its query, pickled. The bytes
        # are written by this server and read back by the same code, never sent to anyone.
        query=pickle.dumps(queryset.query),
        extension=extension,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        rows=rows,
    )


def export_enqueue(export):
    export_job.enqueue(export.token)


def _counted(rows, key, every=500):
    """`rows`, storing how many have been written every `every` rows."""
    for done, row in enumerate(rows, 1):
        if done % every == 0:
            cache_set(key, done, PROGRESS_SECONDS)
        yield row


def export_run(export):
    """Write the export's file with its model admin's report (`export_report`), as the
    request would have streamed it, and keep it on `export`."""
    export.state = Export.State.WRITING
    export.started_at = timezone.now()
    export.save(update_fields=["state", "started_at"])
    key = _progress_key(export.token)
    cache_set(key, 0, PROGRESS_SECONDS)
    model = apps.get_model(export.model)
    queryset = model._default_manager.all()
    queryset.query = pickle.loads(bytes(export.query))  # noqa: S301 (see export_save)
    model_admin = admin.site.get_model_admin(model)
    report = model_admin.export_report(queryset)
    report.rows = _counted(report.rows, key)
    export.data = render(report, export.extension)
    export.file_name = export_filename(model_admin.export_stem, export.extension)
    export.state = Export.State.DONE
    export.finished_at = timezone.now()
    export.save(update_fields=["data", "file_name", "state", "finished_at"])
    cache_set(key, export.rows, PROGRESS_SECONDS)


@task()
def export_job(token):
    export = Export.objects.select_related("user").filter(token=token).first()
    if export is None:
        return  # expired and removed before a worker took it
    with translation.override(export.language):
        try:
            export_run(export)
        except Exception:
            logger.exception("Export job %s failed", export.pk)
            Export.objects.filter(pk=export.pk).update(
                state=Export.State.FAILED, finished_at=timezone.now()
            )
            raise
        _tell_export_ready(export)


def _tell_export_ready(export):
    """E-mail the link of the file to whoever asked for an export that took long."""
    if not _took_long(export):
        return
    send_mail(
        gettext("Export %(file)s: ready to download") % {"file": export.file_name},
        gettext("The export %(file)s is ready. Download it within %(hours)s hours: %(link)s")
        % {
            "file": export.file_name,
            "hours": settings.EXPORT_FILE_HOURS,
            "link": settings.SITE_URL + export_url(export),
        },
        settings.DEFAULT_FROM_EMAIL,
        [export.user.email],
    )


def export_url(export, view="export_job"):
    """The address of the export's page (or its `view`) in the admin of its model."""
    app_label, model_name = export.model.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=[export.token])
