from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals and plans")

    def ready(self):
        # Registers each proposal's status, kept from its steps, and each province's proposal
        # figures (after it: they read the status) with records.derived.
        from . import status  # noqa: F401, I001 - first: rebuild_derived keeps this order
        from . import figures  # noqa: F401
