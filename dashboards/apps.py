from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Pilotage"

    def ready(self) -> None:
        from dashboards import selectors_reference as reference

        reference.connect()
