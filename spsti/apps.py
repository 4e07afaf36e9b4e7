from django.apps import AppConfig


class SpstiConfig(AppConfig):
    name = "spsti"
    verbose_name = "Portail SPSTI"
