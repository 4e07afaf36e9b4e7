"""`manage.py staff_activation_link <email> [--envoyer]`: a staff account's activation link."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import activation
from accounts.models import User


class Command(BaseCommand):
    help = (
        "Crée le lien d'activation (à usage unique, 72 h) d'un compte du service : il fixe le mot "
        "de passe et la double authentification. Les liens précédents non utilisés cessent de "
        "fonctionner."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--envoyer", action="store_true", help="envoyer aussi le lien par e-mail au compte"
        )

    def handle(self, *args, email: str, envoyer: bool, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Aucun compte pour l'adresse {email}.")
        try:
            with transaction.atomic():
                url = activation.new_link(user)
                if envoyer:
                    activation.send_link(user, url)
        except activation.ActivationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(url)
