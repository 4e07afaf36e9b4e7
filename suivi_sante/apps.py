from django.apps import AppConfig


class SuiviSanteConfig(AppConfig):
    name = "suivi_sante"
    verbose_name = "Suivi individuel de santé"
