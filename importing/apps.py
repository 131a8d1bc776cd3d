from django.apps import AppConfig


class ImportingConfig(AppConfig):
    """The spreadsheet imports' engine, with the uploaded files it keeps between a preview and
    its confirmation and the background jobs that read them (docs/import.md)."""

    name = "importing"
    verbose_name = "Spreadsheet imports"
