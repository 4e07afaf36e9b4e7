from django.apps import AppConfig


class TnsConfig(AppConfig):
    name = "tns"
    verbose_name = "Travailleurs indépendants"

    def ready(self) -> None:
        # Celery finds <app>.tasks only, until the lead's discovery change finds
        # <app>.<area>.tasks: import the areas' tasks so that they are registered.
        from tns.affiliations import tasks  # noqa: F401
