from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The four real agreements of the domain notes and the loader that writes them."""

    name = "demo"
    verbose_name = "Demo data"
