"""Background jobs and what they keep privately for the user who started them (importing.jobs):
an uploaded spreadsheet, from its preview to its confirmation, and a large export's file."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(32)


def session_digest(session_key):
    """What is stored of the session a file was uploaded in: never the key itself."""
    return hashlib.sha256((session_key or "").encode()).hexdigest()


class JobQuerySet(models.QuerySet):
    def expired(self):
        hours = getattr(settings, self.model.keep_hours_setting)
        return self.filter(created_at__lt=timezone.now() - timedelta(hours=hours))

    def of(self, *, token, user):
        """The job `token` if `user` started it: a token of another user finds nothing, as an
        unknown one does."""
        found = self.filter(token=token, user=user)
        return found.exclude(pk__in=self.expired().values("pk")).first()


class UploadQuerySet(JobQuerySet):
    def of(self, *, token, user, session_key=None):
        """The upload `token` if `user` made it (in this session, when one is given): a token
        of another user or another session finds nothing, as an unknown one does."""
        found = self
        if session_key is not None:
            found = found.filter(session=session_digest(session_key))
        return JobQuerySet.of(found, token=token, user=user)


class BackgroundJob(models.Model):
    """What a background job's page reads: its private token, its size, when it ran and its
    state. A subclass has a `user`, a `state` of its `State` choices (with QUEUED and FAILED),
    `running_states`, and the names of the settings that bound it."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    rows = models.PositiveIntegerField(default=0, help_text=_("Data rows, about."))
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    running_states = ()
    max_seconds_setting = ""  # a job still running after twice this has died
    keep_hours_setting = ""  # kept this long, then removed
    email_after_setting = ""  # a job that took longer e-mails its starter

    class Meta:
        abstract = True

    @property
    def is_running(self):
        return self.shown_state in self.running_states

    @property
    def shown_state(self):
        """The state, or FAILED for a job that has run twice the time limit: its worker was
        killed outright, its transaction never committed, and nothing was written."""
        since = self.started_at or self.created_at
        limit = timedelta(seconds=2 * getattr(settings, self.max_seconds_setting))
        if self.state in self.running_states and timezone.now() - since > limit:
            return self.State.FAILED
        return self.state

    def get_shown_state_display(self):
        return self.State(self.shown_state).label


class Upload(BackgroundJob):
    """A file uploaded to be imported. It lives in the database rather than in a folder: no
    other user can name it (only its random token, bound to the user and session that uploaded
    it, finds it), and a worker on another machine reads it as the web server does. Kept
    IMPORT_FILE_HOURS; `importing.jobs.upload_save` removes the older ones."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for its turn")
        PREVIEWING = "previewing", _("Checking the rows")
        PREVIEWED = "previewed", _("Checked: waiting for confirmation")
        IMPORTING = "importing", _("Importing")
        IMPORTED = "imported", _("Imported")
        REFUSED = "refused", _("Refused: nothing was saved")
        FAILED = "failed", _("Stopped by an error: nothing was saved")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_uploads",
        help_text=_("Who uploaded the file: only they may confirm it."),
    )
    session = models.CharField(
        max_length=64, blank=True, help_text=_("A digest of the session it was uploaded in.")
    )
    resource = models.CharField(
        max_length=200, help_text=_("The import that reads it (a resource's dotted path).")
    )
    file_name = models.CharField(max_length=255)
    extension = models.CharField(max_length=5, help_text=_(".xlsx or .csv"))
    data = models.BinaryField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    outcome = models.JSONField(
        default=dict, blank=True, help_text=_("The preview or the import's result.")
    )

    running_states = {State.QUEUED, State.PREVIEWING, State.IMPORTING}
    max_seconds_setting = "IMPORT_MAX_SECONDS"
    keep_hours_setting = "IMPORT_FILE_HOURS"
    email_after_setting = "IMPORT_EMAIL_AFTER_SECONDS"

    objects = UploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uploaded import file")
        verbose_name_plural = _("uploaded import files")

    def __str__(self):
        return self.file_name


class Export(BackgroundJob):
    """A large export of the admin (importing.admin.ExportJobAdminMixin), written by a
    background job and kept in the database for the user who asked for it: only its random
    token, with that user, finds it. Kept EXPORT_FILE_HOURS; `importing.jobs.export_save`
    removes the older ones."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for its turn")
        WRITING = "writing", _("Writing the file")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Stopped by an error: no file was written")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exports",
        help_text=_("Who asked for the export: only they may download it."),
    )
    model = models.CharField(
        max_length=100,
        help_text=_("The exported model (app_label.model_name): its admin writes the rows."),
    )
    query = models.BinaryField(
        help_text=_("The rows selected in the admin: Django's query, pickled by the server.")
    )
    extension = models.CharField(max_length=5, help_text=_("csv or xlsx"))
    language = models.CharField(
        max_length=10, help_text=_("The language of the page it was asked from.")
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    file_name = models.CharField(max_length=255, blank=True)
    data = models.BinaryField(default=b"", blank=True)

    running_states = {State.QUEUED, State.WRITING}
    max_seconds_setting = "EXPORT_MAX_SECONDS"
    keep_hours_setting = "EXPORT_FILE_HOURS"
    email_after_setting = "EXPORT_EMAIL_AFTER_SECONDS"

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export file")
        verbose_name_plural = _("export files")

    def __str__(self):
        return self.file_name or self.model
