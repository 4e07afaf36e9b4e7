from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Comptes et habilitations"

    def ready(self) -> None:
        from accounts import (
            context_snapshot,
            signals,  # noqa: F401 - registers the MFA session receiver
        )

        context_snapshot.connect()
