from django.apps import AppConfig


class TnsConfig(AppConfig):
    name = "tns"
    verbose_name = "Travailleurs indépendants"
