from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Comptes et habilitations"

    def ready(self) -> None:
        from accounts import signals  # noqa: F401 - registers the MFA session receiver
