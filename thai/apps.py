from django.apps import AppConfig


class ThaiConfig(AppConfig):
    """Thai calendar, bilingual text and their template filters (`{% load thai %}`)."""

    name = "thai"
    verbose_name = "Thai calendar and text"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import admin_dates, admin_icons, text

        admin_dates.install()
        admin_icons.install()
        connection_created.connect(text.register_sqlite_collation, dispatch_uid="thai.collation")
