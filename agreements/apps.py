from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        # Registers the derived partner counts with records.derived (the search documents
        # register when the models import agreements.search).
        from . import partner_figures  # noqa: F401
