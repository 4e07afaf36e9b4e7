from django.apps import AppConfig


class PdpConfig(AppConfig):
    name = "pdp"
    verbose_name = "Prévention de la désinsertion professionnelle"
