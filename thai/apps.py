from django.apps import AppConfig


class ThaiConfig(AppConfig):
    """Thai calendar, bilingual text and their template filters (`{% load thai %}`)."""

    name = "thai"
    verbose_name = "Thai calendar and text"

    def ready(self):
        from . import admin_dates, admin_icons

        admin_dates.install()
        admin_icons.install()
