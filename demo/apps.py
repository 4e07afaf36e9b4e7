from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data (`manage.py seed_demo`): the one package allowed to import every
    app, since it builds a whole world; no app imports it back."""

    name = "demo"
    verbose_name = "Données de démonstration"
