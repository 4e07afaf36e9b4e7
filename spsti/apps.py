from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SpstiConfig(AppConfig):
    name = "spsti"
    verbose_name = "Portail SPSTI"

    def ready(self):
        from spsti import history_functions

        # Every app's signal (no sender): installs on the last, after pgtrigger's and pghistory's.
        post_migrate.connect(
            history_functions.install_on_migrate, dispatch_uid="spsti.history_functions"
        )
