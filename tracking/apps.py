from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = _("Partnership tracking")

    def ready(self):
        # Registers the stored province figures and the commitments' current progress with
        # records.derived.
        from . import current, figures  # noqa: F401
