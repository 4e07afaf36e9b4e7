from django.apps import AppConfig


class SuiviSanteConfig(AppConfig):
    name = "suivi_sante"
    verbose_name = "Suivi individuel de santé"

    def ready(self) -> None:
        # What the membership area calls without importing us (adherents/hooks.py).
        from suivi_sante import hooks_headcount, hooks_import

        hooks_headcount.register()
        hooks_import.register()
