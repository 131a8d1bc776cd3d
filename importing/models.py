"""An uploaded spreadsheet, kept privately from its preview to its confirmation, and the state
of the background job that reads it (importing.jobs)."""

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


class UploadQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(
            created_at__lt=timezone.now() - timedelta(hours=settings.IMPORT_FILE_HOURS)
        )

    def of(self, *, token, user, session_key=None):
        """The upload `token` if `user` made it (in this session, when one is given): a token
        of another user or another session finds nothing, as an unknown one does."""
        found = self.filter(token=token, user=user)
        if session_key is not None:
            found = found.filter(session=session_digest(session_key))
        return found.exclude(pk__in=self.expired().values("pk")).first()


class Upload(models.Model):
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

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
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
    rows = models.PositiveIntegerField(default=0, help_text=_("Data rows, about."))
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    outcome = models.JSONField(
        default=dict, blank=True, help_text=_("The preview or the import's result.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = UploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uploaded import file")
        verbose_name_plural = _("uploaded import files")

    def __str__(self):
        return self.file_name

    @property
    def is_running(self):
        return self.shown_state in {self.State.QUEUED, self.State.PREVIEWING, self.State.IMPORTING}

    @property
    def shown_state(self):
        """The state, or FAILED for a job that has run twice the time limit: its worker was
        killed outright, its transaction never committed, and nothing was written."""
        running = {self.State.QUEUED, self.State.PREVIEWING, self.State.IMPORTING}
        since = self.started_at or self.created_at
        limit = timedelta(seconds=2 * settings.IMPORT_MAX_SECONDS)
        if self.state in running and timezone.now() - since > limit:
            return self.State.FAILED
        return self.state

    def get_shown_state_display(self):
        return self.State(self.shown_state).label
