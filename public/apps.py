from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public site composed from the domain apps: home, region, province, partner pages."""

    name = "public"
    verbose_name = _("Public site")
